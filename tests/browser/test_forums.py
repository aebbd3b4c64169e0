"""The forums in a real browser: start a thread, reply, react, follow, see replies arrive,
and the crisis card after a risky post; with and without JavaScript."""

from __future__ import annotations

import os

import pytest

from kinship.accounts.models import Role
from kinship.accounts.tests.factories import UserFactory
from kinship.forums.models import Board, Follow, Post, Reaction, Thread
from tests.browser.conftest import DESKTOP, PHONE, REPO_ROOT, serious_axe_violations
from tests.browser.test_directory import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RISKY = "I have the pills saved up and I am going to take them all tonight."


@pytest.fixture
def board(settings):
    settings.KINSHIP_FORUMS_POLL_SECONDS = 1
    return Board.objects.create(
        slug="hard-days",
        name="Cravings and hard days",
        guidelines="Share what helps. **Be kind.**",
        position=10,
    )


def start_thread(page, board_slug: str, title: str, body: str) -> None:
    page.goto(f"/forums/b/{board_slug}/")
    page.get_by_role("link", name="Start a thread").first.click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Your message").fill(body)
    page.get_by_role("button", name="Post the thread").click()
    page.get_by_role("heading", name=title, level=1).wait_for()


def test_start_reply_react_follow_and_see_replies_arrive(new_page, board):
    UserFactory(handle="willow", role=Role.PEER_SUPPORTER)
    UserFactory(handle="river")
    writer = new_page(viewport=PHONE)
    sign_in(writer, "willow")
    start_thread(writer, board.slug, "Day 3 and the cravings are loud", "Evenings are *hard*.")
    thread = Thread.objects.get()
    assert writer.locator(".forum-post__body em").inner_text() == "hard"

    reader = new_page(viewport=DESKTOP)
    sign_in(reader, "river")
    reader.goto(f"/forums/t/{thread.pk}/")
    reader.get_by_role("button", name="Follow this thread").click()
    reader.get_by_role("button", name="Following (stop)").wait_for()
    assert Follow.objects.filter(user__handle="river", thread=thread).exists()

    # The writer replies (htmx): the reply shows on their page and, without a reload, on
    # the reader's open page.
    writer.get_by_label("Your message").fill("A walk around the block helped tonight.")
    writer.get_by_role("button", name="Post reply").click()
    writer.locator("article", has_text="A walk around the block").wait_for()
    assert writer.get_by_label("Your message").input_value() == ""
    reader.locator("article", has_text="A walk around the block").wait_for(timeout=8_000)
    assert reader.url.endswith(f"/forums/t/{thread.pk}/")

    # The reader reacts; the count and the pressed state show at once.
    reply = reader.locator("article", has_text="A walk around the block")
    reply.get_by_role("button", name="Sending strength").click()
    pressed = reply.locator('button[aria-pressed="true"]', has_text="Sending strength")
    pressed.wait_for()
    assert "1" in pressed.inner_text()
    assert Reaction.objects.filter(user__handle="river", kind="strength").count() == 1

    assert writer.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert [text for text in writer.console_errors if "Content Security Policy" in text] == []


def test_a_risky_reply_brings_the_crisis_card_and_stays_from_others(new_page, board):
    UserFactory(handle="sage", role=Role.PEER_SUPPORTER)
    UserFactory(handle="alder")
    first = new_page(viewport=PHONE)
    sign_in(first, "sage")
    start_thread(first, board.slug, "Checking in", "How is everyone tonight?")
    thread = Thread.objects.get()

    writer = new_page(viewport=PHONE)
    sign_in(writer, "alder")
    writer.goto(f"/forums/t/{thread.pk}/")
    writer.get_by_label("Your message").fill(RISKY)
    writer.get_by_role("button", name="Post reply").click()

    card = writer.locator("#crisis-card")
    card.wait_for()
    assert card.get_attribute("role") == "alert"
    assert card.get_by_role("link", name="Call 911").get_attribute("href") == "tel:911"
    assert card.get_by_role("link", name="Call 988").is_visible()
    held = writer.locator("article", has_text="pills saved up")
    held.wait_for()
    assert "Waiting for a moderator" in held.inner_text()
    assert Post.objects.get(body=RISKY).is_held

    first.reload()
    assert "pills saved up" not in first.content()


