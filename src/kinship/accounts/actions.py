"""Every write to accounts: one transaction, its audit record."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinship.accounts import screening
from kinship.accounts.models import ApiToken, Role, User
from kinship.accounts.permissions import check_change_role_permission, check_keeps_an_admin
from kinship.accounts.queries import TOKEN_PREFIX, digest_secret
from kinship.accounts.screening import ScreenedText
from kinship.accounts.validators import validate_handle
from kinship.core.audit import AuditAction, record_audit

# A token used again within this window keeps its earlier `last_used_at`: one write a minute
# at most, however busy the client is.
TOKEN_USE_RESOLUTION = timedelta(minutes=1)
PROFILE_FIELDS = (
    "handle",
    "pronouns",
    "languages",
    "time_zone",
    "bio",
    "show_pronouns",
    "show_languages",
    "show_bio",
)


def validate_new_handle(handle: str, *, exclude: User | None = None) -> None:
    """Raise ValidationError if `handle` breaks the rules or is taken (in any letter case)."""
    validate_handle(handle)
    taken = User.objects.filter(handle__iexact=handle)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise ValidationError(handle_taken_message(), code="handle_taken")


def handle_taken_message() -> str:
    return _(
        "Someone already uses that handle. Capital letters don't count, "
        "so “Marisol” and “marisol” are the same. Please pick another."
    )


@transaction.atomic
def create_member(
    *,
    handle: str,
    password: str | None,
    role: Role = Role.MEMBER,
    email: str = "",
    actor: User | None = None,
    profile: dict[str, Any] | None = None,
) -> User:
    """Create an account (from the command line or the demo); sign-up goes through allauth."""
    validate_new_handle(handle)
    user = User(handle=handle, role=role, email=User.objects.normalize_email(email))
    for field, value in (profile or {}).items():
        if field not in PROFILE_FIELDS:
            raise ValueError(field)
        setattr(user, field, value)
    if password is None:
        user.set_unusable_password()
    else:
        validate_password(password, user)
        user.set_password(password)
    user.full_clean()
    user.save()
    _audit(AuditAction.USER_CREATED, actor=actor, user=user, data={"role": role.value})
    return user


@transaction.atomic
def register_member(*, user: User) -> User:
    """Save a member who signed up through the web form (allauth filled in `user`)."""
    user.save()
    _audit(AuditAction.USER_CREATED, actor=user, user=user, data={"via": "sign-up"})
    return user


@transaction.atomic
def change_role(*, actor: User | None, user: User, role: Role) -> User:
    """Give `user` a new role. Only admins may."""
    check_change_role_permission(actor=actor, user=user, role=role)
    return _set_role(actor=actor, user=user, role=role, via="web")


@transaction.atomic
def change_role_as_operator(*, user: User, role: Role) -> User:
    """Give `user` a new role from the command line: whoever runs it operates the site."""
    check_keeps_an_admin(user=user, role=role)
    return _set_role(actor=None, user=user, role=role, via="command line")


def _set_role(*, actor: User | None, user: User, role: Role, via: str) -> User:
    previous = user.role
    if previous == role:
        return user
    user.role = role
    user.save(update_fields=["role", "updated_at"])
    _audit(
        AuditAction.ROLE_CHANGED,
        actor=actor,
        user=user,
        data={"from": previous, "to": role.value, "via": via},
    )
    return user


@dataclass(frozen=True)
class ProfileUpdate:
    """The saved member, and what the screener found in a new bio (None when not screened)."""

    user: User
    bio_screening: ScreenedText | None = None

    @property
    def needs_help_shown(self) -> bool:
        return self.bio_screening is not None and self.bio_screening.needs_help_shown


@transaction.atomic
def update_profile(*, user: User, changes: dict[str, Any]) -> ProfileUpdate:
    """Save the profile fields in `changes`; the audit row names the fields, not their values.

    A new bio goes through the registered screener (`accounts.screening`) before it is
    saved. When the screener holds it, others do not see it until a moderator releases it;
    a later bio is screened afresh and replaces the held one.
    """
    changed = sorted(
        field
        for field, value in changes.items()
        if field in PROFILE_FIELDS and getattr(user, field) != value
    )
    if "handle" in changed:
        validate_new_handle(changes["handle"], exclude=user)
    if not changed:
        return ProfileUpdate(user=user)
    for field in changed:
        setattr(user, field, changes[field])
    user.full_clean(exclude=["password"], validate_unique=False)
    bio_screening = None
    if "bio" in changed:
        if user.bio.strip():
            bio_screening = screening.screen_text(author=user, text=user.bio)
        is_held = bio_screening is not None and bio_screening.holds_content
        if user.bio_is_held != is_held:
            user.bio_is_held = is_held
            changed = sorted([*changed, "bio_is_held"])
    user.save(update_fields=[*changed, "updated_at"])
    _audit(AuditAction.PROFILE_UPDATED, actor=user, user=user, data={"fields": changed})
    return ProfileUpdate(user=user, bio_screening=bio_screening)


@transaction.atomic
def set_bio_held(*, user: User, is_held: bool) -> User:
    """Hold a member's bio from others (a moderator will look), or release it."""
    if user.bio_is_held == is_held:
        return user
    user.bio_is_held = is_held
    user.save(update_fields=["bio_is_held", "updated_at"])
    _audit(
        AuditAction.PROFILE_UPDATED,
        actor=None,
        user=user,
        data={"fields": ["bio_is_held"], "via": "moderation", "is_held": is_held},
    )
    return user


