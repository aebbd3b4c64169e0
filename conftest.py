"""Repository-wide test policy.

In CI (`CI=true`) a skipped test is a failure, so a missing browser or service can never
turn a run green by skipping. The one exception: tests marked `postgres` or `redis` may
skip in the run that deliberately has no DATABASE_URL / REDIS_URL (`.ci/run` runs the suite
a second time with both set, where nothing may skip).
"""

from __future__ import annotations

import os

import pytest

SERVICE_MARKERS = {"postgres": "DATABASE_URL", "redis": "REDIS_URL"}


def _skip_is_allowed(item: pytest.Item) -> bool:
    if os.environ.get("CI", "").lower() not in {"1", "true", "yes"}:
        return True
    for marker, variable in SERVICE_MARKERS.items():
        if item.get_closest_marker(marker) and not os.environ.get(variable):
            return True
    return False


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not _skip_is_allowed(item) and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where nothing may skip: {reason}"
