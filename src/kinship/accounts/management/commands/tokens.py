"""`kinship tokens create|revoke`: personal API tokens from the command line."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kinship.accounts import actions
from kinship.accounts.management.commands.users import find_user
from kinship.accounts.models import ApiToken


class Command(BaseCommand):
    help = "Create and revoke personal API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="command")
        create = subcommands.add_parser("create", help="Make a token and print it once.")
        create.add_argument("--handle", required=True, help="Whose token it is.")
        create.add_argument("--name", default="command line", help="A name to recognise it.")
        revoke = subcommands.add_parser("revoke", help="Stop a token from working.")
        revoke.add_argument("--handle", required=True, help="Whose token it is.")
        revoke.add_argument("--name", required=True, help="The token's name.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = find_user(options["handle"])
        if options["subcommand"] == "create":
            try:
                token, secret = actions.create_token(user=user, name=options["name"])
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            self.stdout.write(f"Token “{token.name}” for {user.handle} (shown once):")
            self.stdout.write(secret)
            return
        token_to_revoke = ApiToken.objects.filter(
            user=user, name=options["name"], revoked_at__isnull=True
        ).first()
        if token_to_revoke is None:
            raise CommandError(f"{user.handle} has no live token named “{options['name']}”.")
        actions.revoke_token(actor=None, token=token_to_revoke)
        self.stdout.write(self.style.SUCCESS(f"Revoked “{token_to_revoke.name}”."))
