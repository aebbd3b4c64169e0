"""Staff pages for alerts: the dashboard and one alert with its actions.

Alerts are for the people on the rota and their supervisors; everyone else gets 404 from
`permissions`. The member's words are never on a page until the responder asks for them,
and each read goes through `read_alert_text`, which audits it and puts it on the timeline.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kinship.accounts.models import User
from kinship.core.htmx import pick_template
from kinship.safety import permissions, queries
from kinship.safety.actions import alerts
from kinship.safety.models import (
    Alert,
    AlertEvent,
    AlertEventKind,
    AlertOutcome,
    AlertReason,
    AlertStatus,
    EscalationTier,
    RiskLevel,
    ShiftPosition,
)
from kinship.safety.views.common import (
    clock_words,
    handle,
    member,
    responder,
    span,
    staff_page,
    target_words,
    when,
    zone_name,
    zone_named,
)

DASHBOARD = "safety/alerts/index.html"
DETAIL = "safety/alerts/detail.html"
HOLE_WINDOW = timedelta(days=7)
RESOLVED_SHOWN = 20
# How far from today a new shift may start: enough to plan, never near the calendar's ends.
NOTE_MAX = 5000
# Offered in the shift form besides the zones people on the rota already use.


@dataclass(frozen=True)
class AlertRow:
    alert: Alert
    level: str
    reason: str
    status: str
    member: str
    assignee: str
    opened: str
    clock: str
    is_waiting: bool
    outcome: str
    resolved: str


@dataclass(frozen=True)
class OnCallRow:
    handle: str
    position: str
    until: str


@dataclass(frozen=True)
class Hole:
    is_now: bool
    words: str


def _alert_row(alert: Alert, *, now: datetime, zone: ZoneInfo) -> AlertRow:
    return AlertRow(
        alert=alert,
        level=str(RiskLevel(alert.level).label),
        reason=str(AlertReason(alert.reason).label),
        status=str(AlertStatus(alert.status).label),
        member=handle(alert.member) or _("no account"),
        assignee=handle(alert.assignee),
        opened=when(alert.created_at, zone),
        clock=clock_words(alert, now=now),
        is_waiting=alert.status == AlertStatus.OPEN,
        outcome=str(AlertOutcome(alert.outcome).label) if alert.outcome else "",
        resolved=when(alert.resolved_at, zone) if alert.resolved_at else "",
    )


def _next_hole(*, now: datetime, zone: ZoneInfo) -> Hole | None:
    window_end = now + HOLE_WINDOW
    gaps = queries.rota_gaps(start=now, end=window_end)
    if not gaps:
        return None
    start, end = gaps[0]
    is_now = start <= now
    if end >= window_end:
        words = (
            _("No one is on call from now on: the rota has no more shifts.")
            if is_now
            else _("No one is on call from %(start)s: the rota has no more shifts.")
            % {"start": when(start, zone)}
        )
    elif is_now:
        words = _("No one is on call until %(end)s.") % {"end": when(end, zone)}
    else:
        words = span(start, end, zone)
    return Hole(is_now=is_now, words=words)


def _dashboard(viewer: User, *, now: datetime) -> dict[str, Any]:
    zone = zone_named(viewer.time_zone)
    open_rows = [_alert_row(alert, now=now, zone=zone) for alert in queries.open_alerts()]
    on_call = [
        OnCallRow(
            handle=shift.person.handle,
            position=str(ShiftPosition(shift.position).label),
            until=when(shift.ends_at, zone),
        )
        for shift in queries.shifts_at(when=now)
    ]
    resolved = queries.recently_resolved_alerts()[:RESOLVED_SHOWN]
    return {
        "open_rows": open_rows,
        "waiting_count": sum(row.is_waiting for row in open_rows),
        "on_call": on_call,
        "hole": _next_hole(now=now, zone=zone),
        "resolved_rows": [_alert_row(alert, now=now, zone=zone) for alert in resolved],
        "zone_name": zone_name(viewer.time_zone),
    }


@staff_page
def alert_dashboard(request: HttpRequest) -> HttpResponse:
    """Open alerts, the most urgent first, with their clocks; who is on call; holes."""
    viewer = responder(request)
    template = pick_template(request, DASHBOARD, f"{DASHBOARD}#board")
    return render(request, template, _dashboard(viewer, now=timezone.now()))


# One alert ----------------------------------------------------------------------------


class AcknowledgeForm(forms.Form):
    """A button: nothing to fill in."""


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label=gettext_lazy("Assign to"),
        empty_label=gettext_lazy("Choose someone"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = permissions.alert_responders(now=timezone.now())
        cast(forms.ModelChoiceField, self.fields["assignee"]).queryset = people  # type: ignore[type-arg]  # django-stubs: generic field


class ContactForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("How did you reach them?"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class OutcomeRadios(forms.RadioSelect):
    """Radios whose emergency-services choice points to the written-policy reminder."""

    def create_option(
        self,
        name: str,
        value: Any,
        label: int | str,
        selected: bool,
        index: int,
        subindex: int | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value == AlertOutcome.EMERGENCY_SERVICES:
            option["attrs"]["aria-describedby"] = "emergency-policy"
        return option


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("What happened?"), choices=AlertOutcome.choices, widget=OutcomeRadios
    )
    note = forms.CharField(
        label=gettext_lazy("Anything the next person should know"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReopenForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Why reopen it?"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


@dataclass(frozen=True)
class TimelineRow:
    kind: str
    actor: str
    when: str
    note: str
    details: str


def _people_named(events: Iterable[AlertEvent]) -> dict[int, str]:
    """Handles of everyone an event's data names (told, assigned to), in one query."""
    ids: set[int] = set()
    for event in events:
        ids.update(person_id for person_id in event.data.get("told", []) if person_id)
        if event.data.get("to"):
            ids.add(event.data["to"])
    return dict(User.objects.filter(pk__in=ids).values_list("pk", "handle")) if ids else {}


