"""The web shell in a real browser: help, quick exit, language, sign-up and sign-in."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from kinship.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.browser.conftest import DESKTOP, PHONE, REPO_ROOT, serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("path", ["/", "/help/", "/accounts/login/", "/no-such-page/"])
def test_help_control_opens_in_one_tap_and_lists_988_as_a_phone_link(page, path):
    page.goto(path)
    panel = page.locator("#help-control .help-panel")
    assert not panel.is_visible()

    page.get_by_text("Get help now", exact=True).first.click()

    assert panel.is_visible()
    call = panel.get_by_role("link", name="Call 988")
    assert call.get_attribute("href") == "tel:988"
    assert panel.get_by_role("link", name="Call 1-800-484-3731").is_visible()
    box = panel.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE["width"] + 1
    assert call.is_visible()


def test_help_control_works_without_javascript(new_page):
    page = new_page(javascript=False)
    page.goto("/")

    page.locator("#help-control summary").click()

    assert page.get_by_role("link", name="Text 988").is_visible()


def test_help_page_works_as_a_deep_link(page):
    page.goto("/help/")

    assert page.get_by_role("heading", level=1).inner_text() == "Get help now"
    main = page.locator("main")
    assert main.get_by_role("link", name="Call 1-800-662-4357").get_attribute("href") == (
        "tel:18006624357"
    )


def test_quick_exit_leaves_and_back_does_not_return(page, live_server, settings):
    settings.KINSHIP_QUICK_EXIT_URL = f"{live_server.url}/healthz?left=1"
    page.goto("/healthz?before=1")
    page.goto("/help/")

    page.locator("#quick-exit").click()
    page.wait_for_url("**/healthz?left=1")
    page.go_back()

    # The Kinship page was replaced in history: Back skips it.
    assert page.url.endswith("/healthz?before=1")
    page.go_forward()
    assert page.url.endswith("/healthz?left=1")


def test_pressing_escape_three_times_leaves(page, live_server, settings):
    settings.KINSHIP_QUICK_EXIT_URL = f"{live_server.url}/healthz?left=1"
    page.goto("/")

    for _ in range(3):
        page.keyboard.press("Escape")

    page.wait_for_url("**/healthz?left=1")


def test_one_escape_does_not_leave(page, live_server, settings):
    settings.KINSHIP_QUICK_EXIT_URL = f"{live_server.url}/healthz?left=1"
    page.goto("/")

    page.keyboard.press("Escape")
    page.wait_for_timeout(300)

    assert page.url == f"{live_server.url}/"


def test_quick_exit_is_a_plain_link_without_javascript(new_page, live_server, settings):
    settings.KINSHIP_QUICK_EXIT_URL = f"{live_server.url}/healthz?left=1"
    page = new_page(javascript=False)
    page.goto("/")

    page.locator("#quick-exit").click()

    page.wait_for_url("**/healthz?left=1")


def test_pages_load_with_no_content_security_policy_violations(page, live_server, settings):
    settings.KINSHIP_QUICK_EXIT_URL = f"{live_server.url}/healthz?left=1"
    for path in ("/help/", "/"):
        page.goto(path)
        page.wait_for_load_state("networkidle")

    csp_messages = [text for text in page.console_errors if "Content Security Policy" in text]
    assert csp_messages == []
    # The site's own script ran: the quick exit goes through location.replace.
    assert page.evaluate("typeof window.htmx") == "object"
    page.locator("#quick-exit").click()
    page.wait_for_url("**/healthz?left=1")


def test_language_switch_turns_the_page_and_help_into_spanish(page):
    page.goto("/help/")

    page.select_option("#language-select", "es")
    page.get_by_role("button", name="Change language").click()

    page.wait_for_url("**/help/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", level=1).inner_text() == "Ayuda ahora"
    page.locator("#help-control summary").click()
    assert page.locator("#help-control").get_by_role("link", name="Llama al 988").is_visible()


def test_sign_up_with_a_handle_and_land_signed_in(page):
    page.goto("/accounts/signup/")

    page.fill('input[name="username"]', "quiet-harbor")
    page.fill('input[name="password1"]', "a long and gentle passphrase")
    page.fill('input[name="password2"]', "a long and gentle passphrase")
    page.press('input[name="password2"]', "Enter")
    page.wait_for_load_state()

    page.goto("/")
    assert "Hi, quiet-harbor" in page.locator("main").inner_text()


def test_sign_in_with_handle_and_password(page):
    UserFactory(handle="lantern")

    page.goto("/accounts/login/")
    page.fill('input[name="login"]', "lantern")
    page.fill('input[name="password"]', DEFAULT_PASSWORD)
    page.press('input[name="password"]', "Enter")
    page.wait_for_load_state()

    page.goto("/")
    assert "Hi, lantern" in page.locator("main").inner_text()


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("language", ["en", "es"])
def test_phone_layout_does_not_scroll_sideways_and_keeps_help_on_screen(new_page, width, language):
    page = new_page(viewport={"width": width, "height": 700}, locale=language)
    page.set_extra_http_headers({"Accept-Language": language})
    page.goto("/")

    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for selector in ("#help-control summary", "#quick-exit"):
        box = page.locator(selector).bounding_box()
        assert box is not None
        assert box["y"] < 80
        assert box["x"] + box["width"] <= width
        assert box["height"] >= 44
    # Still there after scrolling: the header stays on top.
    page.mouse.wheel(0, 2000)
    page.wait_for_timeout(100)
    assert page.locator("#quick-exit").bounding_box()["y"] < 80


@pytest.mark.parametrize(
    ("path", "language", "color_scheme"),
    [
        ("/", "en", "light"),
        ("/", "en", "dark"),
        ("/", "es", "light"),
        ("/help/", "en", "light"),
        ("/help/", "es", "dark"),
        ("/accounts/login/", "en", "light"),
        ("/accounts/signup/", "en", "light"),
        ("/no-such-page/", "en", "light"),
    ],
)
def test_pages_have_no_serious_accessibility_problems(
    new_page, axe_source, path, language, color_scheme
):
    page = new_page(color_scheme=color_scheme)
    page.set_extra_http_headers({"Accept-Language": language})
    page.goto(path)

    assert serious_axe_violations(page, axe_source) == []


def test_signed_in_home_and_open_help_panel_have_no_serious_accessibility_problems(
    new_page, axe_source, client
):
    UserFactory(handle="meadow")
    page = new_page()
    page.goto("/accounts/login/")
    page.fill('input[name="login"]', "meadow")
    page.fill('input[name="password"]', DEFAULT_PASSWORD)
    page.press('input[name="password"]', "Enter")
    page.wait_for_load_state()
    page.goto("/")
    page.locator("#help-control summary").click()

    assert serious_axe_violations(page, axe_source) == []


def test_screenshots_for_the_readme(new_page):
    """Writes docs/screenshots/ when KINSHIP_UPDATE_SCREENSHOTS=1, else test-artifacts/."""
    if os.environ.get("KINSHIP_UPDATE_SCREENSHOTS") == "1":
        folder = REPO_ROOT / "docs" / "screenshots"
    else:
        folder = REPO_ROOT / "test-artifacts" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)

    phone = new_page(viewport=PHONE)
    phone.goto("/")
    phone.screenshot(path=str(folder / "home-phone.png"))
    phone.locator("#help-control summary").click()
    phone.screenshot(path=str(folder / "help-open-phone.png"))

    desktop = new_page(viewport=DESKTOP)
    desktop.goto("/")
    desktop.screenshot(path=str(folder / "home-desktop.png"))

    for name in ("home-phone.png", "help-open-phone.png", "home-desktop.png"):
        assert Path(folder / name).stat().st_size > 5_000
    assert re.search(r"Get help now", phone.content())
