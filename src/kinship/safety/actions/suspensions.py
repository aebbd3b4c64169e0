"""Suspensions: a member's posting paused for some days, or until a moderator lifts it.

A suspended member still reads, gets help, asks for a peer supporter and flags; feature
apps call `kinship.safety.queries.check_can_post` before saving anything they write.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from kinship.accounts.models import User
from kinship.core.audit import AuditAction, record_audit
from kinship.safety import permissions, queries
from kinship.safety.actions.decisions import (
    EXPLANATION_MAX_LENGTH,
    explanation_or_default,
    lift_explanation,
    member_language,
    record_decision,
    tell_member,
)
from kinship.safety.models import DecisionAction, ModerationCase, Suspension

SUSPENSION_MAX_DAYS = 365


def suspend_member(
    *,
    moderator: User,
    case: ModerationCase | None = None,
    member: User | None = None,
    days: int | None,
    explanation: str = "",
) -> Suspension:
    """Pause a member's posting for `days` (None: until a moderator lifts it).

    Give the `case` that led to it, or the `member` directly. The member can still read and
    get help. A new suspension replaces one that is running.
    """
    if case is not None:
        permissions.check_decide_permission(moderator, case)
        if member is not None and member.pk != case.author_id:
            raise ValueError("member is not the case's author")
        member = case.author
    if member is None:
        raise ValidationError(_("The author's account no longer exists."), code="no_author")
    permissions.check_suspend_permission(moderator, member)
    if days is not None and not 1 <= days <= SUSPENSION_MAX_DAYS:
        raise ValidationError(
            _("Choose between 1 and %(limit)s days, or until lifted.")
            % {"limit": SUSPENSION_MAX_DAYS},
            code="days",
        )
    text = explanation_or_default(DecisionAction.SUSPEND, explanation)
    now = timezone.now()
    with transaction.atomic():
        queries.active_suspensions(now=now).filter(member=member).update(lifted_at=now)
        decision = record_decision(
            moderator=moderator,
            case=case,
            member=member,
            action=DecisionAction.SUSPEND,
            explanation=text,
            audit_action=AuditAction.MODERATION_SUSPENDED,
            data={"days": days},
        )
        suspension = Suspension.objects.create(
            member=member,
            decision=decision,
            starts_at=now,
            ends_at=now + timedelta(days=days) if days is not None else None,
        )
        with override(member_language(member)):
            ends = queries.suspension_end_text(suspension, member)
            if ends:
                title = _("Your posting is paused until %(ends)s") % {"ends": ends}
            else:
                title = _("Your posting is paused for now")
            body = "\n\n".join(
                [
                    text,
                    _(
                        "You can still read, and get help at any time: “Get help now” is at "
                        "the top of every page."
                    ),
                ]
            )
        tell_member(member, title=title, body=body, url=reverse("help"))
    return suspension


def lift_suspension(
    *, moderator: User, suspension: Suspension, explanation: str = ""
) -> Suspension:
    """End a running suspension now and tell the member they can post again."""
    member = suspension.member
    permissions.check_suspend_permission(moderator, member)
    text = explanation.strip()[:EXPLANATION_MAX_LENGTH] or lift_explanation()
    now = timezone.now()
    with transaction.atomic():
        suspension = Suspension.objects.select_for_update().get(pk=suspension.pk)
        is_running = suspension.lifted_at is None and (
            suspension.ends_at is None or suspension.ends_at > now
        )
        if not is_running:
            raise ValidationError(_("This suspension has already ended."), code="ended")
        suspension.lifted_at = now
        suspension.save(update_fields=["lifted_at"])
        record_audit(
            action=AuditAction.MODERATION_UNSUSPENDED,
            actor=moderator,
            subject_kind="accounts.user",
            subject_id=member.pk,
            data={"suspension_id": suspension.pk},
        )
        tell_member(member, title=gettext_lazy("You can post again"), body=text, url="")
    return suspension
