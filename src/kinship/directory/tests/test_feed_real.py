"""The 13 real feeds and the synthetic edge cases in ../shared/meeting-feeds (read, never copied).

Each real feed imports without an exception, with the counts and warnings the reference
(§13) leads us to expect, and survives a round trip: export the source, import the export
as a second source, and the meetings are the same.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import time
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from kinship.directory.models import FeedSource, Meeting

pytestmark = pytest.mark.django_db

FEEDS = (Path(__file__).resolve().parents[4] / "../shared/meeting-feeds").resolve()
needs_feeds = pytest.mark.skipif(
    not FEEDS.is_dir(), reason=f"sample feeds not found at {FEEDS} (the shared folder)"
)

# file -> (program, zone for records without one, records, meetings kept, records rejected)
REAL_FEEDS: dict[str, tuple[str, str, int, int, int]] = {
    "aasanjose.test.json": ("aa", "America/Los_Angeles", 693, 692, 1),
    "aasepia.json": ("aa", "America/New_York", 2038, 2038, 0),
    "aasfmarin.test.json": ("aa", "America/Los_Angeles", 658, 658, 0),
    "al-anon.json": ("al-anon", "America/New_York", 360, 360, 0),
    "atlanta.json": ("aa", "America/New_York", 6, 6, 0),
    "benlomond.test.json": ("aa", "America/Los_Angeles", 35, 35, 0),
    "eda.json": ("eda", "America/New_York", 185, 185, 0),
    "edmonton.json": ("aa", "America/Edmonton", 315, 315, 0),
    "kc.test.json": ("aa", "America/Chicago", 206, 206, 0),
    "meetings.json": ("aa", "America/Detroit", 46, 46, 0),
    "nwta.test.json": ("aa", "America/Chicago", 613, 613, 0),
    "oc.json": ("aa", "America/Los_Angeles", 1967, 1967, 0),
    "sussexaa.json": ("aa", "America/New_York", 123, 123, 0),
}
COMPARED_FIELDS = (
    "day",
    "start_time",
    "end_time",
    "timezone",
    "name",
    "types",
    "attendance_option",
    "latitude",
    "longitude",
    "formatted_address",
    "is_approximate",
    "conference_url",
    "conference_phone",
    "notes",
    "location_name",
    "region",
)


def source_name(file_name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", file_name.removesuffix(".json").lower())


def import_with_report(
    path: Path, source: str, tmp_path: Path, *options: str
) -> tuple[str, dict[str, Any]]:
    report_path = tmp_path / f"{source}.report.json"
    stdout = StringIO()
    call_command(
        "meetings",
        "import",
        str(path),
        "--source",
        source,
        "--report",
        str(report_path),
        "--quiet",
        *options,
        stdout=stdout,
        stderr=StringIO(),
    )
    report: dict[str, Any] = json.loads(report_path.read_text(encoding="utf-8"))
    return stdout.getvalue(), report


def snapshot(source: str) -> dict[str, tuple[Any, ...]]:
    rows = Meeting.objects.filter(source__name=source, is_active=True).values_list(
        "source_slug", *COMPARED_FIELDS
    )
    return {row[0]: tuple(row[1:]) for row in rows}


def unknown_types(report: dict[str, Any]) -> Counter[str]:
    return Counter(
        issue["message"].split("'")[1] for issue in report["issues"] if issue["field"] == "types"
    )


@needs_feeds
@pytest.mark.parametrize("file_name", sorted(REAL_FEEDS))
def test_a_real_feed_imports_and_survives_a_round_trip(file_name: str, tmp_path: Path) -> None:
    program, zone, records, kept, rejected = REAL_FEEDS[file_name]
    source = source_name(file_name)
    path = FEEDS / "real" / file_name

    stdout, report = import_with_report(
        path, source, tmp_path, "--program", program, "--timezone", zone
    )

    assert report["counts"]["records"] == records
    assert report["counts"]["meetings"] == kept
    assert report["counts"]["rejected"] == rejected
    assert f"{kept:,} added" in stdout
    assert Meeting.objects.filter(source__name=source).count() == kept
    assert len(set(Meeting.objects.values_list("slug", flat=True))) == kept
    assert not Meeting.objects.filter(source__name=source, types__contains=",ONL,").exists()

    again, _ = import_with_report(path, source, tmp_path)
    assert f"0 added, 0 updated, {kept:,} unchanged, 0 removed" in again

    exported = tmp_path / "export.json"
    call_command(
        "meetings", "export", "--output", str(exported), "--source", source, stdout=StringIO()
    )
    document = json.loads(exported.read_text(encoding="utf-8"))
    assert len(document) == kept
    assert all(value not in (None, "") for record in document for value in record.values())
    copy_stdout, copy_report = import_with_report(
        exported, f"{source}-copy", tmp_path, "--program", program
    )
    assert copy_report["counts"]["rejected"] == 0
    assert snapshot(f"{source}-copy") == snapshot(source)


@needs_feeds
def test_oc_attendance_options_match_the_feeds_own(tmp_path: Path) -> None:
    path = FEEDS / "real" / "oc.json"
    import_with_report(path, "oc", tmp_path, "--timezone", "America/Los_Angeles")

    theirs = {
        record["slug"]: record["attendance_option"] for record in json.loads(path.read_text())
    }
    ours = dict(
        Meeting.objects.filter(source__name="oc").values_list("source_slug", "attendance_option")
    )
    matching = sum(1 for slug, option in theirs.items() if ours[slug] == option)
    assert matching >= 1960
    assert Counter(ours.values())["hybrid"] == 148
    overnight = Meeting.objects.filter(source__name="oc", end_time__lte=time(3))
    assert overnight.exclude(end_time=None).count() >= 9
    assert Meeting.objects.filter(source__name="oc", day=None, start_time=None).count() == 1


@needs_feeds
def test_aasanjose_duplicate_slug_is_warned_and_dropped(tmp_path: Path) -> None:
    _, report = import_with_report(
        FEEDS / "real" / "aasanjose.test.json", "sj", tmp_path, "--timezone", "America/Los_Angeles"
    )

    duplicates = [issue for issue in report["issues"] if "duplicate slug" in issue["message"]]
    assert [(issue["slug"], issue["severity"]) for issue in duplicates] == [
        ("pass-it-on-group", "error")
    ]
    assert Meeting.objects.filter(source__name="sj", source_slug="pass-it-on-group").count() == 1
    assert Meeting.objects.filter(source__name="sj", feed_updated_at=None).count() == 276


@needs_feeds
def test_quirky_feeds_are_repaired(tmp_path: Path) -> None:
    real = FEEDS / "real"
    _, nwta = import_with_report(
        real / "nwta.test.json", "nwta", tmp_path, "--timezone", "America/Chicago"
    )
    _, edmonton = import_with_report(
        real / "edmonton.json", "edmonton", tmp_path, "--timezone", "America/Edmonton"
    )
    _, aasepia = import_with_report(
        real / "aasepia.json", "aasepia", tmp_path, "--timezone", "America/New_York"
    )
    _, atlanta = import_with_report(
        real / "atlanta.json", "atlanta", tmp_path, "--timezone", "America/New_York"
    )
    _, alanon = import_with_report(
        real / "al-anon.json", "alanon", tmp_path, "--program", "al-anon", "--timezone", "UTC"
    )
    import_with_report(real / "meetings.json", "alpena", tmp_path, "--timezone", "America/Detroit")

    # nwta: types is the string "[open]" / "[closed]"; integer slugs.
    nwta_types = Counter(
        Meeting.objects.filter(source__name="nwta").values_list("types", flat=True)
    )
    assert nwta_types == {",O,": 407, ",C,": 206}
    assert unknown_types(nwta) == Counter()
    # edmonton: "11:00 AM" times and one-element day arrays.
    noon = Meeting.objects.get(source__name="edmonton", source_slug="9-2")
    assert (noon.day, noon.start_time) == (2, time(12, 15))
    assert not Meeting.objects.filter(source__name="edmonton", start_time=None).exists()
    # aasepia: string coordinates parsed; the ASBI typo is an unknown type.
    assert not Meeting.objects.filter(source__name="aasepia", latitude=None).exists()
    assert unknown_types(aasepia) == Counter({"ASBI": 26})
    # atlanta: entity fields go to the source; feedback_emails as a string is split.
    entity = FeedSource.objects.get(name="atlanta").entity
    assert entity["entity"] == "Site Group"
    assert entity["entity_url"] == "http://site.com"
    emails = [
        m.extra.get("feedback_emails") for m in Meeting.objects.filter(source__name="atlanta")
    ]
    assert all(isinstance(value, list) for value in emails if value is not None)
    # al-anon: its own codes are known in its program.
    assert unknown_types(alanon) == Counter()
    assert Meeting.objects.filter(source__name="alanon", types__contains=",AC,").count() == 48
    # northern MI: types as a plain string, atomic addresses with a street are specific.
    assert Meeting.objects.filter(source__name="alpena", types__contains=",C,").count() == 46
    assert not Meeting.objects.filter(source__name="alpena", is_approximate=True).exists()
    assert not edmonton["counts"]["rejected"]


@needs_feeds
def test_the_invalid_synthetic_feed_is_refused() -> None:
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command(
            "meetings",
            "import",
            str(FEEDS / "synthetic" / "invalid.json"),
            "--source",
            "bad",
            "--timezone",
            "UTC",
            stdout=StringIO(),
            stderr=StringIO(),
        )
    assert not FeedSource.objects.exists()
    assert not Meeting.objects.exists()


@needs_feeds
def test_synthetic_times_and_appointments(tmp_path: Path) -> None:
    synthetic = FEEDS / "synthetic"
    _, times = import_with_report(
        synthetic / "times.json", "times", tmp_path, "--timezone", "America/Chicago"
    )
    _, appointments = import_with_report(
        synthetic / "appointment.test.json",
        "appointments",
        tmp_path,
        "--timezone",
        "America/Los_Angeles",
    )
    _, zones = import_with_report(synthetic / "timezones.test.json", "zones", tmp_path)

    assert unknown_types(times) == Counter({"NA": 1})
    assert times["counts"]["meetings"] == 9
    assert Meeting.objects.get(source__name="times", source_slug="monday-7pm").day == 1
    assert (
        Meeting.objects.get(source__name="times", source_slug="approximate").attendance_option
        == "inactive"
    )
    josh = Meeting.objects.get(source__name="appointments", source_slug="josh-meeting")
    assert josh.is_by_appointment
    assert josh.attendance_option == "online"
    assert appointments["counts"]["meetings"] == 2
    assert dict(
        Meeting.objects.filter(source__name="zones").values_list("source_slug", "timezone")
    ) == {"sf-meeting": "America/Los_Angeles", "pa-meeting": "America/New_York"}
    assert zones["counts"]["rejected"] == 0
