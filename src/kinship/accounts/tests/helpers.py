"""Small helpers for accounts tests."""

from __future__ import annotations

from typing import Any

from kinship.core.audit import AuditAction


def audit_rows(action: AuditAction, **filters: Any) -> list[Any]:
    """Audit entries of one kind, oldest first (the privacy app's hash-chained log)."""
    from kinship.privacy.models import AuditEntry

    return list(AuditEntry.objects.filter(action=action, **filters).order_by("id"))


def audit_model() -> Any:
    from kinship.privacy.models import AuditEntry

    return AuditEntry
