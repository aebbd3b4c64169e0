"""`kinship meetings import`: normalisation, the warnings report, re-imports and refusals."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from kinship.core.audit import AuditAction
from kinship.directory.feeds.importer import import_feed
from kinship.directory.models import FeedSource, Meeting
from kinship.directory.tests.factories import make_meeting
from kinship.privacy.models import AuditEntry

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "feeds"
RIVERBEND = FIXTURES / "riverbend.json"
SHARED_FEEDS = (Path(__file__).resolve().parents[4] / "../shared/meeting-feeds").resolve()


def run_import(location: str | Path, *options: str) -> tuple[str, str]:
    stdout, stderr = StringIO(), StringIO()
    call_command("meetings", "import", str(location), *options, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def import_riverbend(*options: str) -> tuple[str, str]:
    return run_import(RIVERBEND, "--source", "riverbend", "--timezone", "America/Chicago", *options)


def write_feed(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


def riverbend_records() -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = json.loads(RIVERBEND.read_text(encoding="utf-8"))
    return records


def meeting(source_slug: str, source: str = "riverbend") -> Meeting:
    return Meeting.objects.get(source__name=source, source_slug=source_slug)


def test_import_prints_counts_and_keeps_every_usable_meeting() -> None:
    stdout, _stderr = import_riverbend()

    assert "10 records, 8 meetings: 8 added, 0 updated, 0 unchanged, 0 removed" in stdout
    assert "4 records rejected" in stdout
    assert set(Meeting.objects.values_list("source_slug", flat=True)) == {
        "sunrise-circle",
        "online-evening",
        "weekday-noon-1",
        "weekday-noon-3",
        "weekday-noon-5",
        "by-appointment",
        "late-night",
        "closed-venue",
    }


def test_a_clean_record_keeps_its_fields_and_the_source_keeps_the_entity() -> None:
    import_riverbend()

    sunrise = meeting("sunrise-circle")
    assert sunrise.slug == "sunrise-circle"
    assert (sunrise.day, sunrise.start_time, sunrise.end_time) == (1, time(7), time(8))
    assert sunrise.timezone == "America/Chicago"
    assert sunrise.type_codes == ["D", "DD", "O", "X"]
    assert sunrise.attendance_option == "in_person"
    assert sunrise.notes == "Side door.\nCoffee after. Bring a friend & smile"
    assert sunrise.region == "Springfield"
    assert sunrise.extra["regions"] == ["Sangamon County", "Springfield"]
    assert sunrise.extra["venmo"] == "@RiverbendGroup"
    assert sunrise.extra["group"] == "Riverbend Group"
    assert sunrise.extra["feedback_emails"] == [
        "office@intergroup.example.org",
        "helper@intergroup.example.org",
    ]
    assert sunrise.extra["contact_1_name"] == "Sam"
    assert sunrise.feed_updated_at == datetime(2024, 5, 1, 12, 30, tzinfo=UTC)
    source = FeedSource.objects.get(name="riverbend")
    assert source.entity["entity"] == "Example Intergroup"
    assert source.entity["entity_url"] == "https://intergroup.example.org"
    assert source.default_timezone == "America/Chicago"


def test_lenient_values_are_normalised() -> None:
    import_riverbend()

    online = meeting("online-evening")
    assert (online.day, online.start_time) == (3, time(19, 30))
    assert online.type_codes == ["O", "SP"]  # ONL ignored
    assert online.is_approximate
    assert online.attendance_option == "online"
    assert online.conference_phone == "+13125550100,,5550001111#"
    assert online.feed_updated_at == datetime(2024, 5, 2, tzinfo=UTC)

    noon = meeting("weekday-noon-3")
    assert noon.type_codes == ["B", "C"]  # O with C keeps only C
    assert noon.timezone == "America/Chicago"  # "Central"
    assert noon.formatted_address == "200 Main St, Springfield, IL 62701, USA"
    assert (noon.latitude, noon.longitude) == (39.8, -89.6)
    assert not noon.is_approximate
    assert {m.day for m in Meeting.objects.filter(source_slug__startswith="weekday-noon-")} == {
        1,
        3,
        5,
    }


def test_dropped_values_are_warned_in_the_report(tmp_path: Path) -> None:
    report_path = tmp_path / "report.json"
    import_riverbend("--report", str(report_path))

    report = json.loads(report_path.read_text())
    issues = {(issue["slug"], issue["field"], issue["severity"]) for issue in report["issues"]}
    assert ("late-night", "types", "warning") in issues
    assert ("late-night", "conference_url", "warning") in issues
    assert ("late-night", "conference_phone", "warning") in issues
    assert ("late-night", "latitude", "warning") in issues
    assert ("late-night", "timezone", "warning") in issues
    assert ("late-night", "paypal", "warning") in issues
    assert ("late-night", "end_time", "warning") in issues
    assert ("by-appointment", "day", "warning") in issues
    assert ("closed-venue", "attendance_option", "warning") in issues
    assert ("sunrise-circle", "slug", "error") in issues  # the later duplicate
    assert ("", "slug", "error") in issues
    assert ("day-seven", "day", "error") in issues
    assert ("nowhere", "formatted_address", "error") in issues
    assert report["counts"]["rejected"] == 4
    duplicate = next(i for i in report["issues"] if i["slug"] == "sunrise-circle")
    assert duplicate["index"] == 5
    assert "secret123" not in report_path.read_text()  # passwords never reach the report

    late = meeting("late-night")
    assert late.conference_url == ""
    assert late.conference_url_notes == ""
    assert late.conference_phone == ""
    assert late.latitude is None
    assert late.longitude is None
    assert late.timezone == "America/Chicago"
    assert late.type_codes == ["O"]
    assert "paypal" not in late.extra
    assert meeting("closed-venue").attendance_option == "inactive"
    # The first record with a slug wins.
    assert meeting("sunrise-circle").name == "Sunrise Circle"


def test_by_appointment_meetings_are_kept_without_day_or_time() -> None:
    import_riverbend()

    appointment = meeting("by-appointment")
    assert appointment.is_by_appointment
    assert appointment.day is None
    assert appointment.start_time is None


def test_reimporting_the_same_feed_changes_nothing() -> None:
    import_riverbend()
    before = {m.pk: (m.slug, m.updated_at) for m in Meeting.objects.all()}

    stdout, _stderr = import_riverbend()

    assert "0 added, 0 updated, 8 unchanged, 0 removed" in stdout
    assert {m.pk: (m.slug, m.updated_at) for m in Meeting.objects.all()} == before


def test_reimport_updates_changed_adds_new_and_deactivates_removed(tmp_path: Path) -> None:
    import_riverbend()
    records = riverbend_records()
    records[0]["time"] = "07:15"
    records = [r for r in records if r.get("slug") != "closed-venue"]
    records.append(
        {"slug": "new-one", "name": "New One", "day": 0, "time": "10:00", "city": "Springfield"}
    )
    sunrise_pk = meeting("sunrise-circle").pk

    stdout, _ = run_import(write_feed(tmp_path / "feed.json", records), "--source", "riverbend")

    assert "1 added, 1 updated, 6 unchanged, 1 removed" in stdout
    assert meeting("sunrise-circle").pk == sunrise_pk
    assert meeting("sunrise-circle").start_time == time(7, 15)
    assert meeting("new-one").timezone == "America/Chicago"  # the source's default zone
    closed = meeting("closed-venue")
    assert not closed.is_active

    # A meeting that comes back is reactivated under the same slug.
    stdout, _ = import_riverbend()
    assert "0 added, 2 updated, 6 unchanged, 1 removed" in stdout
    assert meeting("closed-venue").is_active
    assert meeting("closed-venue").slug == closed.slug
    assert not meeting("new-one").is_active


def test_a_slug_taken_elsewhere_is_prefixed_and_stays_the_same_on_reimport() -> None:
    make_meeting(slug="sunrise-circle")
    import_riverbend()
    run_import(RIVERBEND, "--source", "other", "--timezone", "America/Chicago")

    assert meeting("sunrise-circle").slug == "riverbend-sunrise-circle"
    assert meeting("sunrise-circle", "other").slug == "other-sunrise-circle"
    assert meeting("online-evening", "other").slug == "other-online-evening"

    import_riverbend()
    run_import(RIVERBEND, "--source", "other")
    assert meeting("sunrise-circle").slug == "riverbend-sunrise-circle"
    assert meeting("sunrise-circle", "other").slug == "other-sunrise-circle"
    assert Meeting.objects.filter(source__name="other").count() == 8


def test_feed_slugs_that_are_not_url_safe_get_a_clean_site_slug(tmp_path: Path) -> None:
    records = [
        {"slug": "A.A.-for-Women-235", "name": "A", "day": 1, "time": "10:00", "city": "X"},
        {"slug": "a-a-for-women-235", "name": "B", "day": 1, "time": "11:00", "city": "X"},
        {"slug": 4711, "name": "C", "day": 1, "time": "12:00", "city": "X"},
        {"slug": "x" * 150, "name": "D", "day": 1, "time": "13:00", "city": "X"},
    ]
    run_import(write_feed(tmp_path / "f.json", records), "--source", "odd", "--timezone", "UTC")

    slugs = dict(Meeting.objects.values_list("name", "slug"))
    assert slugs["A"] == "aa-for-women-235"
    assert slugs["B"] == "a-a-for-women-235"
    assert slugs["C"] == "4711"
    assert len(slugs["D"]) <= 80
    assert len(set(slugs.values())) == 4
    assert Meeting.objects.get(name="A").source_slug == "A.A.-for-Women-235"


def test_types_are_read_in_the_program_of_the_source(tmp_path: Path) -> None:
    records = [
        {"slug": "s", "name": "S", "day": 1, "time": "10:00", "city": "X", "types": ["AC", "BT"]}
    ]
    path = write_feed(tmp_path / "f.json", records)

    run_import(path, "--source", "alanon", "--program", "al-anon", "--timezone", "UTC")
    run_import(path, "--source", "narcotics", "--program", "na", "--timezone", "UTC")

    assert meeting("s", "alanon").type_codes == ["AC"]
    assert meeting("s", "narcotics").type_codes == ["BT"]


def test_a_record_without_a_usable_zone_is_rejected(tmp_path: Path) -> None:
    records = [
        {"slug": "a", "name": "A", "day": 1, "time": "10:00", "city": "X"},
        {"slug": "b", "name": "B", "day": 1, "time": "10:00", "city": "X", "timezone": "EST"},
    ]
    report = tmp_path / "r.json"
    stdout, _ = run_import(
        write_feed(tmp_path / "f.json", records), "--source", "nozone", "--report", str(report)
    )

    assert "1 added" in stdout
    assert meeting("b", "nozone").timezone == "America/New_York"
    errors = [i for i in json.loads(report.read_text())["issues"] if i["severity"] == "error"]
    assert [(e["slug"], e["field"]) for e in errors] == [("a", "timezone")]


def test_each_import_writes_an_audit_row_without_personal_data() -> None:
    import_riverbend()

    entry = AuditEntry.objects.get(action=AuditAction.MEETINGS_IMPORTED)
    assert entry.data["source"] == "riverbend"
    assert entry.data["added"] == 8
    assert entry.data["rejected"] == 4
    assert "Sam" not in json.dumps(entry.data)


def test_a_large_feed_shows_a_progress_bar_on_stderr(tmp_path: Path) -> None:
    records = [
        {"slug": f"m-{n}", "name": f"M {n}", "day": n % 7, "time": "10:00", "city": "X"}
        for n in range(2500)
    ]
    path = write_feed(tmp_path / "big.json", records)

    stdout, stderr = run_import(path, "--source", "big", "--timezone", "UTC")

    assert "2,500 added" in stdout
    assert "reading  [" in stderr
    assert "100% 2,500/2,500" in stderr
    assert "writing  [" in stderr
    _, quiet_stderr = run_import(path, "--source", "big", "--quiet")
    assert quiet_stderr == ""


# Refusals: a clear message, a non-zero exit, and nothing written.


def assert_refused(location: str | Path, message: str, *options: str) -> None:
    before = list(Meeting.objects.order_by("pk").values())
    sources = list(FeedSource.objects.order_by("pk").values())
    with pytest.raises(CommandError, match=message):
        run_import(location, "--source", "riverbend", *options)
    assert list(Meeting.objects.order_by("pk").values()) == before
    assert list(FeedSource.objects.order_by("pk").values()) == sources


@pytest.mark.skipif(
    not SHARED_FEEDS.is_dir(), reason="../shared/meeting-feeds is not beside the checkout"
)
def test_the_shared_invalid_feed_is_refused() -> None:
    import_riverbend()
    assert_refused(SHARED_FEEDS / "synthetic" / "invalid.json", "not valid JSON")


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ('[{"slug": "a"}] trailing', "not valid JSON"),
        ('{"slug": "a", "name": "A"}', "not a JSON array"),
        ("[]", "empty array"),
        (b"\xff\xfe[]", "not"),
    ],
)
def test_documents_that_are_not_a_feed_are_refused(
    tmp_path: Path, document: str | bytes, message: str
) -> None:
    import_riverbend()
    path = tmp_path / "feed.json"
    if isinstance(document, bytes):
        path.write_bytes(document)
    else:
        path.write_text(document)
    assert_refused(path, message)


def test_an_oversized_feed_is_refused() -> None:
    assert_refused(RIVERBEND, "over the 1,000-byte limit", "--max-bytes", "1000")


def test_a_missing_file_and_other_schemes_are_refused() -> None:
    assert_refused("/nonexistent/feed.json", "no such file")
    assert_refused("file:///etc/passwd", "only http")
    assert_refused("ftp://127.0.0.1/feed.json", "only http")


def test_bad_options_are_refused_before_reading() -> None:
    assert_refused(RIVERBEND, "unknown time zone", "--timezone", "Mars/Olympus")
    with pytest.raises(CommandError, match="letters, digits"):
        run_import(RIVERBEND, "--source", "no spaces please")
    assert not FeedSource.objects.exists()


def test_a_failure_while_writing_leaves_nothing_half_written() -> None:
    import_riverbend()
    before = list(Meeting.objects.order_by("pk").values())

    def fail_while_writing(phase: str, done: int, total: int) -> None:
        if phase == "writing":
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        import_feed(
            location=str(RIVERBEND),
            source_name="second",
            progress=fail_while_writing,
            timezone="UTC",
        )

    assert list(Meeting.objects.order_by("pk").values()) == before
    assert not FeedSource.objects.filter(name="second").exists()
    assert AuditEntry.objects.filter(action=AuditAction.MEETINGS_IMPORTED).count() == 1


# URLs: fetched with a timeout and a size cap, from a real local server.


@pytest.fixture
def feed_server() -> Iterator[str]:
    handler = partial(SimpleHTTPRequestHandler, directory=str(FIXTURES))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def silent_server() -> Iterator[str]:
    """Accepts connections and never answers."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            accepted.append(connection)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/meetings.json"
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    listener.close()


def test_a_feed_is_imported_from_a_url(feed_server: str) -> None:
    url = f"{feed_server}/riverbend.json"
    stdout, _ = run_import(url, "--source", "riverbend", "--timezone", "America/Chicago")

    assert "8 added" in stdout
    assert FeedSource.objects.get(name="riverbend").url == url


def test_a_url_that_is_missing_is_refused(feed_server: str) -> None:
    assert_refused(f"{feed_server}/missing.json", "answered 404")


def test_a_url_that_never_answers_times_out(silent_server: str) -> None:
    import_riverbend()
    started = datetime.now(tz=UTC)
    assert_refused(silent_server, "no answer within 0.5 seconds", "--timeout", "0.5")
    assert (datetime.now(tz=UTC) - started).total_seconds() < 10


def test_a_url_over_the_size_cap_is_refused(feed_server: str) -> None:
    assert_refused(f"{feed_server}/riverbend.json", "byte limit", "--max-bytes", "500")
