"""The alerts part of the JSON API, for the people on the rota and their supervisors.

Anyone else gets 404 (`permissions`), as on the pages. Staff roles (moderator and up) need an
authenticator app first, as on every staff page (403 until they have one). An alert's
record never carries the member's words; `GET /alerts/{id}/text` returns them, and each
call is audited and on the alert's timeline.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path as PathParam
from ninja import Query, Router, Schema, Status
from pydantic import Field

from kinship.accounts.api import ERRORS, ErrorOut
from kinship.accounts.auth import api_auth
from kinship.accounts.models import User
from kinship.accounts.validators import HANDLE_MAX_LENGTH
from kinship.core.api import DATABASE_INT_MAX
from kinship.safety import permissions, queries
from kinship.safety.actions import alerts
from kinship.safety.api.common import caller, check_mfa, invalid
from kinship.safety.models import (
    Alert,
    AlertEvent,
    AlertOutcome,
    AlertStatus,
)

router = Router(tags=["safety"], auth=api_auth)

AlertId = Annotated[int, PathParam(ge=1, le=DATABASE_INT_MAX)]
NOTE_MAX = 5000
MAX_LIST = 200
ACTION_ERRORS: dict[int, type[Schema]] = {**ERRORS, 409: ErrorOut}


class AlertOut(Schema):
    id: int
    reason: str
    level: str = Field(description="concern, high or imminent")
    status: str = Field(description="open, acknowledged, in_contact or resolved")
    member: str | None = Field(description="The member's handle; null when the account is gone")
    assignee: str | None
    created_at: datetime
    respond_by: datetime = Field(description="When acknowledgement is due")
    acknowledged_at: datetime | None
    resolved_at: datetime | None
    seconds_left: int = Field(
        description="Seconds to the response target, negative when late; stops at acknowledgement"
    )
    is_overdue: bool
    escalation_tier: int = Field(
        description="0 on call, 1 next on call, 2 coordinator, 3 everyone told"
    )
    outcome: str | None
    signals: list[str] = Field(description="Signal names only; the member's words are at /text")
    source_kind: str
    source_url: str
    url: str = Field(description="The alert's page")


class AlertEventOut(Schema):
    kind: str
    actor: str | None = Field(description="Who took the step; null for Kinship itself")
    note: str
    created_at: datetime
    told: list[str] = Field(description="Who was told, for notified and escalated steps")
    assigned_to: str | None
    outcome: str | None


class AlertDetailOut(AlertOut):
    events: list[AlertEventOut]


class AlertPage(Schema):
    count: int
    results: list[AlertOut]


class AlertTextOut(Schema):
    text: str


class AssignIn(Schema):
    assignee: str = Field(min_length=1, max_length=HANDLE_MAX_LENGTH, description="A handle")


class NoteIn(Schema):
    note: str = Field(min_length=1, max_length=NOTE_MAX, pattern=r"\S")


class OptionalNoteIn(Schema):
    note: str = Field(default="", max_length=NOTE_MAX)


class ResolveIn(Schema):
    outcome: AlertOutcome
    note: str = Field(default="", max_length=NOTE_MAX)


def _responder(request: HttpRequest) -> User:
    """The caller if they may see alerts (404 for anyone else)."""
    user = caller(request)
    if not permissions.can_see_alerts(user):
        raise Http404("No such alert")
    check_mfa(user)
    return user


def _alert(request: HttpRequest, alert_id: int) -> tuple[User, Alert]:
    user = caller(request)
    alert = permissions.access_alert_by_id(user, alert_id)
    check_mfa(user)
    return user, alert


def _alert_out(alert: Alert, *, now: datetime) -> dict[str, Any]:
    clock = queries.alert_clock(alert, now=now)
    return {
        "id": alert.pk,
        "reason": alert.reason,
        "level": alert.level,
        "status": alert.status,
        "member": alert.member.handle if alert.member else None,
        "assignee": alert.assignee.handle if alert.assignee else None,
        "created_at": alert.created_at,
        "respond_by": alert.respond_by,
        "acknowledged_at": alert.acknowledged_at,
        "resolved_at": alert.resolved_at,
        "seconds_left": clock.seconds_left,
        "is_overdue": clock.is_overdue,
        "escalation_tier": alert.escalation_tier,
        "outcome": alert.outcome or None,
        "signals": sorted(
            {str(s["signal"]) for s in alert.signals if isinstance(s, dict) and s.get("signal")}
        ),
        "source_kind": alert.source_kind,
        "source_url": alert.source_url,
        "url": alert.get_absolute_url(),
    }


def _events_out(events: list[AlertEvent]) -> list[AlertEventOut]:
    ids = {person for event in events for person in event.data.get("told", []) if person}
    ids |= {event.data["to"] for event in events if event.data.get("to")}
    handles = dict(User.objects.filter(pk__in=ids).values_list("pk", "handle")) if ids else {}
    return [
        AlertEventOut(
            kind=event.kind,
            actor=event.actor.handle if event.actor else None,
            note=str(event.note),
            created_at=event.created_at,
            told=[handles[p] for p in event.data.get("told", []) if p in handles],
            assigned_to=handles.get(event.data.get("to", 0)),
            outcome=event.data.get("outcome"),
        )
        for event in events
    ]


def _alerts_with_status(status: AlertStatus | None) -> QuerySet[Alert]:
    if status is None:
        return queries.open_alerts()
    if status == AlertStatus.RESOLVED:
        return (
            Alert.objects.filter(status=AlertStatus.RESOLVED)
            .select_related("member", "assignee")
            .order_by("-resolved_at", "-id")
        )
    return queries.open_alerts().filter(status=status)


@router.get(
    "/alerts",
    response={200: AlertPage, **ERRORS},
    summary="Alerts: unresolved ones by urgency, or those with one status",
)
def list_alerts(
    request: HttpRequest,
    status: AlertStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIST)] = 50,
    offset: Annotated[int, Query(ge=0, le=DATABASE_INT_MAX)] = 0,
) -> AlertPage:
    _responder(request)
    found = _alerts_with_status(status)
    now = timezone.now()
    return AlertPage(
        count=found.count(),
        results=[
            AlertOut(**_alert_out(alert, now=now)) for alert in found[offset : offset + limit]
        ],
    )


@router.get(
    "/alerts/{alert_id}",
    response={200: AlertDetailOut, **ERRORS},
    summary="An alert with its timeline (never the member's words)",
)
def get_alert(request: HttpRequest, alert_id: AlertId) -> AlertDetailOut:
    _user, alert = _alert(request, alert_id)
    events = list(alert.events.select_related("actor"))
    return AlertDetailOut(**_alert_out(alert, now=timezone.now()), events=_events_out(events))


@router.get(
    "/alerts/{alert_id}/text",
    response={200: AlertTextOut, **ERRORS},
    summary="The member's words that raised the alert (each read is audited)",
)
def get_alert_text(request: HttpRequest, alert_id: AlertId, response: HttpResponse) -> AlertTextOut:
    user, alert = _alert(request, alert_id)
    response["Cache-Control"] = "no-store"
    return AlertTextOut(text=alerts.read_alert_text(reader=user, alert=alert))


def _answer(alert: Alert) -> Status[dict[str, Any]]:
    alert = Alert.objects.select_related("member", "assignee").get(pk=alert.pk)
    return Status(200, _alert_out(alert, now=timezone.now()))


def _refused(error: ValidationError, field: str) -> Status[dict[str, Any]]:
    if any(problem.code == "resolved" for problem in error.error_list):
        return Status(409, {"detail": " ".join(error.messages)})
    return invalid(field, error.messages)


@router.post(
    "/alerts/{alert_id}/acknowledge",
    response={200: AlertOut, **ACTION_ERRORS},
    summary="Acknowledge an alert: the clock stops and you are on it",
)
def acknowledge_alert(request: HttpRequest, alert_id: AlertId) -> Status[dict[str, Any]]:
    user, alert = _alert(request, alert_id)
    try:
        alerts.acknowledge_alert(actor=user, alert=alert)
    except ValidationError as error:
        return _refused(error, "alert")
    return _answer(alert)


@router.post(
    "/alerts/{alert_id}/assign",
    response={200: AlertOut, **ACTION_ERRORS},
    summary="Hand an alert to someone on the rota or a supervisor",
)
def assign_alert(
    request: HttpRequest, alert_id: AlertId, payload: AssignIn
) -> Status[dict[str, Any]]:
    user, alert = _alert(request, alert_id)
    assignee = User.objects.filter(handle__iexact=payload.assignee, is_active=True).first()
    if assignee is None:
        return invalid("assignee", [_("No one has that handle.")])
    try:
        alerts.assign_alert(actor=user, alert=alert, assignee=assignee)
    except ValidationError as error:
        return _refused(error, "assignee")
    return _answer(alert)


@router.post(
    "/alerts/{alert_id}/in-contact",
    response={200: AlertOut, **ACTION_ERRORS},
    summary="Say you are in contact with the member",
)
def mark_in_contact(
    request: HttpRequest, alert_id: AlertId, payload: OptionalNoteIn
) -> Status[dict[str, Any]]:
    user, alert = _alert(request, alert_id)
    try:
        alerts.mark_in_contact(actor=user, alert=alert, note=payload.note.strip())
    except ValidationError as error:
        return _refused(error, "note")
    return _answer(alert)


@router.post(
    "/alerts/{alert_id}/notes",
    response={201: AlertEventOut, **ACTION_ERRORS},
    summary="Add a note to an alert's timeline",
)
def add_alert_note(request: HttpRequest, alert_id: AlertId, payload: NoteIn) -> Status[Any]:
    user, alert = _alert(request, alert_id)
    try:
        event = alerts.add_alert_note(actor=user, alert=alert, note=payload.note)
    except ValidationError as error:
        return _refused(error, "note")
    return Status(201, _events_out([event])[0])


@router.post(
    "/alerts/{alert_id}/resolve",
    response={200: AlertOut, **ACTION_ERRORS},
    summary="Resolve an alert with what happened",
)
def resolve_alert(
    request: HttpRequest, alert_id: AlertId, payload: ResolveIn
) -> Status[dict[str, Any]]:
    user, alert = _alert(request, alert_id)
    try:
        alerts.resolve_alert(
            actor=user, alert=alert, outcome=payload.outcome.value, note=payload.note.strip()
        )
    except ValidationError as error:
        return _refused(error, "outcome")
    return _answer(alert)


@router.post(
    "/alerts/{alert_id}/reopen",
    response={200: AlertOut, **ACTION_ERRORS},
    summary="Reopen a resolved alert (it comes back assigned to you)",
)
def reopen_alert(
    request: HttpRequest, alert_id: AlertId, payload: NoteIn
) -> Status[dict[str, Any]]:
    user, alert = _alert(request, alert_id)
    try:
        alerts.reopen_alert(actor=user, alert=alert, note=payload.note)
    except ValidationError as error:
        return _refused(error, "note")
    return _answer(alert)
