"""The crisis card in a real browser: a worrying bio, the card in place, asking for a peer."""

from __future__ import annotations

import os

import pytest

from kinship.accounts.tests.factories import UserFactory
from kinship.safety.models import Alert, AlertReason, ContactRequest
from tests.browser.conftest import PHONE, REPO_ROOT, serious_axe_violations
from tests.browser.test_directory import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOPELESS = "I feel hopeless, like nothing will ever get better."
IMMINENT = "I am going to kill myself tonight."


def save_bio(page, text: str) -> None:
    page.goto("/me/")
    page.fill('textarea[name="bio"]', text)
    page.get_by_role("button", name="Save my profile").click()


def test_a_worrying_bio_brings_the_card_and_a_peer_can_be_asked(new_page):
    member = UserFactory(handle="juniper")
    page = new_page(viewport=PHONE)
    sign_in(page, "juniper")

    save_bio(page, HOPELESS)

    card = page.locator("#crisis-card")
    card.wait_for()
    assert page.url.endswith("/me/")
    assert card.get_attribute("role") == "alert"
    assert "Your profile is saved." in page.locator("#profile").inner_text()
    call = card.get_by_role("link", name="Call 988")
    assert call.get_attribute("href") == "tel:988"
    assert call.is_visible()
    assert card.get_by_role("link", name="Call 1-800-484-3731").is_visible()
    offer = card.get_by_role("heading", name="Would you like a peer supporter to reach out?")
    offer.scroll_into_view_if_needed()
    assert offer.is_visible()

    card.get_by_label("Anything you want them to know").fill("Evenings are the hardest.")
    card.get_by_role("button", name="Yes, please reach out").click()

    confirmation = card.get_by_role("status")
    confirmation.wait_for()
    assert "A peer supporter will reach out to you here" in confirmation.inner_text()
    assert confirmation.get_by_role("link", name="Call 988").get_attribute("href") == "tel:988"
    assert page.url.endswith("/me/")
    request = ContactRequest.objects.get(member=member)
    assert request.message == "Evenings are the hardest."
    assert request.alert is not None
    assert request.alert.reason == AlertReason.CONTACT_REQUEST
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert [text for text in page.console_errors if "Content Security Policy" in text] == []


def test_the_card_and_the_offer_work_without_javascript(new_page):
    member = UserFactory(handle="alder")
    page = new_page(javascript=False)
    sign_in(page, "alder")

    save_bio(page, IMMINENT)
    page.wait_for_load_state()

    card = page.locator("#crisis-card")
    links = card.locator("a.button")
    assert links.nth(0).get_attribute("href") == "tel:911"
    assert links.nth(1).get_attribute("href") == "tel:988"
    assert "waiting for a moderator" in card.inner_text()

    card.get_by_role("button", name="Yes, please reach out").click()
    page.wait_for_url("**/me/")

    assert "A peer supporter will reach out to you here" in page.locator(".notices").inner_text()
    assert Alert.objects.filter(member=member, reason=AlertReason.CONTACT_REQUEST).count() == 1


def test_help_is_one_tap_away_from_the_page_with_the_card(new_page):
    UserFactory(handle="hazel")
    page = new_page(viewport=PHONE)
    sign_in(page, "hazel")
    save_bio(page, HOPELESS)
    page.locator("#crisis-card").wait_for()

    page.get_by_text("Get help now", exact=True).first.click()

    panel = page.locator("#help-control .help-panel")
    assert panel.get_by_role("link", name="Call 988").is_visible()


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_the_page_with_the_card_has_no_serious_accessibility_problems(
    new_page, axe_source, color_scheme
):
    UserFactory(handle="rowan")
    page = new_page(color_scheme=color_scheme)
    sign_in(page, "rowan")
    save_bio(page, IMMINENT)
    page.locator("#crisis-card").wait_for()

    assert serious_axe_violations(page, axe_source) == []

    page.get_by_role("button", name="Yes, please reach out").click()
    page.get_by_role("status").filter(has_text="A peer supporter").wait_for()

    assert serious_axe_violations(page, axe_source) == []


def test_crisis_card_phone_screenshot(new_page):
    """Writes docs/screenshots/ when KINSHIP_UPDATE_SCREENSHOTS=1, else test-artifacts/."""
    if os.environ.get("KINSHIP_UPDATE_SCREENSHOTS") == "1":
        folder = REPO_ROOT / "docs" / "screenshots"
    else:
        folder = REPO_ROOT / "test-artifacts" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    UserFactory(handle="linden")
    page = new_page(viewport=PHONE)
    sign_in(page, "linden")

    save_bio(page, HOPELESS)
    card = page.locator("#crisis-card")
    card.wait_for()
    page.mouse.move(0, 0)
    page.evaluate("window.scrollTo(0, document.getElementById('crisis-card').offsetTop - 70)")
    path = folder / "crisis-card-phone.png"
    page.screenshot(path=str(path))

    assert path.stat().st_size > 5_000
