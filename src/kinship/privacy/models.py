"""Consent grants, the append-only audit log and account-deletion requests."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinship.accounts.models import Role
from kinship.core.fields import EncryptedTextField


class ConsentScope(models.TextChoices):
    """What a member may share. Apps that keep new kinds of personal records add here."""

    CHECKINS = "checkins", _("My check-ins")
    OUTCOME_SCORES = "outcome_scores", _("My survey scores")
    SAFETY_PLAN = "safety_plan", _("My safety plan")
    PROFILE_DETAILS = "profile_details", _("My profile details")


SCOPE_DESCRIPTIONS: dict[str, Any] = {
    ConsentScope.CHECKINS: _("your check-ins: mood, cravings and notes"),
    ConsentScope.OUTCOME_SCORES: _("your answers and scores on progress surveys"),
    ConsentScope.SAFETY_PLAN: _("your safety plan"),
    ConsentScope.PROFILE_DETAILS: _("your profile details: pronouns, languages and bio"),
}

# Sharing with every member would make private records public; roles start above member.
GRANTABLE_ROLES = [role for role in Role if role != Role.MEMBER]


class ConsentGrantQuerySet(models.QuerySet["ConsentGrant"]):
    def active(self) -> ConsentGrantQuerySet:
        return self.filter(revoked_at__isnull=True)


class ConsentGrant(models.Model):
    """A member lets one person, or everyone with one role, see one kind of record.

    Revoking sets ``revoked_at``; the row stays so the history of sharing is kept.
    """

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consent_grants"
    )
    scope = models.CharField(_("what to share"), max_length=40, choices=ConsentScope.choices)
    grantee_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="consent_received",
    )
    grantee_role = models.CharField(max_length=20, choices=Role.choices, blank=True, default="")
    granted_at = models.DateTimeField(default=timezone.now)
    reason = EncryptedTextField(_("note"), blank=True, default="")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoke_reason = EncryptedTextField(blank=True, default="")

    objects = ConsentGrantQuerySet.as_manager()

    class Meta:
        ordering = ("-granted_at", "-id")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=(
                    models.Q(grantee_user__isnull=False, grantee_role="")
                    | (models.Q(grantee_user__isnull=True) & ~models.Q(grantee_role=""))
                ),
                name="privacy_consent_one_grantee",
            ),
            models.CheckConstraint(
                condition=~models.Q(grantee_user=models.F("member")),
                name="privacy_consent_not_to_self",
            ),
            models.UniqueConstraint(
                fields=["member", "scope", "grantee_user"],
                condition=models.Q(revoked_at__isnull=True, grantee_user__isnull=False),
                name="privacy_consent_one_active_per_user",
            ),
            models.UniqueConstraint(
                fields=["member", "scope", "grantee_role"],
                condition=models.Q(revoked_at__isnull=True, grantee_user__isnull=True),
                name="privacy_consent_one_active_per_role",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["grantee_user", "scope"], name="privacy_consent_grantee"),
            models.Index(fields=["grantee_role", "scope"], name="privacy_consent_role"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.scope} -> {self.grantee_user_id or self.grantee_role}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def scope_description(self) -> Any:
        """What the grant shows, in words a member reads ("your safety plan")."""
        return SCOPE_DESCRIPTIONS.get(self.scope, self.get_scope_display())


class AuditLogIsAppendOnly(Exception):
    """Raised on any attempt to change or remove an audit entry."""


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AuditLogIsAppendOnly("audit entries cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditLogIsAppendOnly("audit entries cannot be deleted")


class AuditEntry(models.Model):
    """One audited event, chained to the one before it by ``prev_hash``.

    ``hash`` is SHA-256 over a canonical JSON of the row (see `kinship.privacy.audit`).
    The actor is kept as a primary key only (``actor_pk``, covered by the hash), never as a
    handle: erasing an account then leaves nothing that names the person, and no entry
    has to be rewritten, which an append-only chain could not allow. ``actor`` is a
    convenience join outside the hash, so Django's SET_NULL cannot break the chain.
    """

    id = models.BigIntegerField(primary_key=True)
    created_at = models.DateTimeField()
    # An AuditAction value. Not declared as `choices`: every app adds actions to the enum,
    # and a new action must not need a migration of the audit table.
    action = models.CharField(max_length=64)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_pk = models.BigIntegerField(null=True, blank=True, db_index=True)
    subject_kind = models.CharField(max_length=64, blank=True, default="")
    subject_id = models.CharField(max_length=64, blank=True, default="")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True, default="")
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ("id",)
        verbose_name_plural = "audit entries"
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["subject_kind", "subject_id"], name="privacy_audit_subject"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditLogIsAppendOnly("audit entries cannot be changed")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditLogIsAppendOnly("audit entries cannot be deleted")


class DeletionRequestQuerySet(models.QuerySet["DeletionRequest"]):
    def pending(self) -> DeletionRequestQuerySet:
        return self.filter(cancelled_at__isnull=True, completed_at__isnull=True)


class DeletionRequest(models.Model):
    """A member asked for their account to be erased after a grace period."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deletion_requests"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    erase_after = models.DateTimeField(db_index=True)
    keep_posts_anonymised = models.BooleanField(default=False)
    reason = EncryptedTextField(_("note"), blank=True, default="")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = DeletionRequestQuerySet.as_manager()

    class Meta:
        ordering = ("-requested_at", "-id")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["member"],
                condition=models.Q(cancelled_at__isnull=True, completed_at__isnull=True),
                name="privacy_deletion_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: erase after {self.erase_after:%Y-%m-%d}"

    @property
    def is_pending(self) -> bool:
        return self.cancelled_at is None and self.completed_at is None
