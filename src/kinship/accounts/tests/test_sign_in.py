from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from kinship.accounts.models import User
from kinship.accounts.tests.factories import DEFAULT_PASSWORD, make_user
from kinship.accounts.tests.helpers import audit_rows
from kinship.core.audit import AuditAction

pytestmark = pytest.mark.django_db


def sign_in(client, handle, password=DEFAULT_PASSWORD):
    return client.post("/accounts/login/", {"login": handle, "password": password})


def signed_in_user(client):
    return client.get("/me/").wsgi_request.user


def test_sign_in_by_handle_in_any_letter_case_and_it_is_audited(client):
    user = make_user(handle="Steady-Pine")

    response = sign_in(client, "steady-pine")

    assert response.status_code == 302
    assert signed_in_user(client) == user
    rows = audit_rows(AuditAction.SIGNED_IN)
    assert [(row.actor_id, row.subject_id) for row in rows] == [(user.pk, str(user.pk))]


def test_wrong_password_is_refused_and_audited(client):
    user = make_user(handle="steady-pine")

    response = sign_in(client, "steady-pine", "not-the-password")

    assert response.status_code == 200
    assert not signed_in_user(client).is_authenticated
    assert [row.actor_id for row in audit_rows(AuditAction.SIGN_IN_FAILED)] == [user.pk]
    assert audit_rows(AuditAction.SIGNED_IN) == []


def test_sixth_failed_sign_in_for_one_handle_within_five_minutes_is_refused(client):
    make_user(handle="steady-pine")
    for _attempt in range(5):
        response = sign_in(client, "steady-pine", "wrong-guess")
        assert "Too many tries" not in response.content.decode()

    response = sign_in(client, "steady-pine", DEFAULT_PASSWORD)

    assert "Too many tries to sign in" in response.content.decode()
    assert not signed_in_user(client).is_authenticated
    # Another handle from the same address is still allowed (the key limit is per handle).
    make_user(handle="other-person")
    assert sign_in(client, "other-person").status_code == 302


def test_sign_out_ends_the_session_and_is_audited(client):
    user = make_user()
    client.force_login(user)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert not signed_in_user(client).is_authenticated
    assert [row.actor_id for row in audit_rows(AuditAction.SIGNED_OUT)] == [user.pk]


def test_password_reset_by_email_sets_a_new_password(client):
    user = make_user(handle="calm-otter", email="otter@example.test")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    client.post("/accounts/password/reset/", {"email": "otter@example.test"})

    assert len(mail.outbox) == 1
    link = re.search(
        r"http://testserver(/accounts/password/reset/key/\S+/)", str(mail.outbox[0].body)
    )
    assert link is not None
    form_page = client.get(link.group(1), follow=True)
    new_password = "a-brand-new-long-password"
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)
    assert [row.actor_id for row in audit_rows(AuditAction.PASSWORD_RESET)] == [user.pk]


def test_password_change_is_audited(client):
    user = make_user()
    sign_in(client, user.handle)
    new_password = "another-long-password-2026"

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": DEFAULT_PASSWORD, "password1": new_password, "password2": new_password},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)
    assert [row.actor_id for row in audit_rows(AuditAction.PASSWORD_CHANGED)] == [user.pk]


def test_changing_the_primary_email_is_audited(client):
    user = make_user(email="first@example.test")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    sign_in(client, user.handle)
    mail.outbox.clear()

    client.post("/accounts/email/", {"email": "second@example.test", "action_add": ""})
    confirm = re.search(
        r"http://testserver(/accounts/confirm-email/\S+/)", str(mail.outbox[0].body)
    )
    assert confirm is not None
    client.post(confirm.group(1))

    # One address per member: confirming the new address replaces the old one.
    user.refresh_from_db()
    assert user.email == "second@example.test"
    assert list(EmailAddress.objects.filter(user=user).values_list("email", flat=True)) == [
        "second@example.test"
    ]
    rows = audit_rows(AuditAction.EMAIL_CHANGED)
    assert [row.actor_id for row in rows] == [user.pk]
    assert "example.test" not in str(rows[0].data)


def test_sign_in_page_uses_the_site_layout(client):
    page = client.get("/accounts/login/").content.decode()

    assert 'id="quick-exit"' in page
    assert User.objects.count() == 0


def test_sign_in_form_asks_for_a_handle_in_plain_words(client):
    page = client.get("/accounts/login/").content.decode()
    assert "Handle" in page
    assert "Username" not in page
    assert "Keep me signed in on this device" in page
