"""Rules shared by the importer, the editing forms and the export.

Online access is derived from the conference fields, never declared: a link on an allowed
provider or a dial-in number makes a meeting attendable online (reference §6).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings

from kinship.directory.models import AttendanceOption

DEFAULT_CONFERENCE_PROVIDERS = (
    "bluejeans.com",
    "discord.gg",
    "freeconference.com",
    "freeconferencecall.com",
    "goto.com",
    "gotomeet.me",
    "gotomeeting.com",
    "horizon.meta.com",
    "maps.secondlife.com",
    "meet.google.com",
    "meet.jit.si",
    "meetings.dialpad.com",
    "signal.group",
    "skype.com",
    "slurl.com",
    "teams.live.com",
    "teams.microsoft.com",
    "vrchat.com",
    "webex.com",
    "zoho.com",
    "zoom.us",
)

_PHONE_KEEP = re.compile(r"[^0-9+,#*]")


def conference_providers() -> tuple[str, ...]:
    configured: list[str] = settings.KINSHIP_CONFERENCE_PROVIDERS
    return tuple(configured) if configured else DEFAULT_CONFERENCE_PROVIDERS


def is_allowed_conference_url(url: str) -> bool:
    """True for an http(s) link whose host ends with an allowed provider and has a real path."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    if parts.scheme not in {"http", "https"} or not host:
        return False
    if not any(
        host == provider or host.endswith("." + provider) for provider in conference_providers()
    ):
        return False
    return len(parts.path.strip("/")) > 3 or bool(parts.query)


def clean_conference_phone(phone: str) -> str:
    """Keep the dialling characters; "" unless at least 10 digits remain."""
    kept = _PHONE_KEEP.sub("", phone or "")
    return kept if sum(character.isdigit() for character in kept) >= 10 else ""


def derive_attendance_option(
    *, type_codes: Iterable[str], is_approximate: bool, has_online_access: bool
) -> AttendanceOption:
    """The reference's table (§6.3): TC, online access and an approximate venue decide it."""
    is_temporarily_closed = "TC" in set(type_codes)
    if is_temporarily_closed:
        return AttendanceOption.ONLINE if has_online_access else AttendanceOption.INACTIVE
    if has_online_access:
        return AttendanceOption.ONLINE if is_approximate else AttendanceOption.HYBRID
    return AttendanceOption.INACTIVE if is_approximate else AttendanceOption.IN_PERSON
