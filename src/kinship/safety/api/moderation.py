"""The moderation part of the JSON API: members flag content; moderators work the queue.

`POST /flags` is for every member. The queue and decisions are for moderators,
coordinators and admins; anyone else gets 404, as on the pages, and staff need an
authenticator app first (403 until they have one). Moderators see who flagged, except on
a case about their own words.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Path as PathParam
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from kinship.accounts.api import ERRORS, ErrorOut
from kinship.accounts.auth import api_auth
from kinship.accounts.models import User
from kinship.core.api import DATABASE_INT_MAX
from kinship.safety import permissions, queue
from kinship.safety.actions import decisions, suspensions
from kinship.safety.actions import moderation as actions
from kinship.safety.api.common import caller, check_mfa
from kinship.safety.models import ModerationDecision

router = Router(tags=["safety"], auth=api_auth)

CaseId = Annotated[int, PathParam(ge=1, le=DATABASE_INT_MAX)]
MAX_LIST = 100
ACTION_ERRORS: dict[int, type[Schema]] = {**ERRORS, 409: ErrorOut}
FlagReasonName = Literal[
    "at_risk", "harassment", "contact_details", "solicitation", "method_details", "spam", "other"
]
ActionName = Literal["approve", "hide", "edit", "warn", "suspend", "dismiss"]


class FlagIn(Schema):
    kind: str = Field(
        min_length=1, max_length=60, description="The content kind, e.g. accounts.bio"
    )
    id: str = Field(min_length=1, max_length=64, description="The content's id within its kind")
    reason: FlagReasonName
    note: str = Field(
        default="", max_length=actions.NOTE_MAX_LENGTH, description="Only moderators read it"
    )


class FlagOut(Schema):
    reason: str
    created_at: datetime
    message: str = Field(
        description="What to tell the member; for at_risk, what to do if the danger is immediate"
    )


class FlagNoteOut(Schema):
    text: str
    reporter: str | None = Field(description="Null on a case about your own words")
    created_at: datetime


class FlagGroupOut(Schema):
    reason: str
    label: str
    count: int
    notes: list[FlagNoteOut]


class DecisionOut(Schema):
    id: int
    action: str
    explanation: str = Field(description="What the member was told")
    moderator: str | None
    case_id: int | None
    created_at: datetime


class CaseOut(Schema):
    id: int
    status: str = Field(description="open or closed")
    reason: str = Field(description="held, flagged or content_rule")
    is_held: bool
    kind: str
    kind_label: str
    content_id: str
    url: str
    text: str | None = Field(description="The content now; null when it no longer exists")
    author: str | None = Field(description="The author's handle; null when the account is gone")
    is_author_suspended: bool
    flag_count: int
    flags: list[FlagGroupOut]
    earlier_decisions: int = Field(description="Decisions about this author so far")
    created_at: datetime


class CaseDetailOut(CaseOut):
    history: list[DecisionOut] = Field(description="Latest decisions about this author")
    decisions: list[DecisionOut] = Field(description="Decisions on this case")
    rule_codes: list[str] = Field(description="Content rules the text breaks")


class CasePage(Schema):
    count: int
    results: list[CaseOut]


class DecisionIn(Schema):
    action: ActionName
    explanation: str = Field(
        default="",
        max_length=decisions.EXPLANATION_MAX_LENGTH,
        description="What the member is told; a kind default when empty",
    )
    new_text: str = Field(
        default="",
        max_length=100_000,
        description="For edit: the text as it should read, details taken out",
    )
    days: int | None = Field(
        default=None,
        ge=1,
        le=suspensions.SUSPENSION_MAX_DAYS,
        description="For suspend: how long; null until a moderator lifts it",
    )


def _moderator(request: HttpRequest) -> User:
    """The caller if they moderate (404 for anyone else), with an authenticator app."""
    user = caller(request)
    permissions.check_moderate_permission(user)
    check_mfa(user)
    return user


def _problem(error: ValidationError, field: str) -> Status[Any]:
    """A refused action in the same shape as Ninja's own 422."""
    problems = [
        {"loc": ["body", "payload", field], "msg": message, "type": "value_error"}
        for message in error.messages
    ]
    return Status(422, {"detail": problems})


