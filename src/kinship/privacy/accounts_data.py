"""Export and erasure of the account itself (registered by privacy for accounts).

Privacy sits above accounts, so it may import it; accounts cannot register a handler
that needs the privacy tables, so privacy does it for it.
"""

from __future__ import annotations

import secrets
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from kinship.accounts.models import ApiToken, Role
from kinship.core.audit import AuditAction
from kinship.privacy.models import ConsentGrant, DeletionRequest
from kinship.privacy.queries import list_audit_entries_about, list_consent_grants
from kinship.privacy.registry import register_data_handler

HANDLER_NAME = "accounts"


def register() -> None:
    register_data_handler(HANDLER_NAME, exporter=export_account, eraser=erase_account_data)


def _grantee_label(grant: ConsentGrant) -> str:
    if grant.grantee_user is not None:
        return grant.grantee_user.handle
    return str(Role(grant.grantee_role).label)


def export_account(user: Any) -> dict[str, Any]:
    """The profile, sign-in records, consent grants and audit entries of one member."""
    action_labels = dict(AuditAction.choices)
    return {
        "profile": {
            "handle": user.handle,
            "email": user.email,
            "pronouns": user.pronouns,
            "languages": user.languages,
            "time_zone": user.time_zone,
            "bio": user.bio,
            "bio_is_held": user.bio_is_held,
            "show_pronouns": user.show_pronouns,
            "show_languages": user.show_languages,
            "show_bio": user.show_bio,
            "preferred_language": user.preferred_language,
            "role": user.role,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "api_tokens": [
            {
                "name": token.name,
                "created_at": token.created_at,
                "last_used_at": token.last_used_at,
                "revoked_at": token.revoked_at,
            }
            for token in ApiToken.objects.filter(user=user).order_by("created_at", "pk")
        ],
        "consent_grants": [
            {
                "scope": grant.scope,
                "shared_with": _grantee_label(grant),
                "granted_at": grant.granted_at,
                "note": grant.reason,
                "revoked_at": grant.revoked_at,
                "revoke_note": grant.revoke_reason,
            }
            for grant in list_consent_grants(member=user).order_by("granted_at", "pk")
        ],
        "consent_shared_with_you": [
            {
                "member": grant.member.handle,
                "scope": grant.scope,
                "granted_at": grant.granted_at,
                "revoked_at": grant.revoked_at,
            }
            for grant in ConsentGrant.objects.filter(grantee_user=user)
            .select_related("member")
            .order_by("granted_at", "pk")
        ],
        "deletion_requests": [
            {
                "requested_at": request.requested_at,
                "erase_after": request.erase_after,
                "keep_posts_anonymised": request.keep_posts_anonymised,
                "note": request.reason,
                "cancelled_at": request.cancelled_at,
            }
            for request in DeletionRequest.objects.filter(member=user).order_by("requested_at")
        ],
        "audit_entries": [
            {
                "at": entry.created_at,
                "action": entry.action,
                "description": str(action_labels.get(entry.action, entry.action)),
                "by_you": entry.actor_pk == user.pk,
                "subject_kind": entry.subject_kind,
                "subject_id": entry.subject_id,
                "ip_address": entry.ip_address,
                "data": entry.data,
            }
            for entry in list_audit_entries_about(member=user)
        ],
    }


def erase_account_data(user: Any, *, keep_posts_anonymised: bool) -> None:
    """Remove sign-in records and what the member wrote in privacy's own tables."""
    ApiToken.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    ConsentGrant.objects.filter(member=user).delete()
    # Grants others made to this person stay in their history, but stop.
    ConsentGrant.objects.filter(grantee_user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    DeletionRequest.objects.filter(member=user).update(reason="")


def anonymise_user(user: Any) -> str:
    """Replace everything on the account row that could name the person; returns the handle."""
    user.handle = f"deleted-{secrets.token_hex(8)}"
    user.email = ""
    user.pronouns = ""
    user.bio = ""
    user.bio_is_held = False
    user.languages = []
    user.preferred_language = ""
    user.time_zone = "UTC"
    user.show_pronouns = False
    user.show_languages = False
    user.show_bio = False
    user.role = Role.MEMBER
    user.is_superuser = False
    user.is_active = False
    user.last_login = None
    user.set_unusable_password()
    user.save(
        update_fields=[
            "handle",
            "email",
            "pronouns",
            "bio",
            "bio_is_held",
            "languages",
            "preferred_language",
            "time_zone",
            "show_pronouns",
            "show_languages",
            "show_bio",
            "role",
            "is_superuser",
            "is_active",
            "last_login",
            "password",
            "updated_at",
        ]
    )
    user.groups.clear()
    user.user_permissions.clear()
    # The admin's history names the account by its handle at the time.
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(user)), object_id=str(user.pk)
    ).update(object_repr=user.handle)
    return str(user.handle)
