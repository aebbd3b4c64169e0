"""GET /meetings.json and `kinship meetings export|sources|source`: a spec-clean public feed."""

from __future__ import annotations

import json
import re
from io import StringIO
from pathlib import Path
from typing import Any
from zoneinfo import available_timezones

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import include, path

from kinship.config import urls as site_urls
from kinship.core.audit import AuditAction
from kinship.directory.models import FeedSource, Meeting, Visibility
from kinship.directory.tests.factories import make_group, make_meeting
from kinship.privacy.models import AuditEntry

# The feed is served at the site root; the directory's URLconf includes it there.
urlpatterns = [path("", include("kinship.directory.feeds.urls")), *site_urls.urlpatterns]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

RIVERBEND = Path(__file__).resolve().parent / "fixtures" / "feeds" / "riverbend.json"
HH_MM = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
UTC_STAMP = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")


def command(*arguments: str) -> str:
    stdout = StringIO()
    call_command("meetings", *arguments, stdout=stdout, stderr=StringIO())
    return stdout.getvalue()


def import_riverbend(source: str = "riverbend") -> None:
    command("import", str(RIVERBEND), "--source", source, "--timezone", "America/Chicago")


def get_feed(client: Client) -> list[dict[str, Any]]:
    response = client.get("/meetings.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    feed: list[dict[str, Any]] = json.loads(response.content)
    return feed


def by_slug(feed: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {record["slug"]: record for record in feed}


def assert_spec_clean(record: dict[str, Any]) -> None:
    """No nulls or empty strings anywhere, and every value in its spec form."""
    for key, value in record.items():
        assert value is not None, key
        assert value != "", key
        if isinstance(value, list):
            assert all(item not in (None, "") for item in value), key
    assert isinstance(record["name"], str)
    assert isinstance(record["slug"], str)
    if "day" in record:
        assert isinstance(record["day"], int)
        assert 0 <= record["day"] <= 6
        assert HH_MM.fullmatch(record["time"])
    else:
        assert "time" not in record
    if "end_time" in record:
        assert HH_MM.fullmatch(record["end_time"])
    assert record["timezone"] in available_timezones()
    assert UTC_STAMP.fullmatch(record["updated"])
    assert isinstance(record["types"], list)
    assert "ONL" not in record["types"]
    assert record["approximate"] in {"yes", "no"}
    assert record["attendance_option"] in {"in_person", "hybrid", "online", "inactive"}
    if "latitude" in record:
        assert isinstance(record["latitude"], float)
        assert isinstance(record["longitude"], float)
    assert "entity_website_url" not in record


def test_the_public_feed_lists_public_kinship_meetings_and_republished_sources(
    client: Client,
) -> None:
    public = make_meeting(slug="public-circle", group=make_group(visibility=Visibility.PUBLIC))
    make_meeting(slug="members-circle", group=make_group(visibility=Visibility.MEMBERS))
    make_meeting(slug="inactive-circle", is_active=False)
    make_meeting(slug="closed-group-circle", group=make_group(is_active=False))
    import_riverbend("riverbend")
    import_riverbend("third-party")
    FeedSource.objects.filter(name="riverbend").update(is_republished=True)

    slugs = set(by_slug(get_feed(client)))

    assert public.slug in slugs
    assert {"members-circle", "inactive-circle", "closed-group-circle"}.isdisjoint(slugs)
    riverbend = set(Meeting.objects.filter(source__name="riverbend").values_list("slug", flat=True))
    third_party = set(
        Meeting.objects.filter(source__name="third-party").values_list("slug", flat=True)
    )
    assert riverbend <= slugs
    assert third_party.isdisjoint(slugs)
    assert len(slugs) == 1 + len(riverbend)


def test_every_published_record_is_spec_clean(client: Client) -> None:
    make_meeting(
        slug="kinship-online", types=",DD,ONL,O,", conference_url="https://zoom.us/j/1234567"
    )
    make_meeting(slug="kinship-appointment", day=None, start_time=None, end_time=None)
    import_riverbend()
    FeedSource.objects.filter(name="riverbend").update(is_republished=True)

    feed = get_feed(client)

    assert len(feed) == 10
    for record in feed:
        assert_spec_clean(record)
    records = by_slug(feed)
    assert records["kinship-online"]["types"] == ["DD", "O"]
    assert records["kinship-online"]["conference_url"] == "https://zoom.us/j/1234567"
    assert records["kinship-online"]["entity"] == settings.KINSHIP_ORG_NAME
    assert "day" not in records["kinship-appointment"]
    assert "day" not in records["by-appointment"]
    sunrise = records["sunrise-circle"]
    assert sunrise["day"] == 1
    assert sunrise["time"] == "07:00"
    assert sunrise["updated"] == "2024-05-01 12:30:00"
    assert sunrise["regions"] == ["Sangamon County", "Springfield"]
    assert sunrise["entity"] == "Example Intergroup"
    assert sunrise["entity_url"] == "https://intergroup.example.org"
    assert sunrise["venmo"] == "@RiverbendGroup"
    assert sunrise["approximate"] == "no"
    online = records["online-evening"]
    assert online["approximate"] == "yes"
    assert online["attendance_option"] == "online"
    assert online["conference_phone"] == "+13125550100,,5550001111#"
    assert online["types"] == ["O", "SP"]
    assert online["time"] == "19:30"


def test_contact_fields_are_not_published_unless_the_source_allows_it(client: Client) -> None:
    import_riverbend()
    command("source", "riverbend", "--republish", "yes")

    assert "contact_1_name" not in by_slug(get_feed(client))["sunrise-circle"]

    output = command("source", "riverbend", "--publish-contacts", "yes")

    assert "contacts published yes" in output
    sunrise = by_slug(get_feed(client))["sunrise-circle"]
    assert sunrise["contact_1_name"] == "Sam"
    assert sunrise["contact_1_email"] == "sam@example.org"
    changes = AuditEntry.objects.filter(action=AuditAction.FEED_SOURCE_CHANGED)
    assert [entry.data for entry in changes.order_by("id")] == [
        {"source": "riverbend", "is_republished": True},
        {"source": "riverbend", "is_contacts_published": True},
    ]


def test_a_members_only_link_and_contacts_stay_out_of_the_feed(client: Client) -> None:
    make_meeting(
        slug="private-link",
        conference_url="https://zoom.us/j/99999999",
        conference_url_notes="Passcode 4242",
        conference_phone="+13125550100",
        is_link_members_only=True,
        extra={"contact_1_name": "Kim"},
    )

    record = by_slug(get_feed(client))["private-link"]

    assert_spec_clean(record)
    for key in ("conference_url", "conference_url_notes", "conference_phone", "contact_1_name"):
        assert key not in record
    assert b"4242" not in client.get("/meetings.json").content


def test_the_feed_answers_head_and_refuses_post(client: Client) -> None:
    assert client.head("/meetings.json").status_code == 200
    assert client.post("/meetings.json").status_code == 405


def test_export_of_a_source_writes_it_even_when_not_republished(tmp_path: Path) -> None:
    import_riverbend()
    output = tmp_path / "out.json"

    printed = command("export", "--output", str(output), "--source", "riverbend")

    assert "Wrote 8 meetings" in printed
    feed = json.loads(output.read_text())
    assert {record["slug"] for record in feed} == set(
        Meeting.objects.filter(source__name="riverbend").values_list("source_slug", flat=True)
    )
    for record in feed:
        assert_spec_clean(record)


def test_export_without_a_source_writes_the_public_feed(tmp_path: Path, client: Client) -> None:
    make_meeting(slug="public-circle")
    import_riverbend()
    output = tmp_path / "out.json"

    command("export", "--output", str(output))

    assert json.loads(output.read_text()) == get_feed(client)


def test_export_of_an_unknown_source_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No source named 'nope'"):
        command("export", "--output", str(tmp_path / "x.json"), "--source", "nope")
    assert not (tmp_path / "x.json").exists()


def test_sources_lists_each_source_with_its_permissions() -> None:
    assert "No feed sources yet" in command("sources")
    import_riverbend()

    listing = command("sources")

    assert "riverbend: 8 meetings, program aa, zone America/Chicago" in listing
    assert "republished no, contacts published no" in listing
    with pytest.raises(CommandError, match="No source named 'nope'"):
        command("source", "nope", "--republish", "yes")
