"""`kinship safety screen`: JSON Lines in, one verdict or error per line out."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command


def _run(tmp_path, lines):
    source = tmp_path / "in.jsonl"
    target = tmp_path / "out.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return source, target


def _read(target):
    return [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]


def test_screen_writes_one_verdict_per_line(tmp_path):
    source, target = _run(
        tmp_path,
        [
            json.dumps({"id": "a", "text": "Made it to 100 days!"}),
            json.dumps({"id": "b", "text": "I'm ending it tonight.", "channel": "chat"}),
        ],
    )
    call_command("safety", "screen", "--input", str(source), "--output", str(target))
    rows = _read(target)
    assert [(row["id"], row["level"]) for row in rows] == [("a", "none"), ("b", "imminent")]
    assert rows[0]["signals"] == []
    assert {"signal", "level", "text"} <= set(rows[1]["signals"][0])


def test_bad_lines_are_reported_in_place_and_fail_the_run_without_losing_good_lines(tmp_path):
    source, target = _run(
        tmp_path,
        [
            json.dumps({"id": "good-1", "text": "I want to die."}),
            "{not json",
            json.dumps({"id": "no-text"}),
            json.dumps({"id": "number", "text": 42}),
            json.dumps(["a list"]),
            json.dumps({"id": "good-2", "text": "See you at the Friday meeting."}),
        ],
    )
    with pytest.raises(CommandError, match="4 line"):
        call_command("safety", "screen", "--input", str(source), "--output", str(target))
    rows = _read(target)
    assert len(rows) == 6
    assert rows[0] == {"id": "good-1", "level": "high", "signals": rows[0]["signals"]}
    assert rows[1]["line"] == 2
    assert rows[1]["error"].startswith("invalid JSON")
    assert rows[2] == {"line": 3, "id": "no-text", "error": "missing text"}
    assert rows[3] == {"line": 4, "id": "number", "error": "text must be a string"}
    assert rows[4]["error"] == "each line must be a JSON object"
    assert rows[5]["level"] == "none"


def test_a_missing_input_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command(
            "safety",
            "screen",
            "--input",
            str(tmp_path / "absent.jsonl"),
            "--output",
            str(tmp_path / "out.jsonl"),
        )
