"""Periodic work for the single-machine site.

`kinship serve` enqueues each job here on its interval, so an install with no cron or
systemd timers still erases accounts whose grace period has ended. Larger installs run
the same jobs from systemd timers (deploy/) and start `serve` with --no-task-worker.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    task_path: str
    every: timedelta


JOBS = [
    PeriodicJob("kinship.privacy.tasks.erase_due_accounts", timedelta(hours=1)),
    # Alerts past their response target escalate within this interval of falling due.
    PeriodicJob("kinship.safety.tasks.escalate_overdue_alerts", timedelta(seconds=30)),
    # Forum idempotency keys older than a day are no longer needed to stop a double post.
    PeriodicJob("kinship.forums.tasks.forget_old_idempotency_keys", timedelta(hours=6)),
]


def _load(task_path: str) -> Any:
    from django.utils.module_loading import import_string

    return import_string(task_path)


def enqueue_due(*, last_run: dict[str, float], now: float) -> list[str]:
    """Enqueue every job whose interval has passed since it last ran; returns their paths."""
    enqueued = []
    for job in JOBS:
        previous = last_run.get(job.task_path)
        if previous is not None and now - previous < job.every.total_seconds():
            continue
        _load(job.task_path).enqueue()
        last_run[job.task_path] = now
        enqueued.append(job.task_path)
    return enqueued


def start_scheduler(stop: threading.Event, *, poll_seconds: float = 10.0) -> threading.Thread:
    """Run `enqueue_due` in a daemon thread until `stop` is set."""

    def loop() -> None:
        from django.db import close_old_connections

        last_run: dict[str, float] = {}
        while not stop.is_set():
            try:
                enqueue_due(last_run=last_run, now=time.monotonic())
            except Exception:
                logger.exception("could not enqueue periodic jobs; trying again later")
            finally:
                close_old_connections()
            stop.wait(poll_seconds)

    thread = threading.Thread(target=loop, name="kinship-scheduler", daemon=True)
    thread.start()
    return thread
