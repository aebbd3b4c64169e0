"""`kinship safety screen --input IN.jsonl --output OUT.jsonl`: batch screening.

`kinship safety escalate`: take the next step on overdue alerts (for a systemd timer when
`kinship serve` runs with --no-task-worker).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kinship.safety import screening
from kinship.safety.actions import alerts


class Command(BaseCommand):
    help = "Screen texts for crisis risk in bulk, for review and re-screening."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="command")
        screen = commands.add_parser(
            "screen", help="Screen a JSON Lines file of {id, text, channel?} objects."
        )
        screen.add_argument("--input", required=True, type=Path, help="JSON Lines to read.")
        screen.add_argument("--output", required=True, type=Path, help="JSON Lines to write.")
        commands.add_parser("escalate", help="Escalate alerts past their response target.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "escalate":
            count = alerts.escalate_overdue_alerts()
            self.stdout.write(f"escalated {count} alert(s)")
            return
        source: Path = options["input"]
        target: Path = options["output"]
        try:
            reader = source.open(encoding="utf-8", errors="replace")
        except OSError as error:
            raise CommandError(f"cannot read {source}: {error.strerror}") from error
        with reader, target.open("w", encoding="utf-8") as writer:
            screened, failed = _screen_lines(reader, writer)
        self.stdout.write(f"screened {screened} texts into {target}")
        if failed:
            raise CommandError(
                f"{failed} line(s) could not be screened; see the error lines in {target}"
            )


def _screen_lines(reader: TextIO, writer: TextIO) -> tuple[int, int]:
    screened = failed = 0
    for number, line in enumerate(reader, start=1):
        if not line.strip():
            continue
        result = _screen_line(number, line)
        failed += "error" in result
        screened += "error" not in result
        writer.write(json.dumps(result, ensure_ascii=False) + "\n")
    return screened, failed


def _screen_line(number: int, line: str) -> dict[str, Any]:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as error:
        return {"line": number, "id": None, "error": f"invalid JSON: {error.msg}"}
    if not isinstance(item, dict):
        return {"line": number, "id": None, "error": "each line must be a JSON object"}
    identifier = item.get("id")
    text = item.get("text")
    if not isinstance(text, str):
        problem = "missing text" if text is None else "text must be a string"
        return {"line": number, "id": identifier, "error": problem}
    channel = item.get("channel")
    verdict = screening.assess(text, channel=channel if isinstance(channel, str) else "")
    return {"id": identifier, "level": verdict.level, "signals": verdict.signal_dicts()}
