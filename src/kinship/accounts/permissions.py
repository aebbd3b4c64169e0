"""Who may do what with accounts: `check_*` raise PermissionDenied, `access_*` raise Http404."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from kinship.accounts.models import ApiToken, Role, User


def check_change_role_permission(*, actor: User | None, user: User, role: Role) -> None:
    """Only an admin may change a role, and the last admin may not step down."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied(_("Sign in to change roles."))
    if not actor.is_active:
        raise PermissionDenied(_("Only admins can change roles."))
    if actor.role != Role.ADMIN:
        raise PermissionDenied(_("Only admins can change roles."))
    check_keeps_an_admin(user=user, role=role)


def check_keeps_an_admin(*, user: User, role: Role) -> None:
    """The site always keeps one active admin."""
    if user.role != Role.ADMIN or role == Role.ADMIN:
        return
    others = User.objects.filter(role=Role.ADMIN, is_active=True).exclude(pk=user.pk)
    if not others.exists():
        raise PermissionDenied(_("This is the last admin. Make someone else admin first."))


def access_own_token(*, user: User, token_id: int) -> ApiToken:
    """Return the member's own live token, or raise Http404 (others' tokens do not exist)."""
    try:
        return ApiToken.objects.get(pk=token_id, user=user, revoked_at__isnull=True)
    except ApiToken.DoesNotExist:
        raise Http404 from None
