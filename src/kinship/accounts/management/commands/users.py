"""`kinship users create|set-role`: manage accounts from the command line."""

from __future__ import annotations

import secrets
import sys
from typing import Any, TextIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kinship.accounts import actions
from kinship.accounts.models import ROLE_ORDER, Role, User

ROLE_CHOICES = [role.value for role in ROLE_ORDER]


def parse_role(value: str) -> Role:
    try:
        return Role(value.strip().lower().replace("-", "_").replace(" ", "_"))
    except ValueError:
        raise CommandError(
            f"Unknown role “{value}”. Use one of: {', '.join(ROLE_CHOICES)}."
        ) from None


def find_user(handle: str) -> User:
    user = User.objects.filter(handle__iexact=handle).first()
    if user is None:
        raise CommandError(f"No account has the handle “{handle}”.")
    return user


def read_password(stdin: TextIO) -> str | None:
    """A password piped on standard input, or None when there is none (or it is a terminal)."""
    if stdin.isatty():
        return None
    password = stdin.readline().rstrip("\r\n")
    return password or None


class Command(BaseCommand):
    help = "Create accounts and change roles."
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="command")
        create = subcommands.add_parser(
            "create",
            help="Create an account. Pipe a password on standard input, or one is made up "
            "and printed.",
        )
        create.add_argument("--handle", required=True, help="The public handle (a nickname).")
        create.add_argument("--role", required=True, help=f"One of: {', '.join(ROLE_CHOICES)}.")
        create.add_argument("--email", default="", help="Optional e-mail for password resets.")
        set_role = subcommands.add_parser("set-role", help="Change an account's role.")
        set_role.add_argument("--handle", required=True, help="The account's handle.")
        set_role.add_argument("--role", required=True, help=f"One of: {', '.join(ROLE_CHOICES)}.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "create":
            self.create(options)
        else:
            self.set_role(options)

    def create(self, options: dict[str, Any]) -> None:
        role = parse_role(options["role"])
        stdin: TextIO = options.get("stdin") or sys.stdin
        password = read_password(stdin)
        generated = password is None
        if password is None:
            password = secrets.token_urlsafe(15)
        try:
            user = actions.create_member(
                handle=options["handle"], password=password, role=role, email=options["email"]
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"Created {user.handle} ({role.label})."))
        if generated:
            self.stdout.write(f"Password (shown once): {password}")

    def set_role(self, options: dict[str, Any]) -> None:
        role = parse_role(options["role"])
        user = find_user(options["handle"])
        try:
            # The command line is the site operator: it acts as the system, not as an admin.
            actions.change_role_as_operator(user=user, role=role)
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"{user.handle} is now {role.label}."))
