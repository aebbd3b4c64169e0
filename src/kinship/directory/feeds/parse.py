"""Lenient normalisation of Meeting Guide feed records (reference §10).

Each record is repaired where it can be (N), kept with a warning where a value has to be
dropped (W), or rejected with an error when it cannot be used at all (E). The result is a
dict of `Meeting` field values plus a digest of them, so a re-import can tell unchanged
records apart without touching the database row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any

from kinship.directory import rules
from kinship.directory.feeds.fields import (
    CONFERENCE_URL_MAX,
    CONTACT_FIELDS,
    EMAIL_PATTERN,
    ENTITY_FIELD_MAX,
    ENTITY_FIELDS,
    FIELD_LIMITS,
    HANDLE_PATTERNS,
    LONG_MEETING_MINUTES,
    NAME_MAX,
    NAME_RECOMMENDED_MAX,
    SOURCE_SLUG_MAX,
    as_text,
    clean_address,
    clean_notes,
    clean_timezone,
    digest_of,
    is_web_url,
    parse_coordinate,
    parse_day,
    parse_time,
    parse_type_codes,
    parse_updated,
    shorten_slug,
)
from kinship.directory.feeds.report import ERROR, WARNING, Issue


class RecordRejected(Exception):
    """The record cannot be used; `field` and the message say why."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name
        self.message = message


@dataclass
class ParsedMeeting:
    """One weekly meeting from a record (a `day` array gives several)."""

    source_slug: str
    fields: dict[str, Any]
    digest: str
    index: int


@dataclass
class ParsedRecord:
    meetings: list[ParsedMeeting] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    entity: dict[str, str] = field(default_factory=dict)


