from __future__ import annotations

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from kinship.accounts.middleware import LAST_SEEN_SESSION_KEY
from kinship.accounts.models import Role
from kinship.accounts.tests.factories import DEFAULT_PASSWORD, make_user
from kinship.accounts.tests.helpers import audit_rows
from kinship.core.audit import AuditAction

pytestmark = pytest.mark.django_db
STAFF_PAGES = ["/me/staff/", "/admin/"]


def current_code(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.COORDINATOR, Role.ADMIN])
@pytest.mark.parametrize("path", STAFF_PAGES)
def test_staff_without_an_authenticator_app_are_sent_to_the_explanation(client, role, path):
    client.force_login(make_user(role=role))

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == "/me/security/"
    page = client.get("/me/security/").content.decode()
    assert "Staff pages show private things about members" in page
    assert 'href="/accounts/2fa/totp/activate/"' in page
    assert 'href="/accounts/2fa/recovery-codes/"' in page


@pytest.mark.parametrize("name", ["moderator", "coordinator", "admin"])
@pytest.mark.parametrize("path", STAFF_PAGES)
def test_staff_with_an_authenticator_app_reach_staff_pages(client, role_matrix, name, path):
    client.force_login(role_matrix[name])

    assert client.get(path).status_code == 200


@pytest.mark.parametrize("name", ["member", "peer_supporter", "facilitator"])
def test_non_staff_are_refused_the_staff_page(client, role_matrix, name):
    client.force_login(role_matrix[name])

    assert client.get("/me/staff/").status_code == 403


def test_anonymous_visitor_is_asked_to_sign_in_for_the_staff_page(client):
    response = client.get("/me/staff/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_turning_an_authenticator_app_on_and_off_is_audited(
    client, django_capture_on_commit_callbacks
):
    user = make_user(role=Role.MODERATOR)
    # allauth wants a fresh re-authentication (a password typed again) before MFA changes.
    client.post("/accounts/login/", {"login": user.handle, "password": DEFAULT_PASSWORD})
    client.post("/accounts/reauthenticate/", {"password": DEFAULT_PASSWORD})
    client.get("/accounts/2fa/totp/activate/")
    secret = client.session["mfa.totp.secret"]

    # allauth sends its signal on commit; the test transaction never commits, so run them.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert client.get("/me/staff/").status_code == 200
    enabled = audit_rows(AuditAction.MFA_ENABLED, actor=user)
    assert "totp" in [row.data["type"] for row in enabled]

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/2fa/totp/deactivate/")

    assert not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    disabled = audit_rows(AuditAction.MFA_DISABLED, actor=user)
    assert "totp" in [row.data["type"] for row in disabled]
    assert client.get("/me/staff/")["Location"] == "/me/security/"


def test_staff_session_ends_after_the_idle_limit(client, role_matrix, settings):
    moderator = role_matrix.moderator
    client.force_login(moderator)
    assert client.get("/me/staff/").status_code == 200
    session = client.session
    session[LAST_SEEN_SESSION_KEY] = int(time.time()) - settings.STAFF_SESSION_SECONDS - 5
    session.save()

    response = client.get("/me/staff/?tab=flags")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fme%2Fstaff%2F%3Ftab%3Dflags"
    assert not client.get("/me/").wsgi_request.user.is_authenticated
    rows = audit_rows(AuditAction.SIGNED_OUT, actor=moderator)
    assert [row.data["reason"] for row in rows] == ["staff_session_expired"]


def test_staff_session_stays_while_active(client, role_matrix, settings):
    client.force_login(role_matrix.moderator)
    client.get("/me/staff/")
    session = client.session
    session[LAST_SEEN_SESSION_KEY] = int(time.time()) - settings.STAFF_SESSION_SECONDS + 60
    session.save()

    assert client.get("/me/staff/").status_code == 200


def test_member_session_has_no_staff_idle_limit(client, role_matrix, settings):
    client.force_login(role_matrix.member)
    session = client.session
    session[LAST_SEEN_SESSION_KEY] = int(time.time()) - settings.STAFF_SESSION_SECONDS - 5
    session.save()

    assert client.get("/me/").status_code == 200


def test_an_automatic_refresh_does_not_keep_a_staff_session_alive(client, role_matrix, settings):
    client.force_login(role_matrix.moderator)
    client.get("/me/staff/")
    idle_since = int(time.time()) - settings.STAFF_SESSION_SECONDS + 60
    session = client.session
    session[LAST_SEEN_SESSION_KEY] = idle_since
    session.save()

    client.get("/me/staff/", headers={"X-Kinship-Refresh": "1"})

    assert client.session[LAST_SEEN_SESSION_KEY] == idle_since


def test_an_expired_htmx_refresh_sends_the_whole_tab_to_sign_in(client, role_matrix, settings):
    client.force_login(role_matrix.moderator)
    session = client.session
    session[LAST_SEEN_SESSION_KEY] = int(time.time()) - settings.STAFF_SESSION_SECONDS - 5
    session.save()

    response = client.get(
        "/me/staff/",
        headers={
            "HX-Request": "true",
            "HX-Current-URL": "http://testserver/safety/alerts/",
            "X-Kinship-Refresh": "1",
        },
    )

    assert response.status_code == 204
    assert response["HX-Redirect"] == "/accounts/login/?next=%2Fsafety%2Falerts%2F"
    assert not client.get("/me/").wsgi_request.user.is_authenticated
