"""`kinship privacy erase-due | export | delete`: the member-data chores for operators."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kinship.privacy import actions


class Command(BaseCommand):
    help = "Export a member's data, delete accounts, erase accounts past their grace period."

    def add_arguments(self, parser: ArgumentParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        subcommands.add_parser("erase-due", help="Erase every account past its grace period.")
        export = subcommands.add_parser("export", help="Write one member's data to a zip file.")
        export.add_argument("--handle", required=True)
        export.add_argument("--output", required=True, type=Path)
        delete = subcommands.add_parser(
            "delete", help="Ask to delete an account (after the grace period, or --now)."
        )
        delete.add_argument("--handle", required=True)
        delete.add_argument("--now", action="store_true", help="Erase at once, no grace period.")
        delete.add_argument(
            "--keep-posts",
            action="store_true",
            help="Keep the member's posts with their name removed.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        subcommand = options["subcommand"]
        if subcommand == "erase-due":
            erased = actions.erase_due_accounts(now=timezone.now())
            self.stdout.write(f"{erased} accounts erased")
        elif subcommand == "export":
            member = self._member(options["handle"])
            archive = actions.build_export(member=member)
            options["output"].write_bytes(archive)
            self.stdout.write(f"wrote {len(archive)} bytes to {options['output']}")
        elif subcommand == "delete":
            self._delete(
                self._member(options["handle"]),
                now=options["now"],
                keep_posts=options["keep_posts"],
            )
        else:
            raise CommandError(f"unknown subcommand {subcommand!r}")

    def _member(self, handle: str) -> Any:
        member = get_user_model()._default_manager.filter(handle__iexact=handle).first()
        if member is None:
            raise CommandError(f"no account with handle {handle!r}")
        return member

    def _delete(self, member: Any, *, now: bool, keep_posts: bool) -> None:
        if now:
            actions.erase_account(member=member, keep_posts_anonymised=keep_posts)
            self.stdout.write(f"account {member.pk} erased")
            return
        try:
            request = actions.request_account_deletion(
                member=member, keep_posts_anonymised=keep_posts
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"account {member.pk} will be erased after {request.erase_after:%Y-%m-%d %H:%M} UTC"
        )
