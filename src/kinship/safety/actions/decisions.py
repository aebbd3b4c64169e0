"""What every moderation decision shares: the words the member is told, the record, the note.

A decision records a `ModerationDecision` with the words the member is told (encrypted),
writes an audit row (ids and codes, never the words), and notifies the member in their
own language; `notify` pushes and e-mails on commit, so a rolled-back decision tells no
one. The member is never told who flagged them, nor the flag's reason.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import override

from kinship.accounts.models import User
from kinship.core.audit import AuditAction, record_audit
from kinship.notifications.actions import notify
from kinship.safety import kinds
from kinship.safety.models import DecisionAction, ModerationCase, ModerationDecision

EXPLANATION_MAX_LENGTH = 5000
CASE_SUBJECT = "safety.moderation_case"


def default_explanation(action: str) -> str:
    """What the member is told when the moderator does not write their own words."""
    defaults = {
        DecisionAction.APPROVE: _(
            "A moderator looked at what you wrote. It is fine, and other members can see it "
            "now. Thank you for sharing."
        ),
        DecisionAction.HIDE: _(
            "A moderator hid what you wrote because it goes against our community guidelines. "
            "Only you and the moderators can see it now. You are still welcome here."
        ),
        DecisionAction.EDIT: _(
            "A moderator took some details out of what you wrote, to keep you and others "
            "safe (for example contact details, or details about ways of using or self-harm). "
            "The rest is as you wrote it."
        ),
        DecisionAction.WARN: _(
            "A moderator asked us to remind you of our community guidelines: please keep what "
            "you write kind and safe for everyone. Thank you."
        ),
        DecisionAction.SUSPEND: _(
            "A moderator paused your posting for a while because of what you wrote. This is "
            "a pause, not goodbye."
        ),
        DecisionAction.DISMISS: _("Moderators looked at this and left it as it was."),
    }
    return defaults[DecisionAction(action)]


def lift_explanation() -> str:
    """What the member is told when their suspension is lifted early."""
    return _("Your posting is open again. Welcome back.")


def explanation_or_default(action: str, explanation: str) -> str:
    """The moderator's words, trimmed, or the kind default when they wrote none."""
    text = explanation.strip()
    if len(text) > EXPLANATION_MAX_LENGTH:
        raise ValidationError(
            _("Please keep the explanation under %(limit)s characters.")
            % {"limit": EXPLANATION_MAX_LENGTH},
            code="too_long",
        )
    return text or default_explanation(action)


def record_decision(
    *,
    moderator: User,
    case: ModerationCase | None,
    member: User | None,
    action: DecisionAction,
    explanation: str,
    audit_action: AuditAction,
    data: dict[str, Any] | None = None,
) -> ModerationDecision:
    """Keep the decision and audit it; the audit row holds ids, never the words."""
    decision = ModerationDecision.objects.create(
        case=case, member=member, moderator=moderator, action=action, explanation=explanation
    )
    record_audit(
        action=audit_action,
        actor=moderator,
        subject_kind=CASE_SUBJECT if case is not None else "accounts.user",
        subject_id=case.pk if case is not None else (member.pk if member else ""),
        data={
            "decision_id": decision.pk,
            "member_id": member.pk if member else None,
            **(data or {}),
        },
    )
    return decision


def tell_member(member: User | None, *, title: str | Promise, body: str, url: str) -> None:
    """Notify the member (if their account is still active) of a moderator's decision.

    A lazy `title` is put in the member's own language.
    """
    if member is None or not member.is_active:
        return
    with override(member_language(member)):
        title = str(title)
    notify(recipient=member, kind=kinds.MODERATION, title=title, body=body, url=url)


def member_language(member: User | None) -> str:
    return (member.preferred_language if member else "") or settings.LANGUAGE_CODE
