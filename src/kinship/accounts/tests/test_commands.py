from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from kinship.accounts.management.commands import tokens as tokens_command
from kinship.accounts.management.commands import users as users_command
from kinship.accounts.models import ApiToken, Role, User
from kinship.accounts.tests.factories import make_user
from kinship.accounts.tests.helpers import audit_model, audit_rows
from kinship.core.audit import AuditAction

pytestmark = pytest.mark.django_db


def run(*args, stdin=None):
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO(), stdin=stdin or io.StringIO(""))
    return out.getvalue()


def run_tokens(*args):
    out = io.StringIO()
    call_command("tokens", *args, stdout=out)
    return out.getvalue()


def test_users_create_reads_the_password_from_piped_input():
    output = run(
        "users",
        "create",
        "--handle",
        "Cedar-Lantern",
        "--role",
        "facilitator",
        stdin=io.StringIO("a-piped-long-password\n"),
    )

    user = User.objects.get(handle="Cedar-Lantern")
    assert user.role == Role.FACILITATOR
    assert user.check_password("a-piped-long-password")
    assert "a-piped-long-password" not in output
    assert "Created Cedar-Lantern (Facilitator)" in output
    assert [row.data["role"] for row in audit_rows(AuditAction.USER_CREATED)] == ["facilitator"]


def test_users_create_makes_up_and_prints_a_password_when_none_is_piped():
    output = run(
        "users",
        "create",
        "--handle",
        "north-willow",
        "--role",
        "moderator",
        "--email",
        "willow@example.test",
    )

    found = re.search(r"Password \(shown once\): (\S+)", output)
    assert found is not None
    password = found.group(1)
    user = User.objects.get(handle="north-willow")
    assert user.check_password(password)
    assert user.email == "willow@example.test"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--handle", "me@example.test", "--role", "member"], "e-mail address"),
        (["--handle", "5558675309", "--role", "member"], "phone number"),
        (["--handle", "taken-NAME", "--role", "member"], "Someone already uses that handle"),
        (["--handle", "fine-name", "--role", "wizard"], "Unknown role “wizard”"),
    ],
)
def test_users_create_refuses_bad_input_and_changes_nothing(args, message, assert_unchanged):
    make_user(handle="taken-name")

    with assert_unchanged(User, audit_model()), pytest.raises(CommandError, match=message):
        run("users", "create", *args)


def test_users_create_refuses_a_weak_piped_password(assert_unchanged):
    with assert_unchanged(User), pytest.raises(CommandError, match="too short"):
        run(
            "users",
            "create",
            "--handle",
            "fine-name",
            "--role",
            "member",
            stdin=io.StringIO("short\n"),
        )


def test_users_set_role_changes_the_role_and_is_audited():
    user = make_user(handle="clear-aspen")

    output = run("users", "set-role", "--handle", "CLEAR-ASPEN", "--role", "coordinator")

    user.refresh_from_db()
    assert user.role == Role.COORDINATOR
    assert "clear-aspen is now Coordinator" in output
    rows = audit_rows(AuditAction.ROLE_CHANGED)
    assert [(row.actor_id, row.data["via"]) for row in rows] == [(None, "command line")]


def test_users_set_role_refuses_unknown_people_and_the_last_admin(assert_unchanged):
    make_user(handle="only-admin", role=Role.ADMIN)

    with assert_unchanged(User, audit_model()):
        with pytest.raises(CommandError, match="No account has the handle"):
            run("users", "set-role", "--handle", "nobody-here", "--role", "member")
        with pytest.raises(CommandError, match="last admin"):
            run("users", "set-role", "--handle", "only-admin", "--role", "member")


def test_tokens_create_prints_a_working_token_once_and_revoke_stops_it():
    user = make_user(handle="lucky-finch")

    output = run_tokens("create", "--handle", "lucky-finch", "--name", "backup script")

    secret = output.strip().splitlines()[-1]
    assert secret.startswith("kin_")
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.json()["handle"] == "lucky-finch"

    run_tokens("revoke", "--handle", "lucky-finch", "--name", "backup script")

    assert ApiToken.objects.get(user=user).revoked_at is not None
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_tokens_commands_refuse_unknown_people_and_names(assert_unchanged):
    make_user(handle="lucky-finch")

    with assert_unchanged(ApiToken):
        with pytest.raises(CommandError, match="No account has the handle"):
            run_tokens("create", "--handle", "nobody-here")
        with pytest.raises(CommandError, match="no live token named"):
            run_tokens("revoke", "--handle", "lucky-finch", "--name", "missing")


@pytest.mark.parametrize(
    ("module", "name", "subcommand", "expected"),
    [
        (users_command, "users", "create", "--handle"),
        (users_command, "users", "set-role", "--role"),
        (tokens_command, "tokens", "create", "--name"),
        (tokens_command, "tokens", "revoke", "--name"),
    ],
)
def test_every_command_has_help(module, name, subcommand, expected):
    parser = module.Command().create_parser("kinship", name)

    assert subcommand in parser.format_help()
    with pytest.raises(SystemExit) as exit_info:
        parser.parse_args([subcommand, "--help"])
    assert exit_info.value.code == 0


def test_missing_subcommand_is_a_clear_error():
    with pytest.raises(CommandError, match="required"):
        run("users")
