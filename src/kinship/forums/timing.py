"""How long ago something happened, in words: "just now", "5 minutes ago", "2 days ago".

Lists show this on every row, so the largest whole unit is worked out here directly, the
same way Django's `timesince` does with depth 1 (calendar months and years, then weeks,
days, hours and minutes), without its general machinery.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.html import avoid_wrapping
from django.utils.timesince import TIME_STRINGS
from django.utils.translation import gettext as _

_UNITS = (("week", 7 * 24 * 3600), ("day", 24 * 3600), ("hour", 3600), ("minute", 60))


def age(moment: datetime, now: datetime | None = None) -> tuple[str, int]:
    """The largest whole unit between `moment` and `now`: ("month", 3), ("minute", 0)..."""
    now = (now or timezone.now()).astimezone(moment.tzinfo)
    delta = now - moment
    seconds = delta.days * 24 * 3600 + delta.seconds
    if seconds <= 0:
        return "minute", 0
    months = (now.year - moment.year) * 12 + (now.month - moment.month)
    if moment.day > now.day or (moment.day == now.day and moment.time() > now.time()):
        months -= 1
    if months >= 12:
        return "year", months // 12
    if months >= 1:
        return "month", months
    for unit, length in _UNITS:
        if seconds >= length:
            return unit, seconds // length
    return "minute", 0


def ago(moment: datetime | None, now: datetime | None = None) -> str:
    """Plain and free of time zones; under a minute is "just now"."""
    if moment is None:
        return ""
    unit, count = age(moment, now)
    if unit == "minute" and count == 0:
        return _("just now")
    return _("%(when)s ago") % {"when": avoid_wrapping(TIME_STRINGS[unit] % {"num": count})}
