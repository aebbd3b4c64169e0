import io
import json
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from kinship.accounts.models import ApiToken, User
from kinship.accounts.tests.factories import UserFactory
from kinship.core.audit import AuditAction, record_audit
from kinship.privacy import actions, tasks
from kinship.privacy.audit import verify_chain
from kinship.privacy.models import AuditEntry, ConsentGrant, ConsentScope, DeletionRequest
from kinship.privacy.registry import data_handlers, register_data_handler, unregister_data_handler

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def _open_zip(content):
    archive = zipfile.ZipFile(io.BytesIO(content))
    return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def _give_member_a_history(member):
    member.pronouns = "they/them"
    member.languages = ["en", "es"]
    member.save(update_fields=["pronouns", "languages"])
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    ApiToken.objects.create(user=member, name="phone app", prefix="kin_abc", digest="d" * 64)
    mentor = UserFactory.create(handle="mentor-ruth", role="peer_supporter")
    actions.grant_consent(
        member=member, scope=ConsentScope.CHECKINS, grantee_user=mentor, reason="my own words"
    )
    record_audit(
        action=AuditAction.PROFILE_UPDATED,
        actor=member,
        subject_kind="accounts.user",
        subject_id=member.pk,
    )
    return mentor


@pytest.fixture
def extra_handler():
    calls = []

    def exporter(user):
        return [{"thing": "from another app", "owner": user.pk}]

    def eraser(user, *, keep_posts_anonymised):
        calls.append((user.pk, keep_posts_anonymised))

    register_data_handler("testapp", exporter=exporter, eraser=eraser)
    yield calls
    unregister_data_handler("testapp")


