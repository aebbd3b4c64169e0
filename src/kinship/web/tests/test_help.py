"""The help pages: an install's own list of resources replaces the default everywhere.

The list itself (default, fallbacks, ordering) is tested in kinship.safety.tests.test_resources.
"""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from kinship.safety.tests.test_resources import CONFIGURED

pytestmark = pytest.mark.django_db


@override_settings(KINSHIP_HELP_RESOURCES=CONFIGURED)
def test_an_installs_list_replaces_the_default_everywhere(client: Client):
    for path in ("/", reverse("help")):
        html = client.get(path).content.decode()
        assert "Riverside Warmline" in html
        assert 'href="tel:+15555550100"' in html
        assert "tel:988" not in html


@override_settings(KINSHIP_HELP_RESOURCES=CONFIGURED)
def test_an_installs_list_follows_the_language(client: Client):
    html = client.get(reverse("help"), headers={"accept-language": "es"}).content.decode()

    assert "Línea de apoyo Riverside" in html
    assert "Riverside Warmline" not in html


def test_help_page_lists_never_use_alone_as_a_phone_link(client: Client):
    html = client.get(reverse("help")).content.decode()

    assert "Never Use Alone" in html
    assert 'href="tel:18004843731"' in html


def test_help_page_offers_a_peer_supporter_to_signed_in_members(client: Client, member):
    contact_url = reverse("safety:request-contact")
    assert contact_url not in client.get(reverse("help")).content.decode()

    client.force_login(member)

    assert f'href="{contact_url}"' in client.get(reverse("help")).content.decode()
