"""Field-level cleaners for Meeting Guide records: times, days, zones, notes, codes, links.

Each takes a raw feed value and returns the normalised value or None; `RecordParser`
(parse.py) decides whether a None means a warning or a rejected record.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterable
from datetime import UTC, datetime, time
from functools import cache
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import available_timezones

from django.utils import translation

from kinship.directory import codes

NAME_MAX = 255
NAME_RECOMMENDED_MAX = 64
SOURCE_SLUG_MAX = 100
LONG_MEETING_MINUTES = 120
ENTITY_FIELD_MAX = 100
ENTITY_FIELDS = (
    "entity",
    "entity_email",
    "entity_location",
    "entity_logo",
    "entity_phone",
    "entity_url",
)
HANDLE_PATTERNS = {
    "venmo": re.compile(r"@[A-Za-z0-9_-]{1,60}"),
    "square": re.compile(r"\$[A-Za-z0-9_-]{1,60}"),
    "paypal": re.compile(r"[A-Za-z0-9]{1,20}"),
    "homegroup_online": re.compile(r"[A-Za-z0-9_-]{1,60}"),
}
CONTACT_FIELDS = tuple(
    f"contact_{number}_{part}" for number in (1, 2, 3) for part in ("name", "email", "phone")
)
# Model field lengths (PostgreSQL enforces them; SQLite does not).
FIELD_LIMITS = {
    "location_name": 200,
    "formatted_address": 300,
    "city": 100,
    "state": 100,
    "postal_code": 20,
    "country": 60,
    "region": 200,
    "conference_phone": 60,
}
CONFERENCE_URL_MAX = 500

# Zone names people write instead of IANA names (TSML maps the same ones).
TIMEZONE_ALIASES = {
    "ET": "America/New_York",
    "EST": "America/New_York",
    "EDT": "America/New_York",
    "EASTERN": "America/New_York",
    "CT": "America/Chicago",
    "CST": "America/Chicago",
    "CDT": "America/Chicago",
    "CENTRAL": "America/Chicago",
    "MT": "America/Denver",
    "MST": "America/Denver",
    "MDT": "America/Denver",
    "MOUNTAIN": "America/Denver",
    "PT": "America/Los_Angeles",
    "PST": "America/Los_Angeles",
    "PDT": "America/Los_Angeles",
    "PACIFIC": "America/Los_Angeles",
    "AKST": "America/Anchorage",
    "AKDT": "America/Anchorage",
    "ALASKA": "America/Anchorage",
    "HST": "Pacific/Honolulu",
    "HAWAII": "Pacific/Honolulu",
    "ARIZONA": "America/Phoenix",
    "UTC": "UTC",
    "GMT": "UTC",
    "Z": "UTC",
}
DAY_NAMES = {
    name: number
    for number, names in enumerate(
        (
            ("sunday", "sun", "domingo"),
            ("monday", "mon", "lunes"),
            ("tuesday", "tue", "tues", "martes"),
            ("wednesday", "wed", "miércoles", "miercoles"),
            ("thursday", "thu", "thur", "thurs", "jueves"),
            ("friday", "fri", "viernes"),
            ("saturday", "sat", "sábado", "sabado"),
        )
    )
    for name in names
}

_TIME_24 = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
_TIME_12 = re.compile(r"(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?\s*([ap])\.?\s*m?\.?", re.IGNORECASE)
_UPDATED_STANDARD = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")
_UPDATED_FORMATS = (
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y",
)
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_BLOCK_END = re.compile(r"</(p|div|li)\s*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"[ \t\r\f\v]+")
EMAIL_PATTERN = re.compile(r"[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+")


@cache
def _known_zones() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def clean_timezone(value: str) -> str | None:
    """The IANA name for `value` (aliases such as "Eastern" mapped), or None if unknown."""
    name = value.strip()
    if not name:
        return None
    alias = TIMEZONE_ALIASES.get(name.upper())
    if alias is not None:
        return alias
    return _known_zones().get(name.lower())


@cache
def _type_lookup(program: str) -> dict[str, str]:
    """Lower-case code or English label -> canonical code, for one program."""
    known = codes.types_for_program(program)
    lookup: dict[str, str] = {}
    with translation.override("en"):
        for code, meeting_type in known.items():
            lookup.setdefault(str(meeting_type.label).lower(), code)
    for code in known:
        lookup[code.lower()] = code
    return lookup


def as_text(value: Any) -> str:
    """A trimmed single-line string from any JSON scalar ("" for null, lists, objects)."""
    if value is None or isinstance(value, bool | list | dict):
        return ""
    return str(value).strip()


def clean_notes(value: Any) -> str:
    """Plain text: <br> and block ends become line breaks, other HTML is removed."""
    if not isinstance(value, str) or not value.strip():
        return ""
    text = value
    if "<" in text:
        text = _BREAK.sub("\n", text)
        text = _BLOCK_END.sub("\n", text)
        text = _TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip()


def clean_address(text: str) -> str:
    """One line: single spaces, and no empty parts between commas."""
    parts = (" ".join(part.split()) for part in text.split(","))
    return ", ".join(part for part in parts if part)


def parse_time(value: Any) -> time | None:
    """`HH:MM` (24 h), `h:mm AM/PM`, `noon`, `midnight`; None when it cannot be read."""
    text = as_text(value).lower()
    if not text:
        return None
    if text == "noon":
        return time(12, 0)
    if text == "midnight":
        return time(0, 0)
    match = _TIME_24.fullmatch(text)
    if match:
        hour, minute = int(match[1]), int(match[2])
        if hour == 24 and minute == 0:
            return time(0, 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
        return None
    match = _TIME_12.fullmatch(text)
    if match:
        hour, minute = int(match[1]), int(match[2] or 0)
        if not 1 <= hour <= 12 or minute >= 60:
            return None
        hour %= 12
        if match[4].lower() == "p":
            hour += 12
        return time(hour, minute)
    return None


def parse_day(value: Any) -> int | None:
    """0 (Sunday) to 6; numeric strings and day names accepted. ValueError if unusable."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError("day is not a weekday")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str):
        text = value.strip().lower()
        if text.isdigit():
            number = int(text)
        elif text in DAY_NAMES:
            return DAY_NAMES[text]
        else:
            raise ValueError("day is not a weekday")
    else:
        raise ValueError("day is not a weekday")
    if not 0 <= number <= 6:
        raise ValueError(f"day {number} is outside 0 (Sunday) to 6 (Saturday)")
    return number


