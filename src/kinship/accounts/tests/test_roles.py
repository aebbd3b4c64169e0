from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from kinship.accounts import actions
from kinship.accounts.models import Role, User
from kinship.accounts.tests.factories import make_user
from kinship.accounts.tests.helpers import audit_model, audit_rows
from kinship.conftest import MATRIX_ROLES
from kinship.core.audit import AuditAction

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", [name for name in MATRIX_ROLES if name != "admin"])
def test_only_admins_may_change_roles(role_matrix, assert_unchanged, name):
    target = role_matrix.other_member

    with assert_unchanged(User, audit_model()), pytest.raises(PermissionDenied):
        actions.change_role(actor=role_matrix[name], user=target, role=Role.FACILITATOR)


def test_admin_changes_a_role_and_it_is_audited(role_matrix):
    admin, target = role_matrix.admin, role_matrix.other_member

    actions.change_role(actor=admin, user=target, role=Role.PEER_SUPPORTER)

    target.refresh_from_db()
    assert target.role == Role.PEER_SUPPORTER
    rows = audit_rows(AuditAction.ROLE_CHANGED)
    assert [(row.actor_id, row.subject_id) for row in rows] == [(admin.pk, str(target.pk))]
    assert rows[0].data == {"from": "member", "to": "peer_supporter", "via": "web"}


def test_the_last_admin_cannot_step_down(assert_unchanged):
    admin = make_user(role=Role.ADMIN)

    with assert_unchanged(User, audit_model()), pytest.raises(PermissionDenied):
        actions.change_role(actor=admin, user=admin, role=Role.MEMBER)


def test_an_admin_may_step_down_when_another_admin_remains():
    admin, other_admin = make_user(role=Role.ADMIN), make_user(role=Role.ADMIN)

    actions.change_role(actor=other_admin, user=admin, role=Role.COORDINATOR)

    admin.refresh_from_db()
    assert admin.role == Role.COORDINATOR


def test_an_inactive_admin_may_not_change_roles(assert_unchanged):
    make_user(role=Role.ADMIN)
    former_admin = make_user(role=Role.ADMIN, is_active=False)
    target = make_user()

    with assert_unchanged(User), pytest.raises(PermissionDenied):
        actions.change_role(actor=former_admin, user=target, role=Role.MODERATOR)


def test_role_matrix_staff_have_an_authenticator_app(role_matrix):
    from allauth.mfa.models import Authenticator

    enrolled = set(
        Authenticator.objects.filter(type=Authenticator.Type.TOTP).values_list(
            "user__handle", flat=True
        )
    )
    assert enrolled == {"matrix-moderator", "matrix-coordinator", "matrix-admin"}
    assert role_matrix.anonymous is None
