"""Profile bios through safety: the crisis card on saving, holding from others, moderation."""

from __future__ import annotations

import re

import pytest
from django.test import Client, override_settings

from kinship.accounts.models import User
from kinship.accounts.tests.factories import make_user
from kinship.notifications.models import Notification
from kinship.safety import kinds
from kinship.safety.accounts_content import BIO_KIND
from kinship.safety.content import get_content_kind
from kinship.safety.models import Alert, AlertReason, Assessment, RiskLevel
from kinship.safety.tests.test_resources import CONFIGURED

pytestmark = pytest.mark.django_db

HOPELESS = "I feel hopeless, like nothing will ever get better."
IMMINENT = "I am going to kill myself tonight."
CALM = "Two years in recovery. I like long walks."


@pytest.fixture
def author():
    return make_user(handle="fern", bio="", show_bio=True)


@pytest.fixture
def author_client(author) -> Client:
    client = Client()
    client.force_login(author)
    return client


@pytest.fixture
def other_client() -> Client:
    client = Client()
    client.force_login(make_user(handle="reed"))
    return client


def profile_data(bio: str) -> dict[str, str]:
    return {"handle": "fern", "time_zone": "America/Chicago", "bio": bio, "show_bio": "on"}


def card(html: str) -> str:
    found = re.search(r'<section class="crisis-card" id="crisis-card".*?</section>', html, re.S)
    assert found is not None, "no crisis card on the page"
    return found.group(0)


def call_links(html: str) -> list[str]:
    return re.findall(r'<a class="button button--(?:call|emergency)" href="([^"]+)"', html)


def test_a_worrying_bio_is_saved_and_answered_with_the_card_in_place(author_client, author):
    response = author_client.post("/me/", profile_data(HOPELESS))

    assert response.status_code == 200
    html = response.content.decode()
    shown = card(html)
    assert 'role="alert"' in shown
    assert "Your profile is saved." in html
    assert call_links(shown)[:2] == ["tel:988", "sms:988"]
    assert "tel:911" in call_links(shown)
    assert "Would you like a peer supporter to reach out?" in shown
    assert "saved as usual" in shown
    author.refresh_from_db()
    assert (author.bio, author.bio_is_held) == (HOPELESS, False)
    assessment = Assessment.objects.get()
    assert (assessment.source_kind, assessment.source_id, assessment.level) == (
        BIO_KIND,
        str(author.pk),
        RiskLevel.CONCERN,
    )


def test_at_imminent_the_card_puts_911_first_and_the_bio_is_held(author_client, author):
    html = author_client.post("/me/", profile_data(IMMINENT)).content.decode()

    shown = card(html)
    assert call_links(shown)[:2] == ["tel:911", "tel:988"]
    assert "waiting for a moderator" in shown
    author.refresh_from_db()
    assert author.bio == IMMINENT
    assert author.bio_is_held is True