def parse_updated(value: Any) -> datetime | None:
    """`updated` as an aware UTC datetime; common non-standard forms accepted."""
    text = as_text(value)
    if not text:
        return None
    if _UPDATED_STANDARD.fullmatch(text):
        return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        parsed = None
    if parsed is not None:
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    for pattern in _UPDATED_FORMATS:
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def parse_coordinate(value: Any) -> float | None:
    """A number from a number or numeric string; ValueError when it is not one."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError("not a number")
    number = float(value) if isinstance(value, int | float) else float(str(value).strip())
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError("not a number")
    return number


def is_web_url(value: str, *, allow_mailto: bool = False) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    if allow_mailto and parts.scheme == "mailto":
        return bool(EMAIL_PATTERN.fullmatch(parts.path))
    return parts.scheme in {"http", "https"} and bool(parts.hostname) and " " not in value


def parse_type_codes(value: Any, program: str) -> tuple[list[str], list[str]]:
    """(canonical codes, unknown codes). ONL is dropped; O with C keeps only C."""
    if value is None:
        return [], []
    if isinstance(value, str):
        text = value.strip().strip("[]")
        items: Iterable[Any] = text.split(",")
    elif isinstance(value, list):
        items = value
    else:
        items = [value]
    lookup = _type_lookup(program)
    found: list[str] = []
    unknown: list[str] = []
    for item in items:
        if isinstance(item, dict | list) or item is None:
            continue
        text = str(item).strip().strip("\"'")
        if not text or text.upper() == "ONL":
            continue
        code = lookup.get(text.lower())
        if code is None:
            unknown.append(text[:40])
        elif code not in found:
            found.append(code)
    if "O" in found and "C" in found:
        found.remove("O")
    return sorted(found), unknown


def shorten_slug(slug: str) -> str:
    """A long slug cut to fit, made unique again by a digest of the whole slug."""
    digest = hashlib.sha256(slug.encode("utf-8")).hexdigest()[:12]
    return f"{slug[: SOURCE_SLUG_MAX - 15]}-{digest}"


def digest_of(fields: dict[str, Any]) -> str:
    encoded = json.dumps(fields, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.blake2b(encoded.encode("utf-8"), digest_size=16).hexdigest()
