"""Moderation by people: holding content, members' flags, and moderators' decisions.

Content lives in the feature apps; safety reaches it through the content kind each app
registers (`kinship.safety.content`). A case is the queue's row for one piece of content:
at most one is open per content, however many flags or holds it gathers. What every
decision records and tells the member is in `decisions`; suspensions in `suspensions`.

- approve, hide, edit out details and dismiss decide about the content and close the case;
- warn and suspend are about the person: the case stays in the queue until the content
  is decided too;
- dismissing flags tells the author nothing: nothing changed for them.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinship.accounts.models import User
from kinship.core.audit import AuditAction, record_audit
from kinship.safety import permissions
from kinship.safety.actions import alerts
from kinship.safety.actions.decisions import (
    CASE_SUBJECT,
    explanation_or_default,
    record_decision,
    tell_member,
)
from kinship.safety.actions.screening import SourceRef
from kinship.safety.actions.suspensions import suspend_member
from kinship.safety.content import ContentKind, get_content_kind, is_registered
from kinship.safety.models import (
    AlertReason,
    Assessment,
    CaseReason,
    CaseStatus,
    DecisionAction,
    Flag,
    FlagReason,
    ModerationCase,
    ModerationDecision,
    RiskLevel,
)
from kinship.safety.rules import RuleHit

NOTE_MAX_LENGTH = 2000
_KIND_LIMIT = 60
_ID_LIMIT = 64
_URL_LIMIT = 300


# Cases ------------------------------------------------------------------------------------


def _kind_of(case: ModerationCase) -> ContentKind | None:
    return get_content_kind(case.source_kind) if is_registered(case.source_kind) else None


def _open_case(
    *,
    source: SourceRef,
    author: User | None,
    reason: CaseReason,
    assessment: Assessment | None = None,
) -> ModerationCase:
    """The open case for this content, locked for this transaction, or a new one."""
    source_kind = source.kind[:_KIND_LIMIT]
    source_id = str(source.id)[:_ID_LIMIT]
    lookup = {"source_kind": source_kind, "source_id": source_id, "status": CaseStatus.OPEN}
    case = ModerationCase.objects.select_for_update().filter(**lookup).first()
    if case is None:
        try:
            with transaction.atomic():
                return ModerationCase.objects.create(
                    source_kind=source_kind,
                    source_id=source_id,
                    source_url=source.url[:_URL_LIMIT],
                    author=author,
                    reason=reason,
                    assessment=assessment,
                )
        except IntegrityError:
            # Another request opened it between the read and the write.
            case = ModerationCase.objects.select_for_update().get(**lookup)
    changed = []
    if case.author_id is None and author is not None:
        case.author = author
        changed.append("author")
    if not case.source_url and source.url:
        case.source_url = source.url[:_URL_LIMIT]
        changed.append("source_url")
    if case.assessment_id is None and assessment is not None:
        case.assessment = assessment
        changed.append("assessment")
    if changed:
        case.save(update_fields=changed)
    return case


def _hold(
    *,
    source: SourceRef,
    author: User | None,
    reason: CaseReason,
    assessment: Assessment | None = None,
) -> ModerationCase:
    case = _open_case(source=source, author=author, reason=reason, assessment=assessment)
    if not case.is_held:
        case.is_held = True
        case.save(update_fields=["is_held"])
    kind = _kind_of(case)
    if kind is not None:
        kind.set_held(case.source_id, True)
    return case


def hold_content(
    *, source: SourceRef, author: User | None, assessment: Assessment | None = None
) -> ModerationCase:
    """Hold content from everyone but its author until a moderator decides.

    Opens (or reuses) the content's case, marks it held, and calls the content kind's
    `set_held(id, True)` when the kind is registered. Call it inside the write that
    saves the content. The author is not notified here: the app that holds the content
    tells them, kindly, alongside the crisis card.
    """
    with transaction.atomic():
        case = _hold(source=source, author=author, reason=CaseReason.HELD, assessment=assessment)
        record_audit(
            action=AuditAction.CONTENT_HELD,
            actor=None,
            subject_kind=CASE_SUBJECT,
            subject_id=case.pk,
            data={
                "source_kind": case.source_kind,
                "source_id": case.source_id,
                "assessment_id": assessment.pk if assessment else None,
            },
        )
    return case


def record_content_rule_hits(
    *, author: User | None, source_kind: str, hits: Sequence[RuleHit], is_public: bool
) -> None:
    """Audit that the content rules were explained to a member (the codes, no words)."""
    if not hits:
        return
    record_audit(
        action=AuditAction.CONTENT_RULE_TRIGGERED,
        actor=author,
        subject_kind=source_kind[:_KIND_LIMIT],
        data={"codes": sorted({hit.code for hit in hits}), "is_public": is_public},
    )


def hold_for_content_rules(
    *, source: SourceRef, author: User | None, hits: Sequence[RuleHit]
) -> ModerationCase:
    """Hold content a member posted after the content rules were explained to them."""
    with transaction.atomic():
        case = _hold(source=source, author=author, reason=CaseReason.CONTENT_RULE)
        record_audit(
            action=AuditAction.CONTENT_HELD,
            actor=author,
            subject_kind=CASE_SUBJECT,
            subject_id=case.pk,
            data={
                "source_kind": case.source_kind,
                "source_id": case.source_id,
                "codes": sorted({hit.code for hit in hits}),
            },
        )
    return case


def hold_new_account_post(*, source: SourceRef, author: User | None) -> ModerationCase:
    """Hold a new account's post that has a link until a moderator looks (against spam)."""
    with transaction.atomic():
        case = _hold(source=source, author=author, reason=CaseReason.NEW_ACCOUNT)
        record_audit(
            action=AuditAction.CONTENT_HELD,
            actor=author,
            subject_kind=CASE_SUBJECT,
            subject_id=case.pk,
            data={
                "source_kind": case.source_kind,
                "source_id": case.source_id,
                "reason": CaseReason.NEW_ACCOUNT.value,
            },
        )
    return case


