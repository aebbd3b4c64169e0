"""`kinship audit verify`: check that no audit entry was changed or removed."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kinship.privacy.audit import verify_chain


class Command(BaseCommand):
    help = "Work with the append-only audit log."

    def add_arguments(self, parser: ArgumentParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        verify = subcommands.add_parser(
            "verify", help="Walk the hash chain; exit non-zero at the first bad entry."
        )
        verify.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] != "verify":
            raise CommandError(f"unknown subcommand {options['subcommand']!r}")
        report = verify_chain(batch_size=options["batch_size"])
        if not report.is_intact:
            raise CommandError(
                f"audit chain broken at entry {report.first_bad_id}: {report.problem} "
                f"({report.entries_checked} entries before it are intact)"
            )
        self.stdout.write(
            self.style.SUCCESS(f"audit chain intact: {report.entries_checked} entries")
        )
