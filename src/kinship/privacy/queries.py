"""Reads other apps need: consent checks, a member's grants, audit entries about a member."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from kinship.privacy.models import AuditEntry, ConsentGrant, DeletionRequest

USER_SUBJECT_KIND = "accounts.user"


def has_consent(*, member: Any, scope: str, viewer: Any) -> bool:
    """True when ``viewer`` may see ``member``'s records of kind ``scope``.

    A member may always see their own records. Anyone else needs an active grant to them
    by name, or to their exact role (a grant to peer supporters does not reach admins).
    """
    if viewer is None or not viewer.is_authenticated or not viewer.is_active:
        return False
    if viewer.pk == member.pk:
        return True
    return (
        ConsentGrant.objects.active()
        .filter(member=member, scope=scope)
        .filter(Q(grantee_user=viewer) | Q(grantee_user__isnull=True, grantee_role=viewer.role))
        .exists()
    )


def list_members_sharing_with(*, viewer: Any, scope: str) -> QuerySet[Any]:
    """Active members who share ``scope`` with ``viewer`` by name or by role."""
    user_model = get_user_model()
    grants = ConsentGrant.objects.active().filter(scope=scope)
    shared = grants.filter(
        Q(grantee_user=viewer) | Q(grantee_user__isnull=True, grantee_role=viewer.role)
    )
    return user_model._default_manager.filter(
        is_active=True, pk__in=shared.values("member_id")
    ).exclude(pk=viewer.pk)


def list_consent_grants(*, member: Any) -> QuerySet[ConsentGrant]:
    """Every grant a member has made, newest first, with the people they named."""
    return ConsentGrant.objects.filter(member=member).select_related("grantee_user")


def list_audit_entries_about(*, member: Any) -> QuerySet[AuditEntry]:
    """Audit entries where the member acted, or where their account is the subject."""
    return AuditEntry.objects.filter(
        Q(actor_pk=member.pk) | Q(subject_kind=USER_SUBJECT_KIND, subject_id=str(member.pk))
    ).order_by("id")


def pending_deletion_request(*, member: Any) -> DeletionRequest | None:
    return DeletionRequest.objects.pending().filter(member=member).first()