# Export ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_download_my_data_gives_a_zip_with_everything_about_me(
    member, member_client, extra_handler
):
    _give_member_a_history(member)
    response = member_client.post(reverse("privacy:export"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    files = _open_zip(response.content)
    assert {"README.txt", "accounts.json", "testapp.json"} <= set(files)
    assert set(files) == {"README.txt"} | {f"{handler.name}.json" for handler in data_handlers()}
    assert "accounts.json" in files["README.txt"]

    data = json.loads(files["accounts.json"])
    assert data["profile"]["handle"] == "river"
    assert data["profile"]["email"] == "river@example.org"
    assert data["profile"]["bio"] == "Two years clean"
    assert data["profile"]["pronouns"] == "they/them"
    assert data["profile"]["languages"] == ["en", "es"]
    assert data["profile"]["role"] == "member"
    assert data["api_tokens"] == [
        {
            "name": "phone app",
            "created_at": data["api_tokens"][0]["created_at"],
            "last_used_at": None,
            "revoked_at": None,
        }
    ]
    assert "d" * 64 not in files["accounts.json"]
    [grant] = data["consent_grants"]
    assert grant["shared_with"] == "mentor-ruth"
    assert grant["note"] == "my own words"
    actions_seen = [entry["action"] for entry in data["audit_entries"]]
    assert AuditAction.CONSENT_GRANTED.value in actions_seen
    assert AuditAction.PROFILE_UPDATED.value in actions_seen
    assert json.loads(files["testapp.json"]) == [{"thing": "from another app", "owner": member.pk}]

    exported = AuditEntry.objects.get(action=AuditAction.DATA_EXPORTED)
    assert exported.actor_pk == member.pk
    assert exported.data == {"handlers": [handler.name for handler in data_handlers()]}
    assert exported.data["handlers"][0] == "accounts"


@pytest.mark.django_db
def test_export_does_not_include_other_members_audit_entries(member, member_client):
    other = UserFactory.create()
    record_audit(
        action=AuditAction.SIGNED_IN, actor=other, subject_kind="accounts.user", subject_id=other.pk
    )
    data = json.loads(
        _open_zip(member_client.post(reverse("privacy:export")).content)["accounts.json"]
    )
    assert [entry["action"] for entry in data["audit_entries"]] == []


@pytest.mark.django_db
def test_download_needs_post_and_sign_in(client, member_client):
    assert member_client.get(reverse("privacy:export")).status_code == 405
    assert client.post(reverse("privacy:export")).status_code == 302


@pytest.mark.django_db
def test_export_command_writes_the_zip(member, tmp_path):
    output = tmp_path / "river.zip"
    call_command("privacy", "export", "--handle", "RIVER", "--output", str(output))
    files = _open_zip(output.read_bytes())
    assert json.loads(files["accounts.json"])["profile"]["handle"] == "river"
    with pytest.raises(CommandError, match="no account"):
        call_command("privacy", "export", "--handle", "nobody", "--output", str(output))


# Erasure ---------------------------------------------------------------------------------


def _rows_mentioning(*needles):
    """Every row in every table that still holds one of the needles, as (table, row)."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608  # table names from Django
            for row in cursor.fetchall():
                text = " ".join(str(value) for value in row).lower()
                if any(needle.lower() in text for needle in needles):
                    found.append((table, row))
    return found


@pytest.mark.django_db
def test_erasure_leaves_nothing_that_names_the_member(member, extra_handler):
    mentor = _give_member_a_history(member)
    shared_with_member = actions.grant_consent(
        member=mentor, scope=ConsentScope.PROFILE_DETAILS, grantee_user=member
    )
    actions.request_account_deletion(member=member, keep_posts_anonymised=True, reason="bye")
    assert _rows_mentioning("river", "river@example.org", "Two years clean")

    actions.erase_account(member=member)

    assert _rows_mentioning("river", "river@example.org", "Two years clean", "they/them") == []
    member.refresh_from_db()
    assert member.handle.startswith("deleted-")
    assert member.email == member.bio == member.pronouns == ""
    assert member.languages == []
    assert not member.is_active
    assert not member.has_usable_password()
    assert not ApiToken.objects.filter(user=member).exists()
    assert not EmailAddress.objects.filter(user=member).exists()
    assert not ConsentGrant.objects.filter(member=member).exists()
    shared_with_member.refresh_from_db()
    assert shared_with_member.revoked_at is not None
    assert extra_handler == [(member.pk, True)]
    request = DeletionRequest.objects.get(member=member)
    assert request.completed_at is not None
    assert request.reason == ""
    erased = AuditEntry.objects.get(action=AuditAction.ACCOUNT_ERASED)
    assert erased.subject_id == str(member.pk)
    # Audit entries stay, still chained, and name the member by number only.
    assert AuditEntry.objects.filter(actor_pk=member.pk).count() >= 2
    assert verify_chain().is_intact


@pytest.mark.django_db
def test_erased_member_cannot_sign_in(member, client):
    actions.erase_account(member=member)
    assert not client.login(handle="river", password="correct-horse-battery-staple")
    member.refresh_from_db()
    assert not client.login(handle=member.handle, password="correct-horse-battery-staple")


@pytest.mark.django_db
def test_erased_member_is_signed_out_of_open_sessions(member, member_client):
    assert member_client.get("/me/privacy/").status_code == 200
    actions.erase_account(member=member)
    response = member_client.get("/me/privacy/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_second_handler_cannot_take_a_registered_name():
    with pytest.raises(ValueError, match="already registered"):
        register_data_handler(
            "accounts", exporter=lambda user: {}, eraser=lambda user, *, keep_posts_anonymised: None
        )


@pytest.mark.django_db
def test_erasure_waits_for_the_grace_period(member):
    with override_settings(KINSHIP_ACCOUNT_DELETION_GRACE_DAYS=14):
        request = actions.request_account_deletion(
            member=member, keep_posts_anonymised=False, now=T0
        )
    assert request.erase_after == T0 + timedelta(days=14)

    assert actions.erase_due_accounts(now=T0 + timedelta(days=14) - timedelta(seconds=1)) == 0
    member.refresh_from_db()
    assert member.handle == "river"
    assert member.is_active

    assert actions.erase_due_accounts(now=T0 + timedelta(days=14, seconds=1)) == 1
    member.refresh_from_db()
    assert member.handle.startswith("deleted-")
    assert actions.erase_due_accounts(now=T0 + timedelta(days=30)) == 0


@pytest.mark.django_db
def test_cancelled_request_is_never_erased(member):
    actions.request_account_deletion(member=member, keep_posts_anonymised=False, now=T0)
    actions.cancel_account_deletion(member=member, now=T0 + timedelta(days=1))
    assert actions.erase_due_accounts(now=T0 + timedelta(days=60)) == 0
    member.refresh_from_db()
    assert member.handle == "river"
    assert [e.action for e in AuditEntry.objects.order_by("id")] == [
        AuditAction.DELETION_REQUESTED,
        AuditAction.DELETION_CANCELLED,
    ]


@pytest.mark.django_db
def test_erase_due_task_erases_accounts_past_their_date(member):
    waiting = UserFactory.create(handle="still-here")
    actions.request_account_deletion(member=member, keep_posts_anonymised=False, now=T0)
    actions.request_account_deletion(member=waiting, keep_posts_anonymised=False)

    result = tasks.erase_due_accounts.enqueue()

    assert result.return_value == 1
    member.refresh_from_db()
    waiting.refresh_from_db()
    assert member.handle.startswith("deleted-")
    assert waiting.handle == "still-here"


@pytest.mark.django_db
def test_erase_due_command(member, capsys):
    actions.request_account_deletion(member=member, keep_posts_anonymised=False, now=T0)
    call_command("privacy", "erase-due")
    assert "1 accounts erased" in capsys.readouterr().out
    assert not User.objects.filter(handle="river").exists()


@pytest.mark.django_db
def test_delete_command_waits_unless_now(member, capsys, extra_handler):
    call_command("privacy", "delete", "--handle", "river", "--keep-posts")
    assert "will be erased after" in capsys.readouterr().out
    request = DeletionRequest.objects.get(member=member)
    assert request.keep_posts_anonymised
    assert User.objects.filter(handle="river").exists()
    with pytest.raises(CommandError, match="already asked"):
        call_command("privacy", "delete", "--handle", "river")

    other = UserFactory.create(handle="leaving-now")
    call_command("privacy", "delete", "--handle", "leaving-now", "--now")
    other.refresh_from_db()
    assert other.handle.startswith("deleted-")
    assert extra_handler == [(other.pk, False)]


# The page ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_delete_my_account_needs_the_confirmation_box(member, member_client):
    response = member_client.post(reverse("privacy:delete-request"), {"posts": "remove"})
    assert response.status_code == 200
    assert "Tick the box to say you are sure." in response.content.decode()
    assert not DeletionRequest.objects.exists()


@pytest.mark.django_db
def test_delete_my_account_through_the_page_shows_the_date_and_can_be_cancelled(
    member, member_client
):
    response = member_client.post(
        reverse("privacy:delete-request"),
        {"posts": "keep", "confirm": "on", "reason": "taking a break"},
        follow=True,
    )
    page = response.content.decode()
    request = DeletionRequest.objects.get(member=member)
    assert request.keep_posts_anonymised
    assert request.reason == "taking a break"
    assert "Your account will be deleted on" in page
    assert "Keep my account" in page
    # Still signed in during the grace period.
    assert member_client.get("/me/privacy/").status_code == 200

    response = member_client.post(reverse("privacy:delete-cancel"), follow=True)
    assert "Your account will not be deleted." in response.content.decode()
    request.refresh_from_db()
    assert request.cancelled_at is not None
    assert "Delete my account" in member_client.get("/me/privacy/").content.decode()
