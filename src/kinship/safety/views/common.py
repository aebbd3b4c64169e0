"""What the safety staff pages share: the staff-page guard and time formatting.

As on every staff page, moderators, coordinators and admins need an authenticator app
first (peer supporters are not a staff role).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.cache import never_cache

from kinship.accounts.middleware import user_has_mfa
from kinship.accounts.models import User
from kinship.safety import permissions, queries
from kinship.safety.models import (
    Alert,
)

# How far from today a new shift may start: enough to plan, never near the calendar's ends.
# Offered in the shift form besides the zones people on the rota already use.

StaffView = Callable[..., HttpResponse]


def staff_page(view: StaffView) -> StaffView:
    """Signed in, never cached, and for staff roles an authenticator app first."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request.user, "is_staff_role", False) and not user_has_mfa(request.user):
            return redirect("accounts:mfa-required")
        return view(request, *args, **kwargs)

    return login_required(never_cache(guarded))


def member(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise Http404("No such page")
    return user


def responder(request: HttpRequest) -> User:
    """The signed-in person when they may see alerts; everyone else gets 404."""
    if not permissions.can_see_alerts(request.user):
        raise Http404("No such page")
    return member(request)


# Words for times and clocks -----------------------------------------------------------


def zone_named(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def time_of_day(moment: datetime, zone: ZoneInfo) -> str:
    return date_format(moment.astimezone(zone), pgettext("time of day", "g:i a"))


def day(moment: datetime, zone: ZoneInfo) -> str:
    return date_format(moment.astimezone(zone), pgettext("day and date", "l, F j"))


def when(moment: datetime, zone: ZoneInfo) -> str:
    """ "Tuesday, November 24, 8:00 a.m." in `zone`."""
    return _("%(day)s, %(time)s") % {
        "day": day(moment, zone),
        "time": time_of_day(moment, zone),
    }


def span(start: datetime, end: datetime, zone: ZoneInfo) -> str:
    """ "Tuesday, November 24, 8:00 a.m. to 4:00 p.m.", naming the end's day when it differs."""
    words = {
        "day": day(start, zone),
        "start": time_of_day(start, zone),
        "end_day": day(end, zone),
        "end": time_of_day(end, zone),
    }
    if start.astimezone(zone).date() == end.astimezone(zone).date():
        return _("%(day)s, %(start)s to %(end)s") % words
    return _("%(day)s, %(start)s to %(end_day)s, %(end)s") % words


def zone_name(name: str) -> str:
    return name.replace("_", " ")


def duration(seconds: int) -> str:
    """ "3 min", "1 h 5 min": time left rounds up and time late rounds down, as a clock does."""
    minutes = max(1, math.ceil(seconds / 60) if seconds >= 0 else -seconds // 60)
    if minutes < 60:
        return _("%(minutes)s min") % {"minutes": minutes}
    hours, rest = divmod(minutes, 60)
    return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": rest}


def clock_words(alert: Alert, *, now: datetime) -> str:
    """ "3 min left" or "overdue by 2 min"; once acknowledged, whether that was in time."""
    clock = queries.alert_clock(alert, now=now)
    if alert.acknowledged_at is not None:
        if clock.is_overdue:
            return _("acknowledged %(time)s late") % {"time": duration(clock.seconds_left)}
        return _("acknowledged in time")
    if clock.is_overdue:
        return _("overdue by %(time)s") % {"time": duration(clock.seconds_left)}
    return _("%(time)s left") % {"time": duration(clock.seconds_left)}


def target_words(level: str) -> str:
    minutes = settings.KINSHIP_ALERT_TARGET_MINUTES.get(level)
    if minutes is None:
        return _("Acknowledge the same day.")
    return ngettext(
        "Acknowledge within %(count)s minute.", "Acknowledge within %(count)s minutes.", minutes
    ) % {"count": minutes}


def handle(person: User | None) -> str:
    return person.handle if person is not None else ""


# The dashboard ------------------------------------------------------------------------
