"""The crisis card as any feature app renders it: `{% crisis_card result %}`."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory, override_settings
from django.utils.translation import override

from kinship.accounts.tests.factories import make_user
from kinship.safety import plans
from kinship.safety.actions import ScreenResult
from kinship.safety.models import RiskLevel
from kinship.safety.tests.test_resources import CONFIGURED

pytestmark = pytest.mark.django_db

CARD = Template("{% load safety_tags %}{% crisis_card result live=live %}")


@pytest.fixture(autouse=True)
def no_plan_provider(monkeypatch):
    monkeypatch.setattr(plans, "_provider", None)


def render_card(level=RiskLevel.CONCERN, *, holds_content=False, user=None, live=True):
    request = RequestFactory().get("/forums/thread/7/")
    if user is not None:
        request.user = user
    result = ScreenResult(level=level, signals=[], holds_content=holds_content)
    return CARD.render(Context({"result": result, "request": request, "live": live}))


def call_links(html):
    return re.findall(r'<a class="button button--(?:call|emergency)" href="([^"]+)"', html)


def test_card_is_announced_only_when_live():
    assert 'role="alert"' in render_card(live=True)
    assert 'role="alert"' not in render_card(live=False)


def test_card_leads_with_988_below_imminent_and_with_911_at_imminent():
    assert call_links(render_card(RiskLevel.HIGH))[:2] == ["tel:988", "sms:988"]
    assert "tel:911" in call_links(render_card(RiskLevel.HIGH))
    assert call_links(render_card(RiskLevel.IMMINENT))[:2] == ["tel:911", "tel:988"]
    assert "If you are in danger right now, call 911." in render_card(RiskLevel.IMMINENT)


def test_card_lists_never_use_alone_crisis_text_line_and_samhsa():
    links = call_links(render_card())

    assert {"tel:18004843731", "sms:741741?&amp;body=HOME", "tel:18006624357"} <= set(links)


def test_held_content_is_explained_kindly():
    held = render_card(RiskLevel.IMMINENT, holds_content=True)
    shown = render_card(RiskLevel.HIGH)

    assert "waiting for a moderator" in held
    assert "You did nothing wrong" in held
    assert "waiting for a moderator" not in shown
    assert "saved as usual" in shown


def test_signed_in_members_are_offered_a_peer_supporter():
    member = make_user()

    html = render_card(user=member)

    assert "Would you like a peer supporter to reach out?" in html
    assert 'action="/safety/contact/"' in html
    assert 'hx-post="/safety/contact/"' in html
    assert 'name="next" value="/forums/thread/7/"' in html


def test_no_offer_without_a_signed_in_member():
    assert "Would you like a peer supporter" not in render_card()


def test_card_links_to_the_members_own_safety_plan_when_they_have_one():
    with_plan = make_user(handle="has-plan")
    without_plan = make_user(handle="no-plan")
    plans.register_safety_plan_url(
        lambda user: "/recovery/my-plan/" if user.pk == with_plan.pk else None
    )

    assert 'href="/recovery/my-plan/"' in render_card(user=with_plan)
    assert "Open my safety plan" in render_card(user=with_plan)
    assert "Open my safety plan" not in render_card(user=without_plan)


def test_card_follows_the_active_language():
    with override("es"):
        html = render_card()

    assert "Llama al 988" in html
    assert "sms:741741?&amp;body=AYUDA" in html


@override_settings(KINSHIP_HELP_RESOURCES=CONFIGURED)
def test_card_uses_the_installs_list_for_the_language():
    with override("es"):
        html = render_card()

    assert call_links(html) == ["tel:+15555550101"]