# Flags ------------------------------------------------------------------------------------


def flag_content(
    *, reporter: User, source_kind: str, source_id: str, reason: str, note: str = ""
) -> Flag:
    """A member tells the moderators about content they can see.

    Http404 when the content does not exist or the reporter cannot see it. The same
    reporter flagging the same content for the same reason again changes nothing. "Someone
    may be at risk" also opens a high alert for the on-call rota about the author.
    """
    content = permissions.access_flaggable_content(reporter, source_kind, str(source_id))
    member = permissions.check_flag_permission(reporter, content)
    if reason not in FlagReason.values:
        raise ValidationError(_("Choose one of the reasons."), code="invalid_reason")
    note = note.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            _("Please keep the note under %(limit)s characters.") % {"limit": NOTE_MAX_LENGTH},
            code="too_long",
        )
    author = (
        User.objects.filter(pk=content.author_id).first() if content.author_id is not None else None
    )
    source = SourceRef(kind=source_kind, id=content.content_id, url=content.url)
    with transaction.atomic():
        case = _open_case(source=source, author=author, reason=CaseReason.FLAGGED)
        flag, created = Flag.objects.get_or_create(
            case=case, reporter=member, reason=reason, defaults={"note": note}
        )
        if not created:
            return flag
        record_audit(
            action=AuditAction.CONTENT_FLAGGED,
            actor=member,
            subject_kind=CASE_SUBJECT,
            subject_id=case.pk,
            data={
                "reason": reason,
                "source_kind": case.source_kind,
                "source_id": case.source_id,
                "flag_id": flag.pk,
            },
        )
        if reason == FlagReason.AT_RISK:
            alerts.open_alert(
                reason=AlertReason.FLAG,
                level=RiskLevel.HIGH,
                member=author,
                source=source,
                source_text=content.text,
            )
    return flag


# Decisions --------------------------------------------------------------------------------


def flag_thanks(reason: str) -> str:
    """What a member who flagged something is told (at risk: who was told, and 911/988)."""
    if reason == FlagReason.AT_RISK:
        return _(
            "Thank you for telling us. A peer supporter on call has been told. If someone is "
            "in immediate danger, call 911 now. If they are thinking about suicide, they or "
            "you can call or text 988, any time."
        )
    return _(
        "Thank you for telling us. A moderator will look at it. The person who wrote it "
        "will not know who told us."
    )


def _lock_open(case: ModerationCase) -> ModerationCase:
    """The case, locked and fresh; a decision about content needs it still open."""
    locked = (
        ModerationCase.objects.select_for_update(of=("self",))
        .select_related("author")
        .get(pk=case.pk)
    )
    if locked.status != CaseStatus.OPEN:
        raise ValidationError(_("Another moderator has already decided this."), code="closed")
    return locked


def _content_url(case: ModerationCase) -> str:
    kind = _kind_of(case)
    if kind is not None and kind.get_url is not None:
        return kind.get_url(case.source_id) or case.source_url
    return case.source_url


def _close(case: ModerationCase) -> None:
    case.status = CaseStatus.CLOSED
    case.closed_at = timezone.now()
    case.save(update_fields=["status", "closed_at"])


def approve_case(
    *, moderator: User, case: ModerationCase, explanation: str = ""
) -> ModerationDecision:
    """The content is fine: release it if it was held, and close the case."""
    permissions.check_decide_permission(moderator, case)
    text = explanation_or_default(DecisionAction.APPROVE, explanation)
    with transaction.atomic():
        case = _lock_open(case)
        kind = _kind_of(case)
        if case.is_held and kind is not None:
            kind.set_held(case.source_id, False)
        _close(case)
        decision = record_decision(
            moderator=moderator,
            case=case,
            member=case.author,
            action=DecisionAction.APPROVE,
            explanation=text,
            audit_action=AuditAction.MODERATION_APPROVED,
            data={"was_held": case.is_held},
        )
        # Only a held author was waiting; a flag the author never knew of stays unmentioned.
        if case.is_held:
            tell_member(
                case.author,
                title=gettext_lazy("Other members can see what you wrote now"),
                body=text,
                url=_content_url(case),
            )
    return decision


