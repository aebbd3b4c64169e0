"""What an import found: counts, and one issue per record problem (written as JSON)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ERROR = "error"  # the record was rejected
WARNING = "warning"  # the record was kept; a value was dropped or needs a look


@dataclass(frozen=True)
class Issue:
    """One problem with one record. Messages never quote personal data or passwords."""

    index: int
    slug: str
    field: str
    message: str
    severity: str = WARNING


@dataclass
class ImportReport:
    source: str
    records: int = 0
    meetings: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    rejected: int = 0
    issues: list[Issue] = field(default_factory=list)

    @property
    def warnings(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == WARNING]

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == ERROR]

    def counts(self) -> dict[str, int]:
        return {
            "records": self.records,
            "meetings": self.meetings,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "rejected": self.rejected,
            "warnings": len(self.warnings),
        }

    def summary(self) -> str:
        return (
            f"{self.source}: {self.added} added, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.removed} removed; "
            f"{self.rejected} records rejected, {len(self.warnings)} warnings"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "counts": self.counts(),
            "issues": [asdict(issue) for issue in self.issues],
        }

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(self.as_dict(), indent=1, ensure_ascii=False), encoding="utf-8")
