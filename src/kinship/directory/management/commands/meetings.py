"""`kinship meetings import|export|sources|source`: Meeting Guide feeds in and out."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper
from django.db import transaction

from kinship.core.audit import AuditAction, record_audit
from kinship.directory.codes import PROGRAMS
from kinship.directory.feeds.exporter import (
    feed_json,
    feed_records,
    public_meetings,
    source_meetings,
)
from kinship.directory.feeds.importer import import_feed
from kinship.directory.feeds.load import FeedError
from kinship.directory.models import FeedSource, Meeting

PROGRESS_MINIMUM = 2000
BAR_WIDTH = 30


class ProgressBar:
    """A plain-text bar on stderr: redrawn in place on a terminal, every 10% otherwise."""

    def __init__(self, stream: OutputWrapper, *, minimum: int = PROGRESS_MINIMUM) -> None:
        self.stream = stream
        self.minimum = minimum
        self.is_terminal = stream.isatty()
        self.last_step: dict[str, int] = {}
        self.last_draw = 0.0

    def __call__(self, phase: str, done: int, total: int) -> None:
        if total < self.minimum:
            return
        if self.is_terminal:
            now = time.monotonic()
            if done < total and now - self.last_draw < 0.1:
                return
            self.last_draw = now
            self.stream.write(
                "\r" + self._line(phase, done, total), ending="\n" if done >= total else ""
            )
        else:
            step = done * 10 // total
            if self.last_step.get(phase, -1) < step:
                self.last_step[phase] = step
                self.stream.write(self._line(phase, done, total))
        self.stream.flush()

    @staticmethod
    def _line(phase: str, done: int, total: int) -> str:
        filled = BAR_WIDTH * done // total
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        return f"{phase:<8} [{bar}] {done * 100 // total:3d}% {done:,}/{total:,}"


def _no_progress(phase: str, done: int, total: int) -> None:
    """--quiet: no bar."""


class Command(BaseCommand):
    help = "Import and export Meeting Guide JSON feeds, and list feed sources."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="command")
        importing = commands.add_parser("import", help="Import a feed (a file or an http(s) URL).")
        importing.add_argument("location", metavar="PATH_OR_URL")
        importing.add_argument("--source", required=True, help="The source's name (a slug).")
        importing.add_argument(
            "--program", choices=PROGRAMS, help="Whose type codes the feed uses (default: aa)."
        )
        importing.add_argument(
            "--timezone", help="IANA zone for records without one (kept for the source)."
        )
        importing.add_argument("--report", type=Path, help="Write the warnings here as JSON.")
        importing.add_argument("--max-bytes", type=int, help="Refuse feeds larger than this.")
        importing.add_argument(
            "--timeout", type=float, default=30.0, help="Seconds to wait for a URL (default 30)."
        )
        importing.add_argument("--quiet", action="store_true", help="No progress bar.")

        exporting = commands.add_parser("export", help="Write a feed file.")
        exporting.add_argument("--output", required=True, help="File to write ('-' for stdout).")
        exporting.add_argument(
            "--source", help="Export this source only (whether or not it is republished)."
        )

        commands.add_parser("sources", help="List feed sources.")

        changing = commands.add_parser("source", help="Show or change one source's permissions.")
        changing.add_argument("name")
        changing.add_argument(
            "--republish",
            choices=("yes", "no"),
            help="Include its meetings in our public feed (only with the publisher's permission).",
        )
        changing.add_argument(
            "--publish-contacts",
            choices=("yes", "no"),
            help="Include its contact_* fields in our feeds (only with permission).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        subcommand = options["subcommand"]
        if subcommand == "import":
            self._import(options)
        elif subcommand == "export":
            self._export(options)
        elif subcommand == "sources":
            self._sources()
        else:
            self._source(options)

    def _import(self, options: dict[str, Any]) -> None:
        progress = _no_progress if options["quiet"] else ProgressBar(self.stderr)
        try:
            report = import_feed(
                location=options["location"],
                source_name=options["source"],
                program=options["program"],
                timezone=options["timezone"],
                max_bytes=options["max_bytes"],
                timeout=options["timeout"],
                progress=progress,
            )
        except FeedError as error:
            raise CommandError(f"Feed refused, nothing changed: {error}") from None
        if options["report"] is not None:
            report.write(options["report"])
        self.stdout.write(
            f"{report.records:,} records, {report.meetings:,} meetings: "
            f"{report.added:,} added, {report.updated:,} updated, "
            f"{report.unchanged:,} unchanged, {report.removed:,} removed"
        )
        self.stdout.write(
            f"{report.rejected:,} records rejected, {len(report.warnings):,} warnings"
            + (f" (details in {options['report']})" if options["report"] else "")
        )

    def _export(self, options: dict[str, Any]) -> None:
        name = options["source"]
        if name:
            source = FeedSource.objects.filter(name=name).first()
            if source is None:
                raise CommandError(f"No source named {name!r} (see `kinship meetings sources`).")
            meetings = source_meetings(source)
        else:
            meetings = public_meetings()
        document = feed_json(feed_records(meetings, use_source_slug=bool(name)))
        count = meetings.count()
        if options["output"] == "-":
            self.stdout.write(document, ending="")
            return
        Path(options["output"]).write_text(document, encoding="utf-8")
        self.stdout.write(f"Wrote {count:,} meetings to {options['output']}")

    def _sources(self) -> None:
        sources = FeedSource.objects.order_by("name")
        if not sources:
            self.stdout.write("No feed sources yet: `kinship meetings import PATH --source NAME`.")
            return
        for source in sources:
            active = Meeting.objects.filter(source=source, is_active=True).count()
            imported = (
                source.last_imported_at.strftime("%Y-%m-%d %H:%M UTC")
                if source.last_imported_at
                else "never"
            )
            self.stdout.write(
                f"{source.name}: {active:,} meetings, program {source.program}, "
                f"zone {source.default_timezone or '-'}, last import {imported}, "
                f"republished {'yes' if source.is_republished else 'no'}, "
                f"contacts published {'yes' if source.is_contacts_published else 'no'}"
                + (f", {source.url}" if source.url else "")
            )

    def _source(self, options: dict[str, Any]) -> None:
        changes: dict[str, bool] = {}
        if options["republish"] is not None:
            changes["is_republished"] = options["republish"] == "yes"
        if options["publish_contacts"] is not None:
            changes["is_contacts_published"] = options["publish_contacts"] == "yes"
        with transaction.atomic():
            source = FeedSource.objects.select_for_update().filter(name=options["name"]).first()
            if source is None:
                raise CommandError(f"No source named {options['name']!r}.")
            if changes:
                for field_name, value in changes.items():
                    setattr(source, field_name, value)
                source.save(update_fields=[*changes, "updated_at"])
                record_audit(
                    action=AuditAction.FEED_SOURCE_CHANGED,
                    subject_kind="feed_source",
                    subject_id=source.pk,
                    data={"source": source.name, **changes},
                )
        self.stdout.write(
            f"{source.name}: republished {'yes' if source.is_republished else 'no'}, "
            f"contacts published {'yes' if source.is_contacts_published else 'no'}"
        )
