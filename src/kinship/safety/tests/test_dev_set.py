"""The development set: per-level recall and false alarms against the issue's bars."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from kinship.safety.screening import LEVELS, assess

REPO_ROOT = Path(__file__).resolve().parents[4]
DEV_SET = REPO_ROOT.parent / "shared" / "data" / "crisis-dev.jsonl"


def _rows() -> list[dict[str, str]]:
    if not DEV_SET.exists():
        pytest.skip(f"development set not found at {DEV_SET} (the shared folder beside the repo)")
    with DEV_SET.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def _figures() -> dict[str, float]:
    totals: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    for row in _rows():
        expected = LEVELS.index(row["level"])
        got = LEVELS.index(assess(row["text"], channel=row.get("channel", "")).level)
        totals[row["level"]] += 1
        if row["level"] == "none":
            caught["none_false_alarm"] += got > 0
        elif row["level"] == "imminent":
            caught["imminent_at_least_high"] += got >= LEVELS.index("high")
            caught["imminent_exact"] += got == expected
        else:
            caught[row["level"]] += got >= expected
    return {
        "imminent_at_least_high": caught["imminent_at_least_high"] / totals["imminent"],
        "imminent_exact": caught["imminent_exact"] / totals["imminent"],
        "high_at_least_high": caught["high"] / totals["high"],
        "concern_at_least_concern": caught["concern"] / totals["concern"],
        "none_false_alarm_rate": caught["none_false_alarm"] / totals["none"],
    }


def test_development_set_meets_the_bars(capsys):
    figures = _figures()
    with capsys.disabled():
        print("\ncrisis-dev figures: " + ", ".join(f"{k} {v:.1%}" for k, v in figures.items()))
    assert figures["imminent_at_least_high"] == 1.0
    assert figures["imminent_exact"] >= 0.90
    assert figures["high_at_least_high"] >= 0.95
    assert figures["concern_at_least_concern"] >= 0.85
    assert figures["none_false_alarm_rate"] <= 0.05