class RecordParser:
    """Normalise the records of one feed, read in one program with one default zone."""

    def __init__(self, *, program: str, default_timezone: str) -> None:
        self.program = program
        self.default_timezone = default_timezone

    def parse(self, raw: Any, index: int) -> ParsedRecord:
        result = ParsedRecord()
        slug = as_text(raw.get("slug")) if isinstance(raw, dict) else ""
        if not isinstance(raw, dict):
            result.issues.append(Issue(index, "", "", "record is not an object", ERROR))
            return result

        def warn(field_name: str, message: str) -> None:
            result.issues.append(Issue(index, slug, field_name, message, WARNING))

        try:
            self._parse_into(raw, index, slug, warn, result)
        except RecordRejected as rejection:
            result.meetings = []
            result.issues.append(Issue(index, slug, rejection.field, rejection.message, ERROR))
        return result

    def _parse_into(
        self,
        raw: dict[str, Any],
        index: int,
        slug: str,
        warn: Callable[[str, str], None],
        result: ParsedRecord,
    ) -> None:
        if not slug:
            raise RecordRejected("slug", "no slug: a record needs one to be kept up to date")

        days = self._days(raw.get("day"))
        start_time, end_time = self._times(raw, warn)
        if days == [None] or start_time is None:
            warn("day" if days == [None] else "time", "no day and time: listed as by appointment")
            days, start_time, end_time = [None], None, None

        timezone = self._timezone(raw, warn)
        fields: dict[str, Any] = {
            "name": self._name(raw, warn),
            "notes": clean_notes(raw.get("notes")),
            "start_time": start_time,
            "end_time": end_time,
            "timezone": timezone,
            "feed_updated_at": self._updated(raw, warn),
        }
        fields.update(self._place(raw, warn))
        fields.update(self._online(raw, warn))
        type_codes = self._types(raw, warn)
        fields["types"] = ",".join(type_codes).join(",,") if type_codes else ""
        fields["attendance_option"] = str(
            rules.derive_attendance_option(
                type_codes=type_codes,
                is_approximate=fields["is_approximate"],
                has_online_access=bool(fields["conference_url"] or fields["conference_phone"]),
            )
        )
        if fields["attendance_option"] == "inactive":
            warn(
                "attendance_option",
                "no specific address and no online access: listed as inactive",
            )
        fields["extra"] = self._extra(raw, warn)
        result.entity = self._entity(raw, warn)

        if len(slug) > SOURCE_SLUG_MAX - 2:
            warn("slug", f"slug is longer than {SOURCE_SLUG_MAX - 2} characters: shortened")
            slug = shorten_slug(slug)
        is_expanded = isinstance(raw.get("day"), list)
        for day in days:
            source_slug = f"{slug}-{day}" if is_expanded and day is not None else slug
            meeting_fields = {**fields, "day": day, "source_slug": source_slug}
            result.meetings.append(
                ParsedMeeting(source_slug, meeting_fields, digest_of(meeting_fields), index)
            )

    def _days(self, value: Any) -> list[int | None]:
        values = value if isinstance(value, list) else [value]
        try:
            days = sorted({day for day in (parse_day(item) for item in values) if day is not None})
        except ValueError as error:
            raise RecordRejected("day", str(error)) from None
        return list(days) or [None]

    def _times(
        self, raw: dict[str, Any], warn: Callable[[str, str], None]
    ) -> tuple[time | None, time | None]:
        start_time = parse_time(raw.get("time"))
        if start_time is None and as_text(raw.get("time")):
            warn("time", "time is not a clock time (HH:MM)")
        end_time = parse_time(raw.get("end_time"))
        if end_time is None and as_text(raw.get("end_time")):
            warn("end_time", "end_time is not a clock time (HH:MM): dropped")
        if start_time is None or end_time is None:
            return start_time, end_time
        start_minutes = start_time.hour * 60 + start_time.minute
        end_minutes = end_time.hour * 60 + end_time.minute
        if end_minutes <= start_minutes:
            warn("end_time", "ends at or before its start: read as ending the next day")
            end_minutes += 24 * 60
        if end_minutes - start_minutes > LONG_MEETING_MINUTES:
            warn("end_time", f"lasts more than {LONG_MEETING_MINUTES} minutes")
        return start_time, end_time

    def _timezone(self, raw: dict[str, Any], warn: Callable[[str, str], None]) -> str:
        given = as_text(raw.get("timezone"))
        if given:
            zone = clean_timezone(given)
            if zone is not None:
                return zone
            warn("timezone", f"unknown time zone {given[:64]!r}: the feed's default is used")
        if self.default_timezone:
            return self.default_timezone
        raise RecordRejected(
            "timezone", "no usable time zone (give the feed a default with --timezone)"
        )

    def _name(self, raw: dict[str, Any], warn: Callable[[str, str], None]) -> str:
        name = " ".join(as_text(raw.get("name")).split())
        if not name:
            name = as_text(raw.get("location")) or as_text(raw.get("group")) or "Meeting"
            warn("name", "no name: named after its location or group")
        if len(name) > NAME_MAX:
            warn("name", f"name is longer than {NAME_MAX} characters: shortened")
            name = name[:NAME_MAX]
        elif len(name) > NAME_RECOMMENDED_MAX:
            warn("name", f"name is longer than {NAME_RECOMMENDED_MAX} characters: apps may cut it")
        return name

    def _updated(self, raw: dict[str, Any], warn: Callable[[str, str], None]) -> datetime | None:
        updated = parse_updated(raw.get("updated"))
        if updated is None and as_text(raw.get("updated")):
            warn("updated", "updated is not a date and time: dropped")
        return updated

    def _place(self, raw: dict[str, Any], warn: Callable[[str, str], None]) -> dict[str, Any]:
        street = as_text(raw.get("address")).split("@", 1)[0].strip().rstrip(",")
        city = as_text(raw.get("city"))
        state = as_text(raw.get("state"))
        postal_code = as_text(raw.get("postal_code"))
        country = as_text(raw.get("country"))
        if country.upper() in {"US", "USA", "UNITED STATES"}:
            country = "USA"
            if postal_code.isdigit() and len(postal_code) < 5:
                postal_code = postal_code.zfill(5)
        formatted = clean_address(as_text(raw.get("formatted_address")))
        is_built = not formatted
        if is_built:
            state_postal = " ".join(part for part in (state, postal_code) if part)
            formatted = clean_address(", ".join((street, city, state_postal, country)))
        if not formatted:
            raise RecordRejected(
                "formatted_address", "no address: a meeting needs at least a city or region"
            )
        place: dict[str, Any] = {
            "location_name": as_text(raw.get("location")),
            "formatted_address": formatted,
            "city": city,
            "state": state,
            "postal_code": postal_code,
            "country": country,
            "location_notes": clean_notes(raw.get("location_notes")),
        }
        for name, limit in FIELD_LIMITS.items():
            if name in place and len(place[name]) > limit:
                warn(name, f"{name} is longer than {limit} characters: shortened")
                place[name] = place[name][:limit]

        regions = self._regions(raw)
        place["region"] = regions[-1][: FIELD_LIMITS["region"]] if regions else ""
        place["latitude"], place["longitude"], box = self._coordinates(raw, warn)
        # Reference §7: a street makes an atomic address specific; a one-line address is
        # specific when it has at least 4 comma-separated parts.
        looks_specific = (
            bool(street) if is_built else len([p for p in formatted.split(",") if p.strip()]) >= 4
        )
        place["is_approximate"] = self._is_approximate(raw, looks_specific, box)
        return place

    def _regions(self, raw: dict[str, Any]) -> list[str]:
        given = raw.get("regions")
        if isinstance(given, list):
            regions = [as_text(item) for item in given]
        else:
            regions = [as_text(raw.get(key)) for key in ("region", "sub_region", "sub_sub_region")]
        return [region for region in regions if region]

    def _coordinates(
        self, raw: dict[str, Any], warn: Callable[[str, str], None]
    ) -> tuple[float | None, float | None, bool]:
        latitude_value, longitude_value = raw.get("latitude"), raw.get("longitude")
        is_box = False
        coordinates = as_text(raw.get("coordinates"))
        if latitude_value in (None, "") and coordinates:
            parts = coordinates.split(",")
            is_box = len(parts) == 4
            if len(parts) in (2, 4):
                latitude_value, longitude_value = parts[0], parts[1]
        try:
            latitude = parse_coordinate(latitude_value)
            longitude = parse_coordinate(longitude_value)
        except ValueError:
            warn("latitude", "latitude/longitude are not numbers: dropped")
            return None, None, is_box
        if latitude is None or longitude is None:
            if latitude is not None or longitude is not None:
                warn("latitude", "only one of latitude/longitude given: dropped")
            return None, None, is_box
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            warn("latitude", "latitude/longitude out of range: dropped")
            return None, None, is_box
        return latitude, longitude, is_box

    def _is_approximate(self, raw: dict[str, Any], looks_specific: bool, is_box: bool) -> bool:
        given = raw.get("approximate")
        if isinstance(given, bool):
            return given
        text = as_text(given).lower()
        if text in {"yes", "true", "1"}:
            return True
        if text in {"no", "false", "0"}:
            return False
        if is_box:
            return True
        return not looks_specific

    def _online(self, raw: dict[str, Any], warn: Callable[[str, str], None]) -> dict[str, Any]:
        url = as_text(raw.get("conference_url"))
        url_notes = clean_notes(raw.get("conference_url_notes"))
        if url and (len(url) > CONFERENCE_URL_MAX or not rules.is_allowed_conference_url(url)):
            warn(
                "conference_url",
                "conference_url is not a meeting link on an allowed provider: "
                "dropped with its notes",
            )
            url = ""
        phone_given = as_text(raw.get("conference_phone"))
        phone = rules.clean_conference_phone(phone_given)[: FIELD_LIMITS["conference_phone"]]
        if phone_given and not phone:
            warn(
                "conference_phone",
                "conference_phone has fewer than 10 digits: dropped with its notes",
            )
        return {
            "conference_url": url,
            "conference_url_notes": url_notes if url else "",
            "conference_phone": phone,
            "conference_phone_notes": (
                clean_notes(raw.get("conference_phone_notes")) if phone else ""
            ),
        }

    def _types(self, raw: dict[str, Any], warn: Callable[[str, str], None]) -> list[str]:
        type_codes, unknown = parse_type_codes(raw.get("types"), self.program)
        for code in unknown:
            warn("types", f"unknown type {code!r} for program {self.program}: dropped")
        return type_codes

    def _extra(self, raw: dict[str, Any], warn: Callable[[str, str], None]) -> dict[str, Any]:
        extra: dict[str, Any] = {}
        for key in ("url", "feedback_url"):
            value = as_text(raw.get(key))
            if not value:
                continue
            if is_web_url(value, allow_mailto=key == "feedback_url"):
                extra[key] = value
            else:
                warn(key, f"{key} is not an absolute web address: dropped")
        emails = self._emails(raw.get("feedback_emails"), warn)
        if emails:
            extra["feedback_emails"] = emails
        for key, pattern in HANDLE_PATTERNS.items():
            value = as_text(raw.get(key))
            if not value:
                continue
            if pattern.fullmatch(value):
                extra[key] = value
            else:
                warn(key, f"{key} is not a valid handle: dropped")
        for key in CONTACT_FIELDS:
            value = as_text(raw.get(key))
            if value:
                extra[key] = value
                if key.endswith("_name") and len(value.split()) > 1 and len(value.split()[-1]) > 2:
                    warn(key, "contact name may include a last name; check it")
        for key in ("group", "district"):
            value = as_text(raw.get(key))
            if value:
                extra[key] = value
        group_notes = clean_notes(raw.get("group_notes"))
        if group_notes:
            extra["group_notes"] = group_notes
        regions = self._regions(raw)
        if regions:
            extra["regions"] = regions
        return extra

    def _emails(self, value: Any, warn: Callable[[str, str], None]) -> list[str]:
        if isinstance(value, str):
            items: list[Any] = value.replace(";", ",").split(",")
        elif isinstance(value, list):
            items = value
        else:
            return []
        emails: list[str] = []
        for item in items:
            text = as_text(item)
            if not text:
                continue
            if EMAIL_PATTERN.fullmatch(text):
                emails.append(text)
            else:
                warn("feedback_emails", "feedback_emails has an entry that is not an address")
        return emails

    def _entity(self, raw: dict[str, Any], warn: Callable[[str, str], None]) -> dict[str, str]:
        entity: dict[str, str] = {}
        for key in (*ENTITY_FIELDS, "entity_website_url"):
            value = as_text(raw.get(key))
            if not value:
                continue
            target = "entity_url" if key == "entity_website_url" else key
            if target in {"entity_url", "entity_logo"} and not is_web_url(value):
                warn(key, f"{key} is not an absolute web address: dropped")
                continue
            is_url = target in {"entity_url", "entity_logo"}
            entity.setdefault(target, value if is_url else value[:ENTITY_FIELD_MAX])
        if entity and "entity" not in entity:
            warn("entity", "entity_* fields without an entity name: ignored")
            return {}
        return entity