@transaction.atomic
def replace_bio(*, user: User, bio: str) -> User:
    """Put a moderator's edit of the bio in place of the member's words (details taken out)."""
    if user.bio == bio:
        return user
    user.bio = bio
    user.full_clean(exclude=["password"], validate_unique=False)
    user.save(update_fields=["bio", "updated_at"])
    _audit(
        AuditAction.PROFILE_UPDATED,
        actor=None,
        user=user,
        data={"fields": ["bio"], "via": "moderation"},
    )
    return user


@transaction.atomic
def create_token(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Make a personal API token. The secret is returned once and never stored."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name.")}, code="required")
    if ApiToken.objects.filter(user=user, name=name, revoked_at__isnull=True).exists():
        raise ValidationError(
            {
                "name": ValidationError(
                    _("You already have a token with that name. Pick another name."),
                    code="duplicate",
                )
            }
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=secret[:12], digest=digest_secret(secret)
    )
    _audit(
        AuditAction.TOKEN_CREATED,
        actor=user,
        user=user,
        data={"token_id": token.pk, "name": name, "prefix": token.prefix},
    )
    return token, secret


@transaction.atomic
def revoke_token(*, actor: User | None, token: ApiToken) -> ApiToken:
    """Stop a token from working. Revoking twice changes nothing."""
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])
    _audit(
        AuditAction.TOKEN_REVOKED,
        actor=actor,
        user=token.user,
        data={"token_id": token.pk, "name": token.name, "prefix": token.prefix},
    )
    return token


def record_token_use(*, token: ApiToken) -> None:
    """Note that a token was used, writing at most once per `TOKEN_USE_RESOLUTION`."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < TOKEN_USE_RESOLUTION:
        return
    # A filtered UPDATE, so concurrent requests with one token write once between them
    # (written out: API requests run it often).
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {ApiToken._meta.db_table} SET last_used_at = %s "  # noqa: S608  (table name from the model)
            "WHERE id = %s AND (last_used_at IS NULL OR last_used_at < %s)",
            [now, token.pk, now - TOKEN_USE_RESOLUTION],
        )
    token.last_used_at = now


# Events from allauth's flows (sign-in, sign-out, passwords, e-mail, MFA) ---------------


@transaction.atomic
def record_sign_in(*, user: User, ip_address: str | None) -> None:
    _audit(AuditAction.SIGNED_IN, actor=user, user=user, ip_address=ip_address)


@transaction.atomic
def record_sign_in_failed(*, handle: str, ip_address: str | None) -> None:
    """A wrong password. The actor is the account tried, when one has that handle."""
    user = User.objects.filter(handle__iexact=handle).first() if handle else None
    record_audit(
        action=AuditAction.SIGN_IN_FAILED,
        actor=user,
        subject_kind="accounts.user" if user else "",
        subject_id=user.pk if user else "",
        ip_address=ip_address,
    )


@transaction.atomic
def record_sign_out(*, user: User, ip_address: str | None, reason: str = "signed_out") -> None:
    _audit(
        AuditAction.SIGNED_OUT,
        actor=user,
        user=user,
        ip_address=ip_address,
        data={"reason": reason},
    )


@transaction.atomic
def record_password_changed(*, user: User, ip_address: str | None) -> None:
    _audit(AuditAction.PASSWORD_CHANGED, actor=user, user=user, ip_address=ip_address)


@transaction.atomic
def record_password_reset(*, user: User, ip_address: str | None) -> None:
    _audit(AuditAction.PASSWORD_RESET, actor=user, user=user, ip_address=ip_address)


@transaction.atomic
def record_email_changed(*, user: User, ip_address: str | None) -> None:
    """The primary e-mail changed; the addresses stay out of the audit log."""
    _audit(AuditAction.EMAIL_CHANGED, actor=user, user=user, ip_address=ip_address)


@transaction.atomic
def record_mfa_changed(
    *, user: User, authenticator_type: str, is_enabled: bool, ip_address: str | None
) -> None:
    _audit(
        AuditAction.MFA_ENABLED if is_enabled else AuditAction.MFA_DISABLED,
        actor=user,
        user=user,
        ip_address=ip_address,
        data={"type": authenticator_type},
    )


def _audit(
    action: AuditAction,
    *,
    actor: User | None,
    user: User,
    ip_address: str | None = None,
    data: dict[str, Any] | None = None,
) -> None:
    record_audit(
        action=action,
        actor=actor,
        subject_kind="accounts.user",
        subject_id=user.pk,
        ip_address=ip_address,
        data=data,
    )