def _event_details(event: AlertEvent, handles: dict[int, str]) -> str:
    data = event.data
    if event.kind == AlertEventKind.ASSIGNED and data.get("to") in handles:
        return _("to %(handle)s") % {"handle": handles[data["to"]]}
    if event.kind == AlertEventKind.RESOLVED and data.get("outcome") in AlertOutcome.values:
        return str(AlertOutcome(data["outcome"]).label)
    if event.kind in (AlertEventKind.NOTIFIED, AlertEventKind.ESCALATED, AlertEventKind.ROTA_HOLE):
        told = [handles[person_id] for person_id in data.get("told", []) if person_id in handles]
        tier = data.get("tier")
        step = (
            f"{EscalationTier(tier).label}: "
            if event.kind == AlertEventKind.ESCALATED and tier in EscalationTier.values
            else ""
        )
        if not told:
            return step + _("no one could be told")
        return step + _("told %(people)s") % {"people": ", ".join(told)}
    if event.kind == AlertEventKind.OPENED and data.get("level") in RiskLevel.values:
        level = str(RiskLevel(data["level"]).label)
        return _("raised again: %(level)s") % {"level": level} if data.get("again") else level
    return ""


def _timeline(alert: Alert, zone: ZoneInfo) -> list[TimelineRow]:
    events = list(alert.events.select_related("actor"))
    handles = _people_named(events)
    return [
        TimelineRow(
            kind=str(AlertEventKind(event.kind).label),
            actor=handle(event.actor) or _("Kinship"),
            when=when(event.created_at, zone),
            note=str(event.note),
            details=_event_details(event, handles),
        )
        for event in events
    ]


def _signal_names(signals: Any) -> list[str]:
    names = {
        str(signal["signal"])
        for signal in signals or []
        if isinstance(signal, dict) and signal.get("signal")
    }
    return sorted(name.replace("_", " ") for name in names)


def _safe_source_url(url: str) -> str:
    """Only links inside Kinship: the source is a page on this site."""
    return url if url.startswith("/") and not url.startswith("//") else ""


def _action_forms(alert: Alert) -> dict[str, forms.Form]:
    return {
        "acknowledge": AcknowledgeForm(prefix="acknowledge"),
        "assign": AssignForm(prefix="assign", initial={"assignee": alert.assignee_id}),
        "contact": ContactForm(prefix="contact"),
        "note": NoteForm(prefix="note"),
        "resolve": ResolveForm(prefix="resolve"),
        "reopen": ReopenForm(prefix="reopen"),
    }