def test_the_forums_work_without_javascript(new_page, board):
    UserFactory(handle="hazel", role=Role.PEER_SUPPORTER)
    page = new_page(viewport=PHONE, javascript=False)
    sign_in(page, "hazel")
    start_thread(page, board.slug, "Six months today", "Thank you, all of you.")
    page.get_by_label("Your message").fill(RISKY)
    page.get_by_role("button", name="Post reply").click()
    page.locator("#crisis-card").wait_for()
    page.locator("article", has_text="pills saved up").wait_for()
    post = page.locator("article", has_text="Thank you, all of you.")
    post.get_by_role("button", name="Thank you").click()
    page.locator('button[aria-pressed="true"]', has_text="Thank you").wait_for()


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_forum_pages_have_no_serious_accessibility_problems(
    new_page, axe_source, board, color_scheme
):
    UserFactory(handle="cedar", role=Role.PEER_SUPPORTER)
    page = new_page(color_scheme=color_scheme)
    sign_in(page, "cedar")
    start_thread(page, board.slug, "What helps at night", "Tea, a blanket and a call.")
    page.get_by_label("Your message").fill("Mine too.")
    page.get_by_label("Content note").fill("mentions relapse details")
    page.get_by_role("button", name="Post reply").click()
    page.locator("summary", has_text="Content note: mentions relapse details").wait_for()
    # The sticky header covers whatever is scrolled under it; check the page from the top.
    page.evaluate("window.scrollTo(0, 0)")
    assert serious_axe_violations(page, axe_source) == []
    for path in ("/forums/", f"/forums/b/{board.slug}/", "/forums/latest/"):
        page.goto(path)
        assert serious_axe_violations(page, axe_source) == [], path


def test_forum_phone_screenshots(new_page, board):
    """Writes docs/screenshots/ when KINSHIP_UPDATE_SCREENSHOTS=1, else test-artifacts/."""
    if os.environ.get("KINSHIP_UPDATE_SCREENSHOTS") == "1":
        folder = REPO_ROOT / "docs" / "screenshots"
    else:
        folder = REPO_ROOT / "test-artifacts" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    UserFactory(handle="maple", role=Role.PEER_SUPPORTER)
    UserFactory(handle="birch")
    page = new_page(viewport=PHONE)
    sign_in(page, "maple")
    start_thread(
        page,
        board.slug,
        "Day 3 and the cravings are loud",
        "Evenings are the hardest. What do you do between dinner and bed?",
    )
    page.get_by_label("Your message").fill(
        "> What do you do between dinner and bed?\n\nI call my sponsor and then I walk."
    )
    page.get_by_role("button", name="Post reply").click()
    page.locator("article blockquote").wait_for()
    page.locator("article").first.get_by_role("button", name="Me too").click()
    page.locator('button[aria-pressed="true"]', has_text="Me too").wait_for()
    page.mouse.move(0, 0)
    path = folder / "forum-thread-phone.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 5_000

    other = new_page(viewport=PHONE)
    sign_in(other, "birch")
    thread = Thread.objects.get()
    other.goto(f"/forums/t/{thread.pk}/")
    other.get_by_label("Your message").fill(RISKY)
    other.get_by_role("button", name="Post reply").click()
    card = other.locator("#crisis-card")
    card.wait_for()
    other.mouse.move(0, 0)
    other.evaluate("window.scrollTo(0, document.getElementById('reply-area').offsetTop - 70)")
    path = folder / "forum-crisis-card-phone.png"
    other.screenshot(path=str(path))
    assert path.stat().st_size > 5_000
