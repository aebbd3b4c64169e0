"""Publish meetings as a spec-clean Meeting Guide feed (reference §14.7).

Every value is present and meaningful: no nulls, no empty strings, integer `day`, `HH:MM`
times, an IANA `timezone`, `updated` in UTC, numeric coordinates, `approximate` as
"yes"/"no", no `ONL`. Online access of a meeting whose link is for members only is left
out, and `contact_*` fields appear only for sources that allowed it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch

from kinship.directory.feeds.fields import CONTACT_FIELDS, ENTITY_FIELDS, HANDLE_PATTERNS
from kinship.directory.models import FeedSource, Meeting, text_to_codes
from kinship.directory.permissions import visible_meetings

EXTRA_FIELDS = ("url", "feedback_url", "feedback_emails", *HANDLE_PATTERNS, "district")
EXPORT_CHUNK = 2000


def public_meetings() -> QuerySet[Meeting]:
    """What anyone may see: Kinship meetings of public groups, and republished sources."""
    return (
        visible_meetings(AnonymousUser())
        .filter(Q(source__isnull=True) | Q(source__is_republished=True))
        .select_related("group", "source")
        .order_by("pk")
    )


def source_meetings(source: FeedSource) -> QuerySet[Meeting]:
    """Every active meeting of one source, for round trips and migrations."""
    return (
        Meeting.objects.filter(source=source, is_active=True)
        .select_related("group", "source")
        .order_by("pk")
    )


def _format_updated(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def _is_present(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | dict):
        return bool(value)
    return True


def _site_url(meeting: Meeting) -> str:
    try:
        return f"{settings.KINSHIP_SITE_URL}{meeting.get_absolute_url()}"
    except NoReverseMatch:
        return ""


def feed_record(meeting: Meeting, *, use_source_slug: bool = False) -> dict[str, Any]:
    """One meeting as a feed object (only present values)."""
    extra: dict[str, Any] = meeting.extra if isinstance(meeting.extra, dict) else {}
    slug = meeting.source_slug if use_source_slug and meeting.source_slug else meeting.slug
    record: dict[str, Any] = {"name": meeting.name, "slug": slug}
    if not meeting.is_by_appointment:
        assert meeting.start_time is not None  # noqa: S101  (is_by_appointment checked it)
        record["day"] = meeting.day
        record["time"] = meeting.start_time.strftime("%H:%M")
        if meeting.end_time is not None:
            record["end_time"] = meeting.end_time.strftime("%H:%M")
    record["timezone"] = meeting.timezone
    record["updated"] = _format_updated(meeting.feed_updated_at or meeting.updated_at)
    record["types"] = [code for code in text_to_codes(meeting.types) if code != "ONL"]
    record["attendance_option"] = meeting.attendance_option
    record["notes"] = meeting.notes
    record["location"] = meeting.location_name
    record["location_notes"] = meeting.location_notes
    record["formatted_address"] = meeting.formatted_address
    record["city"] = meeting.city
    record["state"] = meeting.state
    record["postal_code"] = meeting.postal_code
    record["country"] = meeting.country
    if meeting.latitude is not None and meeting.longitude is not None:
        record["latitude"] = meeting.latitude
        record["longitude"] = meeting.longitude
    record["approximate"] = "yes" if meeting.is_approximate else "no"
    regions = extra.get("regions") or ([meeting.region] if meeting.region else [])
    record["regions"] = [str(region) for region in regions if _is_present(region)]

    if not meeting.is_link_members_only:
        record["conference_url"] = meeting.conference_url
        if meeting.conference_url:
            record["conference_url_notes"] = meeting.conference_url_notes
        record["conference_phone"] = meeting.conference_phone
        if meeting.conference_phone:
            record["conference_phone_notes"] = meeting.conference_phone_notes

    if meeting.source is not None:
        _add_imported_fields(record, meeting, meeting.source, extra)
    else:
        _add_kinship_fields(record, meeting)
    return {key: value for key, value in record.items() if _is_present(value) or key == "types"}


def _add_imported_fields(
    record: dict[str, Any], meeting: Meeting, source: FeedSource, extra: dict[str, Any]
) -> None:
    record["group"] = extra.get("group")
    record["group_notes"] = extra.get("group_notes")
    for key in EXTRA_FIELDS:
        record[key] = extra.get(key)
    if source.is_contacts_published and not meeting.is_link_members_only:
        for key in CONTACT_FIELDS:
            record[key] = extra.get(key)
    entity = source.entity if isinstance(source.entity, dict) else {}
    for key in ENTITY_FIELDS:
        record[key] = entity.get(key)


def _add_kinship_fields(record: dict[str, Any], meeting: Meeting) -> None:
    group = meeting.group
    if group is not None:
        record["group"] = group.name
        handles = group.donation_handles if isinstance(group.donation_handles, dict) else {}
        for key, pattern in HANDLE_PATTERNS.items():
            value = str(handles.get(key) or "").strip()
            if pattern.fullmatch(value):
                record[key] = value
    record["url"] = _site_url(meeting)
    record["entity"] = settings.KINSHIP_ORG_NAME
    record["entity_url"] = settings.KINSHIP_SITE_URL


def feed_records(
    meetings: QuerySet[Meeting], *, use_source_slug: bool = False
) -> Iterator[dict[str, Any]]:
    for meeting in meetings.iterator(chunk_size=EXPORT_CHUNK):
        yield feed_record(meeting, use_source_slug=use_source_slug)


def feed_json(records: Iterable[dict[str, Any]]) -> str:
    """The feed document: a JSON array, one meeting per line."""
    lines = [json.dumps(record, ensure_ascii=False, separators=(",", ":")) for record in records]
    return "[\n" + ",\n".join(lines) + "\n]\n"
