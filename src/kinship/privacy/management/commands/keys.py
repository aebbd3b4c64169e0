"""`kinship keys rotate`: move every encrypted value onto the first configured key."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kinship.core import crypto
from kinship.privacy import actions


class Command(BaseCommand):
    help = "Manage the keys that encrypt member-written text."

    def add_arguments(self, parser: ArgumentParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        rotate = subcommands.add_parser(
            "rotate", help="Re-encrypt every value not yet under the first key (resumable)."
        )
        rotate.add_argument(
            "--dry-run", action="store_true", help="Only count the rows still to re-encrypt."
        )
        rotate.add_argument("--batch-size", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] != "rotate":
            raise CommandError(f"unknown subcommand {options['subcommand']!r}")
        key_id = crypto.current_key_id()
        if options["dry_run"]:
            remaining = actions.count_rows_to_rotate()
            for label, count in remaining.items():
                self.stdout.write(f"{label}: {count} rows to re-encrypt")
            self.stdout.write(f"{sum(remaining.values())} rows not yet on key {key_id}")
            return
        rotated = actions.rotate_encryption_keys(batch_size=options["batch_size"])
        for label, count in rotated.items():
            self.stdout.write(f"{label}: {count} rows re-encrypted")
        self.stdout.write(self.style.SUCCESS(f"{sum(rotated.values())} rows now on key {key_id}"))