def test_with_htmx_the_card_comes_in_the_swapped_part(author_client):
    response = author_client.post("/me/", profile_data(IMMINENT), headers={"HX-Request": "true"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="profile"')
    assert call_links(card(html))[0] == "tel:911"


def test_with_htmx_a_calm_bio_is_saved_in_place_without_a_card(author_client):
    response = author_client.post("/me/", profile_data(CALM), headers={"HX-Request": "true"})

    html = response.content.decode()
    assert "Your profile is saved." in html
    assert "crisis-card" not in html


def test_a_calm_bio_saves_and_returns_to_the_profile_as_before(author_client):
    response = author_client.post("/me/", profile_data(CALM))

    assert response.status_code == 302
    assert Assessment.objects.count() == 0


def test_the_card_follows_the_members_language(author_client):
    html = author_client.post(
        "/me/", profile_data(HOPELESS), headers={"accept-language": "es"}
    ).content.decode()

    shown = card(html)
    assert "Llama al 988" in shown
    assert "sms:741741?&amp;body=AYUDA" in call_links(shown)


@override_settings(KINSHIP_HELP_RESOURCES=CONFIGURED)
def test_the_card_shows_the_installs_list_for_the_language(author_client):
    english = card(author_client.post("/me/", profile_data(HOPELESS)).content.decode())
    spanish = card(
        author_client.post(
            "/me/", profile_data("I feel so hopeless lately."), headers={"accept-language": "es"}
        ).content.decode()
    )

    assert call_links(english) == ["tel:+15555550100"]
    assert call_links(spanish) == ["tel:+15555550101"]


def test_a_held_bio_is_hidden_from_other_members_but_not_from_its_author(
    author_client, other_client, author
):
    author_client.post("/me/", profile_data(IMMINENT))

    others_view = other_client.get(f"/me/people/{author.handle}/").content.decode()
    own_view = author_client.get(f"/me/people/{author.handle}/").content.decode()

    assert "kill myself" not in others_view
    assert "keeps their profile private" in others_view
    assert IMMINENT in own_view
    assert "Only you can see this for now" in own_view


def test_the_author_is_told_kindly_that_the_bio_is_waiting(author_client, author):
    author_client.post("/me/", profile_data(IMMINENT))

    note = Notification.objects.get(recipient=author, kind=kinds.CONTENT_HELD)
    assert note.title == "Your bio is waiting for a moderator"
    assert "You did nothing wrong" in note.body
    assert note.url == "/me/"


def test_a_new_calm_bio_replaces_the_held_one_and_is_shown_again(
    author_client, other_client, author
):
    author_client.post("/me/", profile_data(IMMINENT))

    author_client.post("/me/", profile_data(CALM))

    author.refresh_from_db()
    assert author.bio_is_held is False
    assert CALM in other_client.get(f"/me/people/{author.handle}/").content.decode()


def test_moderation_releases_hides_and_edits_a_bio_through_its_content_kind(
    author_client, other_client, author
):
    author_client.post("/me/", profile_data(IMMINENT))
    bio = get_content_kind(BIO_KIND)
    content_id = str(author.pk)
    reader = User.objects.get(handle="reed")

    assert bio.get_text(content_id) == IMMINENT
    assert bio.get_author_id(content_id) == author.pk
    assert bio.can_view(author, content_id) is True
    assert bio.can_view(reader, content_id) is False
    assert bio.get_url is not None
    assert bio.get_url(content_id) == f"/me/people/{author.handle}/"

    bio.replace_text(content_id, "Going through a hard time.")
    bio.set_held(content_id, False)

    assert bio.can_view(reader, content_id) is True
    others_view = other_client.get(f"/me/people/{author.handle}/").content.decode()
    assert "Going through a hard time." in others_view

    bio.hide(content_id)

    assert bio.can_view(reader, content_id) is False
    assert "hard time" not in other_client.get(f"/me/people/{author.handle}/").content.decode()


def test_a_bio_kind_for_a_missing_member_has_no_text():
    bio = get_content_kind(BIO_KIND)

    assert bio.get_text("999999") is None
    assert bio.get_author_id("not-a-number") is None


def test_asking_for_a_peer_from_the_card_carries_the_level_of_the_bio(author_client, author):
    author_client.post("/me/", profile_data(IMMINENT))

    author_client.post("/safety/contact/", {"next": "/me/"}, headers={"HX-Request": "true"})

    alert = Alert.objects.get(reason=AlertReason.CONTACT_REQUEST)
    assert (alert.member, alert.level) == (author, RiskLevel.IMMINENT)


def test_a_held_bio_waits_in_the_moderation_queue_until_approved(author_client, author):
    from kinship.safety.actions import moderation
    from kinship.safety.models import CaseReason, CaseStatus, ModerationCase

    author_client.post("/me/", profile_data(IMMINENT))

    case = ModerationCase.objects.get()
    assert (case.source_kind, case.source_id) == (BIO_KIND, str(author.pk))
    assert (case.reason, case.is_held, case.status) == (CaseReason.HELD, True, CaseStatus.OPEN)
    assert case.assessment == Assessment.objects.get()
    alert = Alert.objects.get()
    assert (alert.reason, alert.level) == (AlertReason.SCREENING, RiskLevel.IMMINENT)

    moderator = make_user(handle="mod-ivy", role="moderator")
    moderation.approve_case(moderator=moderator, case=case)
    author.refresh_from_db()
    assert author.bio_is_held is False
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_a_public_bio_with_a_phone_number_is_explained_and_kept_on_the_form(author_client, author):
    bio = "Text me any time at 312-555-0188, happy to talk."
    response = author_client.post("/me/", profile_data(bio))

    html = response.content.decode()
    assert response.status_code == 200
    assert "private" in html.lower()  # the explanation offers a private way instead
    assert "312-555-0188" in html  # nothing the member typed is lost
    author.refresh_from_db()
    assert author.bio == ""


def test_a_hidden_bio_may_hold_a_number_but_never_solicitation(author_client, author):
    data = profile_data("Call 988 if it gets bad. My number: 312-555-0188")
    data.pop("show_bio")
    author_client.post("/me/", data)
    author.refresh_from_db()
    assert "312-555-0188" in author.bio

    data = profile_data("DM me for pills, cheap")
    data.pop("show_bio")
    html = author_client.post("/me/", data).content.decode()
    author.refresh_from_db()
    assert "pills" not in author.bio
    assert "DM me for pills" in html
