"""Finding a meeting in a real browser: search by ZIP, open it, RSVP, add it to a calendar."""

from __future__ import annotations

import os
from datetime import time

import pytest

from kinship.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from kinship.directory.models import AttendanceOption
from kinship.directory.tests.factories import make_group, make_meeting
from tests.browser.conftest import PHONE, REPO_ROOT, serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def chicago_meetings():
    """Meetings around ZIP 60601 (Chicago's Loop), one far away, and one online."""
    group = make_group(name="Lakeshore Dual Recovery", slug="lakeshore")
    return [
        make_meeting(
            group=group,
            name="Loop Tuesday Circle",
            slug="loop-tuesday",
            latitude=41.8857,
            longitude=-87.6229,
            types=",DD,O,",
        ),
        make_meeting(
            group=group,
            name="Grupo Esperanza",
            slug="grupo-esperanza",
            day=4,
            start_time=time(18, 30),
            end_time=time(20, 0),
            latitude=41.8500,
            longitude=-87.6700,
            types=",DD,S,",
        ),
        make_meeting(
            group=group,
            name="Lakeview Morning",
            slug="lakeview-morning",
            day=6,
            start_time=time(9, 0),
            end_time=time(10, 0),
            latitude=41.9400,
            longitude=-87.6500,
            types=",BE,O,",
        ),
        make_meeting(
            name="Denver Evening",
            slug="denver-evening",
            latitude=39.7392,
            longitude=-104.9903,
            timezone="America/Denver",
        ),
        make_meeting(
            group=group,
            name="Night Owls Online",
            slug="night-owls",
            is_approximate=True,
            attendance_option=AttendanceOption.ONLINE,
            conference_url="https://meet.jit.si/night-owls-test",
            day=5,
            start_time=time(23, 30),
            end_time=time(0, 30),
        ),
    ]


def sign_in(page, handle: str) -> None:
    page.goto("/accounts/login/")
    page.fill('input[name="login"]', handle)
    page.fill('input[name="password"]', DEFAULT_PASSWORD)
    page.press('input[name="password"]', "Enter")
    page.wait_for_load_state()


def search_by_zip(page, zip_code: str) -> None:
    page.goto("/meetings/")
    page.fill('input[name="near"]', zip_code)
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_selector("text=meetings near")


def test_search_by_zip_open_rsvp_and_add_to_calendar(new_page, chicago_meetings):
    UserFactory(handle="marisol", time_zone="America/Chicago")
    page = new_page(viewport=PHONE)
    sign_in(page, "marisol")

    search_by_zip(page, "60601")

    results = page.locator("#search-results")
    assert "3 meetings near" in results.inner_text()
    assert "Denver Evening" not in results.inner_text()
    assert "miles away" in results.inner_text()
    # htmx swapped the results in, put the search in the address bar and scrolled to them.
    assert "near=60601" in page.url
    page.wait_for_function("window.scrollY > 100")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    results.get_by_role("link", name="Loop Tuesday Circle").click()
    page.wait_for_url("**/meetings/loop-tuesday/")
    assert "Central Time (America/Chicago)" in page.locator("main").inner_text()

    page.get_by_role("button", name="I'm going").first.click()
    page.wait_for_load_state()
    assert "you said you are going" in page.locator(".notices").inner_text()
    assert page.get_by_role("button", name="Not going").first.is_visible()

    calendar_link = page.get_by_role("link", name="Add to calendar")
    href = calendar_link.get_attribute("href")
    assert href == "/meetings/loop-tuesday.ics"
    response = page.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert "RRULE:FREQ=WEEKLY;BYDAY=TU" in response.text()


def test_search_works_without_javascript(new_page, chicago_meetings):
    page = new_page(javascript=False)
    page.goto("/meetings/")

    page.fill('input[name="near"]', "60601")
    page.locator(".dir-search summary").click()
    page.locator('input[name="types"][value="S"]').check()
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_load_state()

    results = page.locator("#search-results").inner_text()
    assert "1 meeting near" in results
    assert "Grupo Esperanza" in results
    # Without JavaScript there is no "use my location" button to press.
    assert not page.locator("#use-my-location").is_visible()


def test_use_my_location_fills_the_form_and_searches(new_page, live_server, chicago_meetings):
    page = new_page(
        geolocation={"latitude": 41.8857, "longitude": -87.6229}, permissions=["geolocation"]
    )
    page.goto("/meetings/")

    page.get_by_role("button", name="Use my location").click()
    page.wait_for_selector("text=meetings near")

    assert "3 meetings near" in page.locator("#search-results").inner_text()
    assert [text for text in page.console_errors if "Content Security Policy" in text] == []


def test_search_page_has_no_serious_accessibility_problems(new_page, axe_source, chicago_meetings):
    page = new_page()
    search_by_zip(page, "60601")

    assert serious_axe_violations(page, axe_source) == []


def test_find_a_meeting_phone_screenshot(new_page, chicago_meetings):
    """Writes docs/screenshots/ when KINSHIP_UPDATE_SCREENSHOTS=1, else test-artifacts/."""
    if os.environ.get("KINSHIP_UPDATE_SCREENSHOTS") == "1":
        folder = REPO_ROOT / "docs" / "screenshots"
    else:
        folder = REPO_ROOT / "test-artifacts" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    UserFactory(handle="marisol", time_zone="America/New_York")
    page = new_page(viewport=PHONE)
    sign_in(page, "marisol")

    search_by_zip(page, "60601")
    page.mouse.move(0, 0)
    # The results start under the form: show them at the top of the phone's screen.
    page.evaluate("window.scrollTo(0, document.getElementById('search-results').offsetTop - 70)")
    path = folder / "find-a-meeting-phone.png"
    page.screenshot(path=str(path))

    assert path.stat().st_size > 5_000


@pytest.mark.parametrize("language", ["en", "es"])
def test_search_and_meeting_pages_fit_a_small_phone(new_page, chicago_meetings, language):
    page = new_page(viewport={"width": 320, "height": 640}, locale=language)
    page.set_extra_http_headers({"Accept-Language": language})

    for path in ("/meetings/?near=60601&types=DD", "/meetings/loop-tuesday/", "/groups/"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
