"""Staff page for the on-call rota: the next two weeks in each viewer's own time zone,
the holes, adding shifts (weekly repeats) and removing them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from kinship.accounts.models import User
from kinship.safety import permissions, queries
from kinship.safety.actions import rota
from kinship.safety.models import (
    Shift,
    ShiftPosition,
)
from kinship.safety.views.common import (
    member,
    span,
    staff_page,
    when,
    zone_name,
    zone_named,
)

ROTA = "safety/rota/index.html"
ROTA_DAYS = 14
# How far from today a new shift may start: enough to plan, never near the calendar's ends.
SHIFT_DAYS_BACK = 1
SHIFT_DAYS_AHEAD = 366
# Offered in the shift form besides the zones people on the rota already use.
COMMON_ZONES = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Puerto_Rico",
    "UTC",
)


def _rota_people() -> QuerySet[User]:
    """Who a supervisor may put on call."""
    return User.objects.filter(is_active=True, role__in=permissions.ROTA_ROLES).order_by("handle")


class ShiftForm(forms.Form):
    person = forms.ModelChoiceField(
        queryset=User.objects.none(), label=gettext_lazy("Who"), empty_label=None
    )
    day = forms.DateField(
        label=gettext_lazy("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    start = forms.TimeField(
        label=gettext_lazy("Starts at"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    end = forms.TimeField(
        label=gettext_lazy("Ends at"),
        help_text=gettext_lazy("An end at or before the start is on the next day."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    time_zone = forms.ChoiceField(label=gettext_lazy("Time zone"), required=False)
    position = forms.TypedChoiceField(
        label=gettext_lazy("Role on the shift"),
        choices=ShiftPosition.choices,
        coerce=int,
        initial=ShiftPosition.PRIMARY,
        widget=forms.RadioSelect,
    )
    weeks = forms.IntegerField(
        label=gettext_lazy("Repeat weekly for how many weeks"),
        help_text=gettext_lazy("1 means this date only."),
        min_value=1,
        max_value=rota.MAX_WEEKS,
        initial=1,
    )

    def __init__(
        self, data: Any = None, *, viewer: User, people: QuerySet[User] | None, today: date
    ) -> None:
        super().__init__(data, initial={"person": viewer.pk, "day": today})
        self.today = today
        zones = set(COMMON_ZONES) | {viewer.time_zone}
        if people is None:
            del self.fields["person"]
            own = _("My own time zone (%(zone)s)") % {"zone": zone_name(viewer.time_zone)}
        else:
            person_field = cast(forms.ModelChoiceField, self.fields["person"])  # type: ignore[type-arg]  # django-stubs: generic field
            person_field.queryset = people
            zones |= {person.time_zone for person in people}
            own = _("The person's own time zone")
        zone_field = cast(forms.ChoiceField, self.fields["time_zone"])
        zone_field.choices = [("", own), *((zone, zone_name(zone)) for zone in sorted(zones))]

    def clean_day(self) -> date:
        day: date = self.cleaned_data["day"]
        if not -SHIFT_DAYS_BACK <= (day - self.today).days <= SHIFT_DAYS_AHEAD:
            raise ValidationError(_("Pick a day from yesterday to a year from now."), code="day")
        return day


@dataclass(frozen=True)
class RotaRow:
    starts_at: datetime
    is_hole: bool
    your_time: str
    own_time: str = ""
    handle: str = ""
    position: str = ""
    shift_id: int = 0
    is_now: bool = False
    is_counted: bool = True
    can_remove: bool = False


def _labelled(words: str, zone: ZoneInfo) -> str:
    return f"{words} ({zone_name(zone.key)})"


def _hole_span(start: datetime, end: datetime, *, window_end: datetime, zone: ZoneInfo) -> str:
    """A hole in the viewer's time; one running to the window's end has no end yet."""
    if end >= window_end:
        return _labelled(_("from %(start)s on") % {"start": when(start, zone)}, zone)
    return _labelled(span(start, end, zone), zone)


def _may_remove(viewer: User, shift: Shift) -> bool:
    try:
        permissions.check_manage_shift_permission(actor=viewer, person=shift.person)
    except PermissionDenied:
        return False
    return True


def _shift_row(shift: Shift, *, viewer: User, zone: ZoneInfo, now: datetime) -> RotaRow:
    own_zone = zone_named(shift.time_zone)
    own = span(shift.starts_at, shift.ends_at, own_zone)
    same_zone = own_zone.key == zone.key
    return RotaRow(
        starts_at=shift.starts_at,
        is_hole=False,
        own_time=_labelled(own, own_zone),
        your_time="" if same_zone else _labelled(span(shift.starts_at, shift.ends_at, zone), zone),
        handle=shift.person.handle,
        position=str(ShiftPosition(shift.position).label),
        shift_id=shift.pk,
        is_now=shift.starts_at <= now < shift.ends_at,
        is_counted=shift.person.is_active,
        can_remove=_may_remove(viewer, shift),
    )


def _rota_context(viewer: User, form: ShiftForm, *, now: datetime) -> dict[str, Any]:
    zone = zone_named(viewer.time_zone)
    shifts = queries.upcoming_shifts(since=now, days=ROTA_DAYS)
    window_end = now + timedelta(days=ROTA_DAYS)
    gaps = queries.rota_gaps(start=now, end=window_end)
    rows = [_shift_row(shift, viewer=viewer, zone=zone, now=now) for shift in shifts]
    rows += [
        RotaRow(
            starts_at=start,
            is_hole=True,
            your_time=_hole_span(start, end, window_end=window_end, zone=zone),
            is_now=start <= now,
        )
        for start, end in gaps
    ]
    rows.sort(key=lambda row: (row.starts_at, not row.is_hole))
    return {
        "rows": rows,
        "hole_count": len(gaps),
        "form": form,
        "days": ROTA_DAYS,
        "zone_name": zone_name(viewer.time_zone),
        "is_supervisor": permissions.is_supervisor(viewer),
        "can_see_alerts": permissions.can_see_alerts(viewer),
    }


def _add_shifts(viewer: User, data: dict[str, Any]) -> list[Shift]:
    person: User = data.get("person") or viewer
    return rota.add_weekly_shifts(
        actor=viewer,
        person=person,
        first_day=data["day"],
        start=data["start"],
        end=data["end"],
        time_zone=data["time_zone"] or person.time_zone,
        weeks=data["weeks"],
        position=data["position"],
    )


@staff_page
def rota_page(request: HttpRequest) -> HttpResponse:
    """The next two weeks of shifts in both zones, the holes, and a form to add shifts."""
    permissions.check_see_rota_permission(request.user)
    viewer = member(request)
    now = timezone.now()
    people = _rota_people() if permissions.is_supervisor(viewer) else None
    form = ShiftForm(
        request.POST if request.method == "POST" else None,
        viewer=viewer,
        people=people,
        today=now.astimezone(zone_named(viewer.time_zone)).date(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            added = _add_shifts(viewer, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                ngettext("Added %(count)s shift.", "Added %(count)s shifts.", len(added))
                % {"count": len(added)},
            )
            return redirect("safety:rota")
    return render(request, ROTA, _rota_context(viewer, form, now=now))


@staff_page
@require_POST
def shift_remove(request: HttpRequest, shift_id: int) -> HttpResponse:
    permissions.check_see_rota_permission(request.user)
    shift = get_object_or_404(Shift.objects.select_related("person"), pk=shift_id)
    rota.remove_shift(actor=member(request), shift=shift)
    messages.success(request, _("The shift is removed."))
    return redirect("safety:rota")