def _detail_context(
    viewer: User,
    alert: Alert,
    *,
    words: str | None = None,
    bound: dict[str, forms.Form] | None = None,
) -> dict[str, Any]:
    now = timezone.now()
    zone = zone_named(viewer.time_zone)
    action_forms = {**_action_forms(alert), **(bound or {})}
    return {
        "alert": alert,
        "row": _alert_row(alert, now=now, zone=zone),
        "target": target_words(alert.level),
        "due": when(alert.respond_by, zone),
        "signals": _signal_names(alert.signals),
        "source_url": _safe_source_url(alert.source_url),
        "timeline": _timeline(alert, zone),
        "words": words,
        "forms": action_forms,
        "action_errors": [
            message for form in (bound or {}).values() for message in form.non_field_errors()
        ],
        "zone_name": zone_name(viewer.time_zone),
    }


@staff_page
def alert_detail(request: HttpRequest, alert_id: int) -> HttpResponse:
    alert = permissions.access_alert_by_id(request.user, alert_id)
    return render(request, DETAIL, _detail_context(member(request), alert))


@staff_page
@require_POST
def alert_text(request: HttpRequest, alert_id: int) -> HttpResponse:
    """Show the member's words: each read is audited and on the timeline."""
    alert = permissions.access_alert_by_id(request.user, alert_id)
    reader = member(request)
    words = alerts.read_alert_text(reader=reader, alert=alert)
    if getattr(request, "htmx", False):
        return render(request, f"{DETAIL}#words", {"alert": alert, "words": words})
    return render(request, DETAIL, _detail_context(reader, alert, words=words))


_Run = Callable[[User, Alert, dict[str, Any]], str]


def _act(
    request: HttpRequest, alert_id: int, name: str, form_class: type[forms.Form], run: _Run
) -> HttpResponse:
    """Check access, validate the posted form, run the action; re-show the page on an error."""
    alert = permissions.access_alert_by_id(request.user, alert_id)
    actor = member(request)
    form = form_class(request.POST, prefix=name)
    if form.is_valid():
        try:
            done = run(actor, alert, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done)
            return redirect("safety:alert-detail", alert_id=alert.pk)
    return render(request, DETAIL, _detail_context(actor, alert, bound={name: form}))


def _acknowledge(actor: User, alert: Alert, data: dict[str, Any]) -> str:
    alerts.acknowledge_alert(actor=actor, alert=alert)
    return _("Acknowledged. The clock has stopped; now reach out.")


def _assign(actor: User, alert: Alert, data: dict[str, Any]) -> str:
    assignee: User = data["assignee"]
    alerts.assign_alert(actor=actor, alert=alert, assignee=assignee)
    return _("Assigned to %(handle)s.") % {"handle": assignee.handle}


def _in_contact(actor: User, alert: Alert, data: dict[str, Any]) -> str:
    alerts.mark_in_contact(actor=actor, alert=alert, note=data["note"].strip())
    return _("Marked as in contact.")


def _note(actor: User, alert: Alert, data: dict[str, Any]) -> str:
    alerts.add_alert_note(actor=actor, alert=alert, note=data["note"])
    return _("Note added.")


def _resolve(actor: User, alert: Alert, data: dict[str, Any]) -> str:
    alerts.resolve_alert(
        actor=actor, alert=alert, outcome=data["outcome"], note=data["note"].strip()
    )
    return _("Resolved. Thank you for answering.")


def _reopen(actor: User, alert: Alert, data: dict[str, Any]) -> str:
    alerts.reopen_alert(actor=actor, alert=alert, note=data["note"])
    return _("Reopened. It is assigned to you.")


@staff_page
@require_POST
def alert_acknowledge(request: HttpRequest, alert_id: int) -> HttpResponse:
    return _act(request, alert_id, "acknowledge", AcknowledgeForm, _acknowledge)


@staff_page
@require_POST
def alert_assign(request: HttpRequest, alert_id: int) -> HttpResponse:
    return _act(request, alert_id, "assign", AssignForm, _assign)


@staff_page
@require_POST
def alert_in_contact(request: HttpRequest, alert_id: int) -> HttpResponse:
    return _act(request, alert_id, "contact", ContactForm, _in_contact)


@staff_page
@require_POST
def alert_note(request: HttpRequest, alert_id: int) -> HttpResponse:
    return _act(request, alert_id, "note", NoteForm, _note)


@staff_page
@require_POST
def alert_resolve(request: HttpRequest, alert_id: int) -> HttpResponse:
    return _act(request, alert_id, "resolve", ResolveForm, _resolve)


@staff_page
@require_POST
def alert_reopen(request: HttpRequest, alert_id: int) -> HttpResponse:
    return _act(request, alert_id, "reopen", ReopenForm, _reopen)
