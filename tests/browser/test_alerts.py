"""An on-call moderator answers an imminent alert in a real browser, from sign-in to resolve.

Uses the browser fixtures of `conftest.py` here (Debian's Chromium through Playwright,
axe-core from node_modules); they skip where those are missing.
"""

from __future__ import annotations

import threading
import time as wall_clock
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.db import connection
from django.utils import timezone

from kinship.accounts.models import Role
from kinship.accounts.tests.factories import DEFAULT_PASSWORD, make_user
from kinship.conftest import enrol_totp
from kinship.core.audit import AuditAction
from kinship.privacy.models import AuditEntry
from kinship.safety.actions import rota
from kinship.safety.models import Alert, AlertOutcome, AlertStatus
from kinship.safety.tests.test_alert_pages import WORDS, open_alert
from tests.browser.conftest import serious_axe_violations

Result = TypeVar("Result")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def on_call():
    """A moderator with an authenticator app, on call now; returns (moderator, TOTP secret)."""
    coordinator = make_user(handle="coord-ana", role=Role.COORDINATOR)
    moderator = make_user(handle="mod-bea", role=Role.MODERATOR, time_zone="America/New_York")
    secret = enrol_totp(moderator)
    rota.add_shift(
        actor=coordinator,
        person=moderator,
        starts_at=timezone.now() - timedelta(hours=1),
        ends_at=timezone.now() + timedelta(hours=8),
        time_zone=moderator.time_zone,
    )
    return moderator, secret


def open_alert_for(handle: str) -> Alert:
    """Open an alert (telling whoever is on call) from a thread of its own.

    Playwright's sync API keeps an event loop running in the test's thread, and the live
    push of a notification goes through `async_to_sync`, which refuses to run beside one.
    """
    return in_a_thread(lambda: open_alert(make_user(handle=handle)))


def in_a_thread(work: Callable[[], Result]) -> Result:
    results: list[Result] = []

    def run() -> None:
        try:
            results.append(work())
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return results[0]


def sign_in_with_code(page, handle: str, secret: str) -> None:
    page.goto("/accounts/login/")
    page.fill('input[name="login"]', handle)
    page.fill('input[name="password"]', DEFAULT_PASSWORD)
    page.press('input[name="password"]', "Enter")
    page.wait_for_selector('input[name="code"]')
    code = format_hotp_value(hotp_value(secret, int(wall_clock.time()) // 30))
    page.fill('input[name="code"]', code)
    page.press('input[name="code"]', "Enter")
    page.wait_for_load_state()


def test_on_call_moderator_answers_an_imminent_alert(new_page, on_call):
    moderator, secret = on_call
    alert = open_alert_for("river")
    page = new_page()
    sign_in_with_code(page, moderator.handle, secret)

    page.goto("/safety/alerts/")
    card = page.locator(".alert-card", has_text="Imminent: river")
    assert "min left" in card.locator(".alert-clock").inner_text()
    card.get_by_role("link").click()

    page.wait_for_url(f"**/safety/alerts/{alert.pk}/")
    assert WORDS not in page.content()
    page.get_by_role("button", name="Show the member's words").click()
    page.wait_for_selector("#alert-words-text")
    assert WORDS in page.locator("#alert-words").inner_text()
    assert "/safety/alerts/" in page.url  # htmx swapped the words in; no new page
    assert AuditEntry.objects.filter(action=AuditAction.ALERT_TEXT_READ).count() == 1

    page.get_by_role("button", name="Acknowledge: I am on it").click()
    page.wait_for_selector("text=The clock has stopped")
    page.get_by_label("Reached out to the member").check()
    page.get_by_label("Anything the next person should know").fill("Talked; they are safe.")
    page.get_by_role("button", name="Resolve", exact=True).click()
    page.wait_for_selector("text=Thank you for answering")

    alert.refresh_from_db()
    assert (alert.status, alert.outcome, alert.assignee) == (
        AlertStatus.RESOLVED,
        AlertOutcome.REACHED_OUT,
        moderator,
    )
    assert [text for text in page.console_errors if "Content Security Policy" in text] == []


def test_the_words_can_be_shown_without_javascript(new_page, on_call):
    moderator, secret = on_call
    alert = open_alert_for("river")
    page = new_page(javascript=False)
    sign_in_with_code(page, moderator.handle, secret)

    page.goto(f"/safety/alerts/{alert.pk}/")
    page.get_by_role("button", name="Show the member's words").click()

    assert WORDS in page.locator("#alert-words").inner_text()
    assert Alert.objects.get(pk=alert.pk).events.filter(kind="text_read").count() == 1


def test_alert_dashboard_has_no_serious_accessibility_problems(new_page, axe_source, on_call):
    moderator, secret = on_call
    open_alert_for("river")
    page = new_page()
    sign_in_with_code(page, moderator.handle, secret)

    page.goto("/safety/alerts/")

    assert serious_violations(page, axe_source) == []


def serious_violations(page, source: str) -> list[str]:
    return list(serious_axe_violations(page, source))
