"""The audit hook every layer calls; the privacy app installs the recorder.

`core` and `accounts` sit below `privacy`, so they cannot import its audit log. They call
`record_audit` here, and `privacy` registers the function that writes the hash-chained row
in its `AppConfig.ready()`. The row is written in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db import models


class AuditAction(models.TextChoices):
    """Every kind of audited event, for every app, in one place."""

    USER_CREATED = "account.created", "Account created"
    SIGNED_IN = "account.signed_in", "Signed in"
    SIGN_IN_FAILED = "account.sign_in_failed", "Sign-in failed"
    SIGNED_OUT = "account.signed_out", "Signed out"
    PASSWORD_CHANGED = "account.password_changed", "Password changed"
    PASSWORD_RESET = "account.password_reset", "Password reset"
    EMAIL_CHANGED = "account.email_changed", "E-mail changed"
    ROLE_CHANGED = "account.role_changed", "Role changed"
    PROFILE_UPDATED = "account.profile_updated", "Profile updated"
    MFA_ENABLED = "account.mfa_enabled", "Two-step sign-in turned on"
    MFA_DISABLED = "account.mfa_disabled", "Two-step sign-in turned off"
    TOKEN_CREATED = "token.created", "API token created"
    TOKEN_REVOKED = "token.revoked", "API token revoked"
    CONSENT_GRANTED = "consent.granted", "Consent granted"
    CONSENT_REVOKED = "consent.revoked", "Consent revoked"
    DATA_EXPORTED = "privacy.exported", "Data exported"
    DELETION_REQUESTED = "privacy.deletion_requested", "Account deletion requested"
    DELETION_CANCELLED = "privacy.deletion_cancelled", "Account deletion cancelled"
    ACCOUNT_ERASED = "privacy.erased", "Account erased"
    KEYS_ROTATED = "privacy.keys_rotated", "Encryption keys rotated"
    SENSITIVE_READ = "privacy.sensitive_read", "Sensitive record read"
    MEETINGS_IMPORTED = "directory.meetings_imported", "Meeting feed imported"
    FEED_SOURCE_CHANGED = "directory.feed_source_changed", "Meeting feed source changed"
    GROUP_CREATED = "directory.group_created", "Group created"
    GROUP_UPDATED = "directory.group_updated", "Group changed"
    MEETING_CREATED = "directory.meeting_created", "Meeting created"
    MEETING_UPDATED = "directory.meeting_updated", "Meeting changed"
    GROUP_JOINED = "directory.group_joined", "Joined a group"
    GROUP_JOIN_REQUESTED = "directory.group_join_requested", "Asked to join a group"
    GROUP_LEFT = "directory.group_left", "Left a group"
    MEMBERSHIP_APPROVED = "directory.membership_approved", "Group membership approved"
    MEMBERSHIP_DECLINED = "directory.membership_declined", "Group membership declined"
    RSVP_ADDED = "directory.rsvp_added", "Said they would come to a meeting"
    RSVP_CANCELLED = "directory.rsvp_cancelled", "Cancelled a meeting RSVP"
    ATTENDANCE_CHECKED_IN = "directory.checked_in", "Checked in at a meeting"
    ATTENDANCE_MARKED = "directory.attendance_marked", "Meeting attendance marked"
    MEETING_SAVED = "directory.meeting_saved", "Meeting saved to my meetings"
    MEETING_UNSAVED = "directory.meeting_unsaved", "Meeting removed from my meetings"
    CALENDAR_TOKEN_CREATED = "directory.calendar_token_created", "Calendar link created"
    CALENDAR_TOKEN_REVOKED = "directory.calendar_token_revoked", "Calendar link turned off"
    CONTENT_SCREENED = "safety.screened", "Content screened at concern or above"
    ALERT_OPENED = "safety.alert_opened", "Safety alert opened"
    ALERT_ACKNOWLEDGED = "safety.alert_acknowledged", "Safety alert acknowledged"
    ALERT_ASSIGNED = "safety.alert_assigned", "Safety alert assigned"
    ALERT_IN_CONTACT = "safety.alert_in_contact", "In contact about a safety alert"
    ALERT_NOTE_ADDED = "safety.alert_note_added", "Note added to a safety alert"
    ALERT_ESCALATED = "safety.alert_escalated", "Safety alert escalated"
    ALERT_RESOLVED = "safety.alert_resolved", "Safety alert resolved"
    ALERT_REOPENED = "safety.alert_reopened", "Safety alert reopened"
    ALERT_TEXT_READ = "safety.alert_text_read", "Safety alert text read"
    ROTA_HOLE = "safety.rota_hole", "No one on call when an alert opened"
    SHIFT_ADDED = "safety.shift_added", "On-call shift added"
    SHIFT_REMOVED = "safety.shift_removed", "On-call shift removed"
    CONTACT_REQUESTED = "safety.contact_requested", "Member asked a peer supporter to reach out"
    CONTENT_FLAGGED = "safety.flagged", "Content flagged by a member"
    CONTENT_HELD = "safety.content_held", "Content held for a moderator"
    CONTENT_RULE_TRIGGERED = "safety.content_rule", "Content rule explained to a member"
    MODERATION_APPROVED = "safety.moderation_approved", "Content approved by a moderator"
    MODERATION_HIDDEN = "safety.moderation_hidden", "Content hidden by a moderator"
    MODERATION_EDITED = "safety.moderation_edited", "Details edited out by a moderator"
    MODERATION_WARNED = "safety.moderation_warned", "Member warned by a moderator"
    MODERATION_SUSPENDED = "safety.moderation_suspended", "Member suspended by a moderator"
    MODERATION_UNSUSPENDED = "safety.moderation_unsuspended", "Member suspension lifted"
    MODERATION_DISMISSED = "safety.moderation_dismissed", "Flags dismissed by a moderator"
    BOARD_CREATED = "forums.board_created", "Forum board created"
    BOARD_UPDATED = "forums.board_updated", "Forum board changed"
    THREAD_STARTED = "forums.thread_started", "Forum thread started"
    POST_CREATED = "forums.post_created", "Forum reply posted"
    POST_EDITED = "forums.post_edited", "Forum post edited"
    POST_DELETED = "forums.post_deleted", "Forum post deleted"
    THREAD_PINNED = "forums.thread_pinned", "Forum thread pinned or unpinned"
    THREAD_LOCKED = "forums.thread_locked", "Forum thread locked or unlocked"
    THREAD_MOVED = "forums.thread_moved", "Forum thread moved to another board"


class _UserLike(Protocol):
    pk: Any


@dataclass(frozen=True)
class AuditEvent:
    action: AuditAction
    actor: _UserLike | None = None
    subject_kind: str = ""
    subject_id: str = ""
    ip_address: str | None = None
    data: dict[str, Any] = field(default_factory=dict)


_recorders: list[Callable[[AuditEvent], None]] = []


def register_audit_recorder(recorder: Callable[[AuditEvent], None]) -> None:
    """Install a recorder; called once by the privacy app."""
    if recorder not in _recorders:
        _recorders.append(recorder)


def record_audit(
    *,
    action: AuditAction,
    actor: _UserLike | None = None,
    subject_kind: str = "",
    subject_id: object = "",
    ip_address: str | None = None,
    data: dict[str, Any] | None = None,
) -> None:
    """Write an audit row through the installed recorder, in the current transaction."""
    if not _recorders:
        raise ImproperlyConfigured("No audit recorder is installed (is kinship.privacy in apps?)")
    event = AuditEvent(
        action=action,
        actor=actor,
        subject_kind=subject_kind,
        subject_id=str(subject_id) if subject_id != "" else "",
        ip_address=ip_address,
        data=data or {},
    )
    for recorder in _recorders:
        recorder(event)
