"""How a member's screening records are exported and erased (registered with privacy)."""

from __future__ import annotations

from typing import Any

from kinship.accounts.models import User
from kinship.privacy.registry import register_data_handler
from kinship.safety.models import Assessment


def export_assessments(user: User, /) -> dict[str, Any]:
    return {
        "screening_results": [
            {
                "source_kind": item.source_kind,
                "source_id": item.source_id,
                "channel": item.channel,
                "level": item.level,
                "signals": item.signals,
                "created_at": item.created_at.isoformat(),
            }
            for item in Assessment.objects.filter(author=user).order_by("created_at", "id")
        ]
    }


def erase_assessments(user: User, /, *, keep_posts_anonymised: bool) -> None:
    # A screening result is about the member's own words; it goes with the account.
    Assessment.objects.filter(author=user).delete()


def register() -> None:
    register_data_handler("safety", exporter=export_assessments, eraser=erase_assessments)
