from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from kinship.accounts.models import User
from kinship.accounts.tests.factories import make_user
from kinship.accounts.tests.helpers import audit_rows
from kinship.core.audit import AuditAction

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-quiet-river-2026"


def sign_up(client, handle, email=""):
    return client.post(
        "/accounts/signup/",
        {"username": handle, "email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def test_sign_up_with_handle_and_password_creates_a_member_and_signs_them_in(client):
    response = sign_up(client, "Marisol")

    assert response.status_code == 302
    user = User.objects.get(handle="Marisol")
    assert user.role == "member"
    assert user.email == ""
    assert client.get("/me/").status_code == 200
    assert [row.actor_id for row in audit_rows(AuditAction.USER_CREATED)] == [user.pk]
    assert len(mail.outbox) == 0


def test_sign_up_with_an_email_sends_a_confirmation(client):
    sign_up(client, "quiet-heron", email="heron@example.test")

    user = User.objects.get(handle="quiet-heron")
    address = EmailAddress.objects.get(user=user)
    assert address.email == "heron@example.test"
    assert not address.verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["heron@example.test"]
    assert "/accounts/confirm-email/" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("handle", "message"),
    [
        ("marisol@example.test", "can&#x27;t be an e-mail address"),
        ("marisol.gmail", "can&#x27;t be an e-mail address"),
        ("river.com", "can&#x27;t be an e-mail address"),
        ("555-867-5309", "can&#x27;t look like a phone number"),
        ("call5558675309", "can&#x27;t look like a phone number"),
        ("admin", "reserved"),
        ("-dash-first", "starting and ending with a letter or number"),
        ("Zoë", "letters A to Z"),
    ],
)
def test_sign_up_refuses_handles_that_reveal_identity_or_break_rules(client, handle, message):
    response = sign_up(client, handle)

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert not User.objects.exists()


def test_sign_up_refuses_a_handle_that_differs_only_in_letter_case(client):
    make_user(handle="Marisol")

    response = sign_up(client, "marisol")

    page = response.content.decode()
    assert "Someone already uses that handle" in page
    assert "&ldquo;Marisol&rdquo; and &ldquo;marisol&rdquo; are the same" in page or (
        "“Marisol” and “marisol” are the same" in page
    )
    assert User.objects.count() == 1


def test_sign_up_error_keeps_input_and_is_tied_to_the_field(client):
    response = sign_up(client, "bad@handle", email="kept@example.test")

    page = response.content.decode()
    assert 'value="bad@handle"' in page
    assert 'value="kept@example.test"' in page
    assert 'id="id_username_error"' in page
    assert 'aria-describedby="id_username_helptext id_username_error"' in page
    assert 'aria-invalid="true"' in page
