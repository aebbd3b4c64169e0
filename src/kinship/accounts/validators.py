"""Handle rules: a public pseudonym, never an e-mail address or a phone number."""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HANDLE_PATTERN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$")
EMAIL_LIKE = re.compile(r"@|\b[A-Za-z0-9-]+\.(?:com|org|net|edu|gov|io|me|co)\b", re.IGNORECASE)
RESERVED_HANDLES = frozenset(
    {"admin", "administrator", "moderator", "staff", "kinship", "support", "help", "system",
     "root", "null", "anonymous", "a-member", "me", "api", "crisis", "988"}
)


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


HANDLE_VALIDATORS = [validate_handle]
