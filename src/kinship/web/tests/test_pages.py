"""The pages the web shell owns: home, help, 404 and 500."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from kinship.web.tests.conftest import visible_text

pytestmark = pytest.mark.django_db


def test_home_for_a_visitor_explains_kinship_and_offers_join_and_sign_in(client: Client):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Welcome to Kinship" in html
    assert f'href="{reverse("account_signup")}"' in html
    assert f'href="{reverse("account_login")}"' in html
    assert "Hi, " not in html


def test_home_for_a_member_is_a_dashboard_with_help_first(member_client: Client):
    response = member_client.get("/")

    html = response.content.decode()
    assert "Hi, river" in visible_text(html)
    assert "Only you can see this page." in html
    main = html[html.index('<main id="main"') :]
    # The dashboard's first section is the way to get help, before anything else.
    assert main.index(f'href="{reverse("help")}"') < main.index(reverse("accounts:profile"))
    assert f'href="{reverse("notifications:list")}"' in main
    assert 'href="tel:988"' in main


def test_navigation_shows_only_pages_that_exist_for_the_person(
    client: Client, member_client: Client
):
    visitor_nav = _nav(client.get("/").content.decode())
    member_nav = _nav(member_client.get("/").content.decode())

    assert reverse("account_login") in visitor_nav
    assert reverse("accounts:profile") not in visitor_nav
    assert reverse("accounts:profile") in member_nav
    assert reverse("notifications:list") in member_nav
    assert reverse("account_login") not in member_nav


def test_navigation_marks_the_current_page(client: Client):
    nav = _nav(client.get("/").content.decode())

    assert f'href="{reverse("home")}" aria-current="page"' in nav
    assert nav.count('aria-current="page"') == 1


def test_member_can_sign_out_from_every_page(member_client: Client):
    html = member_client.get(reverse("help")).content.decode()

    assert f'action="{reverse("account_logout")}"' in html


@pytest.mark.parametrize("path", ["/", "/help/", "/this-page-does-not-exist/"])
def test_every_page_has_the_help_control_and_quick_exit_in_the_header(client: Client, path):
    html = client.get(path).content.decode()

    header = html[html.index('<header class="site-header"') : html.index("</header>")]
    assert '<details class="help-control"' in header
    assert 'href="tel:988"' in header
    assert 'id="quick-exit"' in header
    assert html.index('class="site-header"') < html.index('<main id="main"')


def test_help_page_lists_crisis_lines_as_real_links(client: Client):
    response = client.get(reverse("help"))

    assert response.status_code == 200
    main = response.content.decode().split('<main id="main"', 1)[1]
    for href in ("tel:988", "sms:988", "tel:911", "tel:18006624357", "sms:741741?&amp;body=HOME"):
        assert f'href="{href}"' in main
    assert "1-800-662-4357" in main
    assert "Crisis Text Line" in main


def test_help_page_needs_no_sign_in(client: Client):
    assert client.get("/help/").status_code == 200


def test_missing_page_is_a_plain_404_in_the_site_style(client: Client):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "We can't find that page" in visible_text(html).replace("&#x27;", "'")
    assert "web/kinship.css" in html
    assert f'href="{reverse("home")}"' in html


@override_settings(ROOT_URLCONF="kinship.web.tests.error_urls")
def test_server_error_page_shows_help_without_a_database():
    from unittest import mock

    from django.db import OperationalError, connection

    client = Client(raise_request_exception=False)
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("down")):
        response = client.get("/boom/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert 'href="tel:988"' in html
    assert 'id="quick-exit"' in html
    assert "web/kinship.css" in html


def test_server_error_template_renders_with_no_context_at_all():
    from django.template import loader

    html = loader.get_template("500.html").render()

    assert 'href="tel:988"' in html
    assert "Kinship" in html


def _nav(html: str) -> str:
    return html[html.index('<nav class="site-nav"') : html.index("</nav>")]