def hide_content(
    *, moderator: User, case: ModerationCase, explanation: str = ""
) -> ModerationDecision:
    """Hide the content from everyone but its author and the moderators, and close the case."""
    permissions.check_decide_permission(moderator, case)
    text = explanation_or_default(DecisionAction.HIDE, explanation)
    with transaction.atomic():
        case = _lock_open(case)
        kind = _kind_of(case)
        if kind is not None:
            kind.hide(case.source_id)
        _close(case)
        decision = record_decision(
            moderator=moderator,
            case=case,
            member=case.author,
            action=DecisionAction.HIDE,
            explanation=text,
            audit_action=AuditAction.MODERATION_HIDDEN,
        )
        tell_member(
            case.author,
            title=gettext_lazy("A moderator hid something you wrote"),
            body=text,
            url=_content_url(case),
        )
    return decision


def edit_out_details(
    *, moderator: User, case: ModerationCase, new_text: str, note: str = ""
) -> ModerationDecision:
    """Replace the text with the moderator's edit, release it if held, and close the case.

    `note` is what the author is told about the edit.
    """
    permissions.check_decide_permission(moderator, case)
    edited = new_text.strip()
    if not edited:
        raise ValidationError(
            _("Write the text as it should read, with the details taken out."), code="required"
        )
    text = explanation_or_default(DecisionAction.EDIT, note)
    with transaction.atomic():
        case = _lock_open(case)
        kind = _kind_of(case)
        if kind is None:
            raise ValidationError(_("This content can no longer be edited."), code="unknown_kind")
        kind.replace_text(case.source_id, edited)
        if case.is_held:
            kind.set_held(case.source_id, False)
        _close(case)
        decision = record_decision(
            moderator=moderator,
            case=case,
            member=case.author,
            action=DecisionAction.EDIT,
            explanation=text,
            audit_action=AuditAction.MODERATION_EDITED,
        )
        tell_member(
            case.author,
            title=gettext_lazy("A moderator edited something you wrote"),
            body=text,
            url=_content_url(case),
        )
    return decision


def dismiss_flags(
    *, moderator: User, case: ModerationCase, explanation: str = ""
) -> ModerationDecision:
    """The flags were not borne out: close the case and leave the content as it is.

    The author is not told: they were never affected. Held content needs approve, edit or
    hide instead, because someone has to release it.
    """
    permissions.check_decide_permission(moderator, case)
    text = explanation_or_default(DecisionAction.DISMISS, explanation)
    with transaction.atomic():
        case = _lock_open(case)
        if case.is_held:
            raise ValidationError(
                _("This is held from other members: approve it, edit it or hide it instead."),
                code="held",
            )
        _close(case)
        return record_decision(
            moderator=moderator,
            case=case,
            member=case.author,
            action=DecisionAction.DISMISS,
            explanation=text,
            audit_action=AuditAction.MODERATION_DISMISSED,
            data={"flags": case.flags.count()},
        )


def warn_member(
    *, moderator: User, case: ModerationCase, explanation: str = ""
) -> ModerationDecision:
    """Send the author a warning about what they wrote; the case stays as it is."""
    permissions.check_decide_permission(moderator, case)
    member = case.author
    if member is None:
        raise ValidationError(_("The author's account no longer exists."), code="no_author")
    text = explanation_or_default(DecisionAction.WARN, explanation)
    with transaction.atomic():
        decision = record_decision(
            moderator=moderator,
            case=case,
            member=member,
            action=DecisionAction.WARN,
            explanation=text,
            audit_action=AuditAction.MODERATION_WARNED,
        )
        tell_member(
            member,
            title=gettext_lazy("A message from the moderators"),
            body=text,
            url=_content_url(case),
        )
    return decision


def decide_case(
    *,
    moderator: User,
    case: ModerationCase,
    action: str,
    explanation: str = "",
    new_text: str = "",
    days: int | None = None,
) -> ModerationDecision:
    """One entry point for pages and the API: run the action a moderator chose."""
    if action == DecisionAction.APPROVE:
        return approve_case(moderator=moderator, case=case, explanation=explanation)
    if action == DecisionAction.HIDE:
        return hide_content(moderator=moderator, case=case, explanation=explanation)
    if action == DecisionAction.EDIT:
        return edit_out_details(moderator=moderator, case=case, new_text=new_text, note=explanation)
    if action == DecisionAction.WARN:
        return warn_member(moderator=moderator, case=case, explanation=explanation)
    if action == DecisionAction.SUSPEND:
        suspension = suspend_member(
            moderator=moderator, case=case, days=days, explanation=explanation
        )
        assert suspension.decision is not None  # noqa: S101  # suspend_member always records one
        return suspension.decision
    if action == DecisionAction.DISMISS:
        return dismiss_flags(moderator=moderator, case=case, explanation=explanation)
    raise ValidationError(_("Choose one of the actions."), code="invalid_action")
