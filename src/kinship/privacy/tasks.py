"""Background work for privacy: erasing accounts whose grace period has ended."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from kinship.privacy import actions


@task()
def erase_due_accounts() -> int:
    """Erase every account past its ``erase_after``; returns how many were erased."""
    return actions.erase_due_accounts(now=timezone.now())
