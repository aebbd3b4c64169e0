"""How a member's directory data is exported and erased (registered with privacy).

A member's own rows: group memberships, RSVPs, attendance, saved meetings and calendar
links (never the link's secret, which is not stored). Groups and meetings they created
belong to the community and stay; `created_by` and `marked_by` become empty on erasure.
"""

from __future__ import annotations

from typing import Any

from kinship.accounts.models import User
from kinship.directory.models import (
    Attendance,
    CalendarToken,
    GroupMembership,
    Rsvp,
    SavedMeeting,
)
from kinship.privacy.registry import register_data_handler


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def export_directory(user: User, /) -> dict[str, Any]:
    return {
        "group_memberships": [
            {
                "group": row.group.name,
                "role": row.role,
                "status": row.status,
                "accepted_guidelines_at": _when(row.accepted_guidelines_at),
                "joined_at": _when(row.created_at),
            }
            for row in GroupMembership.objects.filter(user=user)
            .select_related("group")
            .order_by("created_at", "id")
        ],
        "rsvps": [
            {"meeting": row.meeting.name, "date": row.occurrence_date.isoformat()}
            for row in Rsvp.objects.filter(user=user)
            .select_related("meeting")
            .order_by("occurrence_date", "id")
        ],
        "attendance": [
            {
                "meeting": row.meeting.name,
                "date": row.occurrence_date.isoformat(),
                "method": row.method,
            }
            for row in Attendance.objects.filter(user=user)
            .select_related("meeting")
            .order_by("occurrence_date", "id")
        ],
        "saved_meetings": [
            {"meeting": row.meeting.name, "saved_at": _when(row.created_at)}
            for row in SavedMeeting.objects.filter(user=user)
            .select_related("meeting")
            .order_by("created_at", "id")
        ],
        "calendar_links": [
            {"created_at": _when(row.created_at), "turned_off_at": _when(row.revoked_at)}
            for row in CalendarToken.objects.filter(user=user).order_by("created_at", "id")
        ],
    }


def erase_directory(user: User, /, *, keep_posts_anonymised: bool) -> None:
    # These rows only describe the member; none of them is a post others rely on.
    Rsvp.objects.filter(user=user).delete()
    Attendance.objects.filter(user=user).delete()
    SavedMeeting.objects.filter(user=user).delete()
    CalendarToken.objects.filter(user=user).delete()
    GroupMembership.objects.filter(user=user).delete()


def register() -> None:
    register_data_handler("directory", exporter=export_directory, eraser=erase_directory)