def _decision_out(decision: ModerationDecision) -> DecisionOut:
    return DecisionOut(
        id=decision.pk,
        action=decision.action,
        explanation=decision.explanation,
        moderator=decision.moderator.handle if decision.moderator else None,
        case_id=decision.case_id,
        created_at=decision.created_at,
    )


def _case_fields(view: queue.CaseView) -> dict[str, Any]:
    case = view.case
    return {
        "id": case.pk,
        "status": case.status,
        "reason": case.reason,
        "is_held": case.is_held,
        "kind": case.source_kind,
        "kind_label": view.kind_label,
        "content_id": case.source_id,
        "url": view.url,
        "text": view.text,
        "author": view.author_handle,
        "is_author_suspended": view.suspension is not None,
        "flag_count": view.flag_count,
        "flags": [
            FlagGroupOut(
                reason=group.reason,
                label=group.label,
                count=group.count,
                notes=[
                    FlagNoteOut(
                        text=note.text, reporter=note.reporter_handle, created_at=note.created_at
                    )
                    for note in group.notes
                ],
            )
            for group in view.flag_groups
        ],
        "earlier_decisions": view.history_count,
        "created_at": case.created_at,
    }


def _case_detail(view: queue.CaseView) -> CaseDetailOut:
    return CaseDetailOut(
        **_case_fields(view),
        history=[_decision_out(decision) for decision in view.history],
        decisions=[_decision_out(decision) for decision in view.decisions],
        rule_codes=[hit.code for hit in view.rule_hits],
    )


@router.post(
    "/flags",
    response={201: FlagOut, **ERRORS},
    summary="Tell the moderators about something (sending the same flag again changes nothing)",
)
def create_flag(request: HttpRequest, payload: FlagIn) -> Status[Any]:
    member = caller(request)
    try:
        flag = actions.flag_content(
            reporter=member,
            source_kind=payload.kind,
            source_id=payload.id,
            reason=payload.reason,
            note=payload.note,
        )
    except PermissionDenied as refused:
        raise HttpError(403, str(refused)) from None
    except ValidationError as error:
        return _problem(error, "note")
    message = actions.flag_thanks(flag.reason)
    return Status(201, FlagOut(reason=flag.reason, created_at=flag.created_at, message=message))


@router.get(
    "/moderation/cases",
    response={200: CasePage, **ERRORS},
    summary="The moderation queue: open cases, held first, then most flagged, then oldest",
)
def list_cases(
    request: HttpRequest,
    limit: Annotated[int, Query(ge=1, le=MAX_LIST)] = 20,
    offset: Annotated[int, Query(ge=0, le=DATABASE_INT_MAX)] = 0,
) -> CasePage:
    moderator = _moderator(request)
    cases = queue.open_cases()
    page = list(cases[offset : offset + limit])
    return CasePage(
        count=cases.count(),
        results=[
            CaseOut(**_case_fields(view)) for view in queue.describe_cases(page, viewer=moderator)
        ],
    )


@router.get(
    "/moderation/cases/{case_id}",
    response={200: CaseDetailOut, **ERRORS},
    summary="One moderation case",
)
def get_case(request: HttpRequest, case_id: CaseId) -> CaseDetailOut:
    moderator = _moderator(request)
    case = permissions.access_case_by_id(moderator, case_id)
    return _case_detail(queue.describe_case(case, viewer=moderator))


@router.post(
    "/moderation/cases/{case_id}/decisions",
    response={201: DecisionOut, **ACTION_ERRORS},
    summary="Decide about a case; the member is told the explanation",
)
def create_decision(request: HttpRequest, case_id: CaseId, payload: DecisionIn) -> Status[Any]:
    moderator = _moderator(request)
    case = permissions.access_case_by_id(moderator, case_id)
    try:
        decision = actions.decide_case(
            moderator=moderator,
            case=case,
            action=payload.action,
            explanation=payload.explanation,
            new_text=payload.new_text,
            days=payload.days,
        )
    except PermissionDenied as refused:
        raise HttpError(403, str(refused)) from None
    except ValidationError as error:
        if error.code == "closed":
            return Status(409, {"detail": error.messages[0]})
        field = "new_text" if error.code == "required" else "action"
        return _problem(error, field)
    return Status(201, _decision_out(decision))
