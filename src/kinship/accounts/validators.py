"""Handle rules and profile field rules.

A handle is a public pseudonym: never an e-mail address or a phone number, because people
in early recovery often type their real contact details without thinking about who reads them.
"""

from __future__ import annotations

import re
import unicodedata
import zoneinfo
from functools import cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HANDLE_MIN_LENGTH = 3
HANDLE_MAX_LENGTH = 30
HANDLE_PATTERN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$")
EMAIL_LIKE = re.compile(
    r"@|\b[A-Za-z0-9-]+\.(?:com|org|net|edu|gov|io|me|co|us|info|biz|app|dev|uk|ca|mx|es)\b"
    r"|gmail|yahoo|hotmail|icloud|protonmail",
    re.IGNORECASE,
)
RESERVED_HANDLES = frozenset(
    {
        "admin",
        "administrator",
        "moderator",
        "staff",
        "kinship",
        "support",
        "help",
        "system",
        "root",
        "null",
        "anonymous",
        "a-member",
        "me",
        "api",
        "crisis",
        "988",
        "911",
    }
)
# Language codes beyond the site's own languages: BCP 47 shape, e.g. "vi", "ase", "zh-Hant".
LANGUAGE_CODE_PATTERN = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
BIO_MAX_LENGTH = 500


def validate_handle(value: str) -> None:
    """Raise ValidationError unless `value` is an acceptable public handle."""
    if unicodedata.normalize("NFKC", value) != value or not value.isascii():
        raise ValidationError(
            _("Use letters A to Z, numbers, dots, dashes and underscores."), code="charset"
        )
    if EMAIL_LIKE.search(value):
        raise ValidationError(
            _("A handle can't be an e-mail address. Pick a nickname instead."), code="email"
        )
    if sum(character.isdigit() for character in value) >= 7:
        raise ValidationError(
            _("A handle can't look like a phone number. Use fewer digits."), code="phone"
        )
    if not HANDLE_MIN_LENGTH <= len(value) <= HANDLE_MAX_LENGTH:
        raise ValidationError(
            _("A handle needs %(minimum)s to %(maximum)s characters."),
            code="length",
            params={"minimum": HANDLE_MIN_LENGTH, "maximum": HANDLE_MAX_LENGTH},
        )
    if not HANDLE_PATTERN.match(value):
        raise ValidationError(
            _(
                "Use letters A to Z, numbers, dots, dashes and underscores, "
                "starting and ending with a letter or number."
            ),
            code="charset",
        )
    if value.lower() in RESERVED_HANDLES:
        raise ValidationError(_("That handle is reserved. Please pick another."), code="reserved")


@cache
def available_time_zones() -> frozenset[str]:
    """The IANA time zone names this machine knows."""
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    """Raise ValidationError unless `value` is an IANA time zone name, e.g. America/Chicago."""
    if value not in available_time_zones():
        raise ValidationError(
            _("Pick a time zone from the list, for example America/Chicago."),
            code="time_zone",
        )


def validate_language_code(value: str) -> None:
    """Raise ValidationError unless `value` looks like a language code, e.g. "es" or "vi"."""
    if not LANGUAGE_CODE_PATTERN.match(value):
        raise ValidationError(
            _("“%(code)s” is not a language code. Use codes like es, vi or ase."),
            code="language",
            params={"code": value},
        )


def validate_language_codes(value: object) -> None:
    """Raise ValidationError unless `value` is a list of language codes."""
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(_("Languages must be a list of codes."), code="languages")
    for code in value:
        validate_language_code(code)


HANDLE_VALIDATORS = [validate_handle]
