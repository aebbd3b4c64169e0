"""Import a Meeting Guide feed into the directory: one transaction per feed, keyed by slug.

Meetings are matched by `(source, source_slug)`. A record whose normalised digest equals the
stored `import_hash` is left alone, so a re-import writes only what changed. Meetings that
are no longer in the feed are deactivated rather than deleted: members' saved meetings,
RSVPs and attendance history point at them, and a meeting that comes back is reactivated
under the same slug.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from django.db import connection, transaction
from django.db.models import Field
from django.utils import timezone as django_timezone
from django.utils.text import slugify

from kinship.core.audit import AuditAction, record_audit
from kinship.directory.codes import PROGRAMS
from kinship.directory.feeds.fields import clean_timezone
from kinship.directory.feeds.load import FeedError, is_url, read_feed
from kinship.directory.feeds.parse import ParsedMeeting, RecordParser
from kinship.directory.feeds.report import ERROR, ImportReport, Issue
from kinship.directory.models import FeedSource, Meeting

ProgressCallback = Callable[[str, int, int], None]
"""Called with (phase, done, total) while a feed is read and written."""

SLUG_MAX = 80
CREATE_BATCH = 1000
UPDATE_BATCH = 1000
LOOKUP_BATCH = 2000
PROGRESS_EVERY = 500
SOURCE_NAME = re.compile(r"[-a-zA-Z0-9_]{1,64}")
UPDATED_FIELDS = (
    "name",
    "notes",
    "day",
    "start_time",
    "end_time",
    "timezone",
    "feed_updated_at",
    "location_name",
    "formatted_address",
    "city",
    "state",
    "postal_code",
    "country",
    "region",
    "latitude",
    "longitude",
    "is_approximate",
    "location_notes",
    "conference_url",
    "conference_url_notes",
    "conference_phone",
    "conference_phone_notes",
    "types",
    "attendance_option",
    "extra",
    "import_hash",
    "is_active",
    "updated_at",
)

T = TypeVar("T")


def _batches(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _no_progress(phase: str, done: int, total: int) -> None:
    """Progress is optional: the default reports nothing."""


def check_import_options(*, source_name: str, program: str | None, timezone: str | None) -> str:
    """Validate the options before anything is read; returns the cleaned zone name ("")."""
    if not SOURCE_NAME.fullmatch(source_name):
        raise FeedError("a source name uses only letters, digits, - and _ (at most 64)")
    if program is not None and program not in PROGRAMS:
        raise FeedError(f"unknown program {program!r}; known: {', '.join(PROGRAMS)}")
    if not timezone:
        return ""
    cleaned = clean_timezone(timezone)
    if cleaned is None:
        raise FeedError(
            f"unknown time zone {timezone!r} (use an IANA name such as America/Chicago)"
        )
    return cleaned


def import_feed(
    *,
    location: str,
    source_name: str,
    program: str | None = None,
    timezone: str | None = None,
    max_bytes: int | None = None,
    timeout: float | None = None,
    progress: ProgressCallback = _no_progress,
) -> ImportReport:
    """Read, normalise and store a feed; FeedError (nothing written) if it is refused."""
    default_timezone = check_import_options(
        source_name=source_name, program=program, timezone=timezone
    )
    records = read_feed(location, max_bytes=max_bytes, timeout=timeout)
    known_source = FeedSource.objects.filter(name=source_name).first()
    program = program or (known_source.program if known_source else "aa")
    default_timezone = default_timezone or (known_source.default_timezone if known_source else "")

    report = ImportReport(source=source_name, records=len(records))
    meetings, entity = _parse_records(records, program, default_timezone, report, progress)
    report.meetings = len(meetings)

    with transaction.atomic():
        source, _created = FeedSource.objects.get_or_create(
            name=source_name, defaults={"program": program}
        )
        source = FeedSource.objects.select_for_update().get(pk=source.pk)
        _store(source, meetings, report, progress)
        source.program = program
        source.default_timezone = default_timezone
        if is_url(location):
            source.url = location[:500]
        source.entity = entity
        source.last_imported_at = django_timezone.now()
        source.save(
            update_fields=[
                "program",
                "default_timezone",
                "url",
                "entity",
                "last_imported_at",
                "updated_at",
            ]
        )
        record_audit(
            action=AuditAction.MEETINGS_IMPORTED,
            subject_kind="feed_source",
            subject_id=source.pk,
            data={"source": source.name, **report.counts()},
        )
    return report


def _parse_records(
    records: list[Any],
    program: str,
    default_timezone: str,
    report: ImportReport,
    progress: ProgressCallback,
) -> tuple[list[ParsedMeeting], dict[str, str]]:
    parser = RecordParser(program=program, default_timezone=default_timezone)
    meetings: dict[str, ParsedMeeting] = {}
    entity: dict[str, str] = {}
    total = len(records)
    for index, raw in enumerate(records):
        parsed = parser.parse(raw, index)
        records[index] = None  # free the raw record: feeds can be large
        report.issues.extend(parsed.issues)
        if parsed.entity and not entity:
            entity = parsed.entity
        kept = 0
        for meeting in parsed.meetings:
            if meeting.source_slug in meetings:
                report.issues.append(
                    Issue(
                        index,
                        meeting.source_slug,
                        "slug",
                        "duplicate slug: an earlier record has it; this one is dropped",
                        ERROR,
                    )
                )
                continue
            meetings[meeting.source_slug] = meeting
            kept += 1
        if not kept:
            report.rejected += 1
        if index % PROGRESS_EVERY == 0:
            progress("reading", index, total)
    progress("reading", total, total)
    return list(meetings.values()), entity


def _store(
    source: FeedSource,
    meetings: list[ParsedMeeting],
    report: ImportReport,
    progress: ProgressCallback,
) -> None:
    existing = {
        source_slug: (pk, import_hash, is_active)
        for source_slug, pk, import_hash, is_active in Meeting.objects.filter(
            source=source
        ).values_list("source_slug", "pk", "import_hash", "is_active")
    }
    to_create: list[ParsedMeeting] = []
    to_update: list[tuple[int, ParsedMeeting]] = []
    for meeting in meetings:
        found = existing.pop(meeting.source_slug, None)
        if found is None:
            to_create.append(meeting)
        elif found[1] != meeting.digest or not found[2]:
            to_update.append((found[0], meeting))
        else:
            report.unchanged += 1
    removed = [pk for pk, _digest, is_active in existing.values() if is_active]

    total = len(to_create) + len(to_update) + len(removed)
    done = 0
    slugs = allocate_slugs(source.name, [meeting.source_slug for meeting in to_create])
    for batch in _batches(to_create, CREATE_BATCH):
        Meeting.objects.bulk_create(
            [
                Meeting(
                    source=source,
                    slug=slugs[meeting.source_slug],
                    import_hash=meeting.digest,
                    **meeting.fields,
                )
                for meeting in batch
            ]
        )
        done += len(batch)
        progress("writing", done, total)
    now = django_timezone.now()
    for update_batch in _batches(to_update, UPDATE_BATCH):
        _update_rows(
            [
                (
                    pk,
                    {
                        **meeting.fields,
                        "import_hash": meeting.digest,
                        "is_active": True,
                        "updated_at": now,
                    },
                )
                for pk, meeting in update_batch
            ]
        )
        done += len(update_batch)
        progress("writing", done, total)
    for removed_batch in _batches(removed, LOOKUP_BATCH):
        Meeting.objects.filter(pk__in=removed_batch).update(is_active=False, updated_at=now)
        done += len(removed_batch)
        progress("writing", done, total)
    report.added = len(to_create)
    report.updated = len(to_update)
    report.removed = len(removed)


def _update_rows(rows: list[tuple[int, dict[str, Any]]]) -> None:
    """One parameterised UPDATE run for many rows.

    Django's bulk_update builds a CASE per field and row, which costs seconds at feed scale.
    """
    fields = [Meeting._meta.get_field(name) for name in UPDATED_FIELDS]
    concrete = [field for field in fields if isinstance(field, Field)]
    assert len(concrete) == len(fields)  # noqa: S101  (UPDATED_FIELDS are plain columns)
    columns = ", ".join(f"{connection.ops.quote_name(field.column)} = %s" for field in concrete)
    table = connection.ops.quote_name(Meeting._meta.db_table)
    key = connection.ops.quote_name("id")
    sql = f"UPDATE {table} SET {columns} WHERE {key} = %s"  # noqa: S608  (model metadata only)
    parameters = [
        [field.get_db_prep_save(values[field.name], connection) for field in concrete] + [pk]
        for pk, values in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, parameters)


def _base_slug(source_slug: str) -> str:
    base = slugify(source_slug)[:SLUG_MAX].strip("-")
    if base:
        return base
    return "meeting-" + hashlib.sha256(source_slug.encode()).hexdigest()[:10]


def _candidates(source_name: str, source_slug: str) -> list[str]:
    """Slugs to try in order: the feed's own, then prefixed by the source, then hashed."""
    base = _base_slug(source_slug)
    prefix = slugify(source_name)
    digest = hashlib.sha256(source_slug.encode()).hexdigest()[:8]
    return [
        base,
        f"{prefix}-{base}"[:SLUG_MAX].strip("-"),
        f"{prefix[:30]}-{base[: SLUG_MAX - 40]}-{digest}",
    ]


def allocate_slugs(source_name: str, source_slugs: list[str]) -> dict[str, str]:
    """A site-wide unique `Meeting.slug` for each new meeting, the same for the same input.

    The feed's slug is kept when no other meeting has it; otherwise the source name is
    prefixed, and as a last resort a digest of the feed slug is appended.
    """
    candidates = {
        source_slug: _candidates(source_name, source_slug) for source_slug in source_slugs
    }
    wanted = sorted({slug for options in candidates.values() for slug in options})
    taken: set[str] = set()
    for batch in _batches(wanted, LOOKUP_BATCH):
        taken.update(Meeting.objects.filter(slug__in=batch).values_list("slug", flat=True))
    chosen: dict[str, str] = {}
    for source_slug in source_slugs:
        options = candidates[source_slug]
        slug = next((option for option in options if option not in taken), None)
        counter = 2
        while slug is None:
            option = f"{options[-1]}-{counter}"
            if option not in taken and not Meeting.objects.filter(slug=option).exists():
                slug = option
            counter += 1
        taken.add(slug)
        chosen[source_slug] = slug
    return chosen
