from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from kinship.accounts import actions
from kinship.accounts.models import ApiToken
from kinship.accounts.tests.factories import make_user
from kinship.accounts.tests.helpers import audit_model, audit_rows
from kinship.core.audit import AuditAction

pytestmark = pytest.mark.django_db


def bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def member(db):
    return make_user(handle="steady-heron", email="heron@example.test", pronouns="he/him")


@pytest.fixture
def session_client(member):
    client = Client()
    client.force_login(member)
    return client


def test_token_is_created_through_the_api_and_only_its_digest_is_stored(session_client, member):
    response = session_client.post(
        "/api/v1/me/tokens", {"name": "my phone"}, content_type="application/json"
    )

    assert response.status_code == 201
    body = response.json()
    secret = body["secret"]
    assert secret.startswith("kin_")
    assert len(secret) > 40
    token = ApiToken.objects.get(pk=body["id"])
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert token.prefix == secret[:12] == body["prefix"]
    stored = [str(value) for value in ApiToken.objects.values_list(flat=False).get()]
    assert not any(secret in value or secret[12:] in value for value in stored)
    rows = audit_rows(AuditAction.TOKEN_CREATED)
    assert [row.actor_id for row in rows] == [member.pk]
    assert secret[12:] not in str(rows[0].data)


def test_token_signs_in_to_the_api_and_records_use_at_most_once_a_minute(client, member):
    token, secret = actions.create_token(user=member, name="script")

    response = client.get("/api/v1/me", **bearer(secret))

    assert response.status_code == 200
    assert response.json()["handle"] == "steady-heron"
    assert "email" not in response.json()
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None
    client.get("/api/v1/me", **bearer(secret))
    token.refresh_from_db()
    assert token.last_used_at == first_use
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first_use - timedelta(minutes=2))
    client.get("/api/v1/me", **bearer(secret))
    token.refresh_from_db()
    assert token.last_used_at > first_use - timedelta(minutes=2)


def test_revoked_token_stops_working(client, session_client, member):
    token, secret = actions.create_token(user=member, name="old laptop")

    response = session_client.delete(f"/api/v1/me/tokens/{token.pk}")

    assert response.status_code == 204
    assert client.get("/api/v1/me", **bearer(secret)).status_code == 401
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert [row.actor_id for row in audit_rows(AuditAction.TOKEN_REVOKED)] == [member.pk]


def test_someone_elses_token_cannot_be_revoked(session_client, assert_unchanged):
    other_token, _secret = actions.create_token(user=make_user(), name="theirs")

    with assert_unchanged(ApiToken, audit_model()):
        response = session_client.delete(f"/api/v1/me/tokens/{other_token.pk}")

    assert response.status_code == 404


@pytest.mark.parametrize(
    "headers",
    [{}, {"HTTP_AUTHORIZATION": "Bearer kin_not-a-real-token"}, {"HTTP_AUTHORIZATION": "Bearer"}],
)
def test_api_refuses_requests_without_valid_credentials(client, headers):
    for path in ["/api/v1/me", "/api/v1/me/tokens", "/api/v1/people/anyone"]:
        response = client.get(path, **headers)
        assert response.status_code == 401
        assert response.json() == {"detail": "Unauthorized"}


def test_token_of_a_deactivated_member_stops_working(client, member):
    _token, secret = actions.create_token(user=member, name="script")
    member.is_active = False
    member.save()

    assert client.get("/api/v1/me", **bearer(secret)).status_code == 401


def test_session_writes_need_the_csrf_token(member, assert_unchanged):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)

    with assert_unchanged(ApiToken):
        response = client.post("/api/v1/me/tokens", {"name": "x"}, content_type="application/json")

    assert response.status_code == 403


def test_bearer_token_writes_need_no_csrf_token(member):
    _token, secret = actions.create_token(user=member, name="script")
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        "/api/v1/me/tokens", {"name": "second"}, content_type="application/json", **bearer(secret)
    )

    assert response.status_code == 201


def test_duplicate_live_token_name_is_refused(session_client, member, assert_unchanged):
    actions.create_token(user=member, name="phone")

    with assert_unchanged(ApiToken):
        response = session_client.post(
            "/api/v1/me/tokens", {"name": "phone"}, content_type="application/json"
        )

    assert response.status_code == 409
    assert "already have a token with that name" in response.json()["detail"]


def test_empty_token_name_is_a_validation_error(session_client):
    response = session_client.post(
        "/api/v1/me/tokens", {"name": ""}, content_type="application/json"
    )

    assert response.status_code == 422


def test_token_list_shows_live_tokens_only_without_secrets(
    session_client, member, assert_queries_at_most
):
    for number in range(5):
        actions.create_token(user=member, name=f"token {number}")
    revoked, _secret = actions.create_token(user=member, name="revoked")
    actions.revoke_token(actor=member, token=revoked)
    actions.create_token(user=make_user(), name="someone else's")

    with assert_queries_at_most(4):
        response = session_client.get("/api/v1/me/tokens")

    names = [token["name"] for token in response.json()]
    assert sorted(names) == [f"token {number}" for number in range(5)]
    assert all("secret" not in token for token in response.json())


def test_people_endpoint_respects_visibility_and_never_shows_email(session_client):
    make_user(
        handle="warm-tide",
        email="tide@example.test",
        pronouns="she/her",
        bio="Hidden",
        show_bio=False,
    )

    response = session_client.get("/api/v1/people/Warm-Tide")

    assert response.status_code == 200
    assert response.json() == {
        "handle": "warm-tide",
        "pronouns": "she/her",
        "languages": ["en"],
        "bio": None,
    }
    assert session_client.get("/api/v1/people/nobody").status_code == 404


def test_tokens_page_shows_a_new_secret_once_and_revokes(session_client, member):
    response = session_client.post("/me/tokens/", {"name": "my tablet"})

    token = ApiToken.objects.get(user=member)
    page = response.content.decode()
    assert "Copy it now" in page
    secret = page.split('<code id="new-token">')[1].split("</code>")[0]
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in session_client.get("/me/tokens/").content.decode()

    response = session_client.post(f"/me/tokens/{token.pk}/revoke/")

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_tokens_page_refuses_to_revoke_someone_elses_token(session_client, assert_unchanged):
    other_token, _secret = actions.create_token(user=make_user(), name="theirs")

    with assert_unchanged(ApiToken):
        response = session_client.post(f"/me/tokens/{other_token.pk}/revoke/")

    assert response.status_code == 404


def test_api_docs_are_served_locally_and_document_error_statuses(client):
    assert client.get("/api/v1/docs").status_code == 200
    schema = client.get("/api/v1/openapi.json").json()

    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            documented = set(operation["responses"])
            assert {"401", "403", "404", "422"} <= documented, (method, path)


def test_token_use_is_not_recorded_again_within_a_minute():
    token, _secret = actions.create_token(user=make_user(), name="x")
    recent = timezone.now() - timedelta(seconds=30)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=recent)
    token.refresh_from_db()

    actions.record_token_use(token=token)

    assert ApiToken.objects.get(pk=token.pk).last_used_at == recent
