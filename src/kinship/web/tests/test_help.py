"""The help resources: the default list, and an install's own list replacing it."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from kinship.web.help import help_resources_for

pytestmark = pytest.mark.django_db

CONFIGURED = {
    "en": [
        {
            "name": "Riverside Warmline",
            "detail": "Peers answer from 5 p.m. to midnight.",
            "href": "tel:+15555550100",
            "action": "Call the warmline",
            "kind": "call",
        }
    ],
    "es": [
        {
            "name": "Línea de apoyo Riverside",
            "detail": "Personas con experiencia responden de 5 p. m. a medianoche.",
            "href": "tel:+15555550101",
            "action": "Llamar a la línea",
            "kind": "call",
        }
    ],
}


def test_default_list_has_988_911_crisis_text_line_and_samhsa():
    hrefs = [resource["href"] for resource in help_resources_for("en")]

    assert hrefs[0] == "tel:911"
    assert {"tel:988", "sms:988", "sms:741741?&body=HOME", "tel:18006624357"} <= set(hrefs)


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


@override_settings(KINSHIP_HELP_RESOURCES={"en": CONFIGURED["en"]})
def test_an_installs_list_falls_back_to_english_for_a_missing_language():
    assert help_resources_for("es")[0]["name"] == "Riverside Warmline"
    assert help_resources_for("es-mx")[0]["name"] == "Riverside Warmline"


@override_settings(
    KINSHIP_HELP_RESOURCES={
        "en": [
            {"name": "Bad", "detail": "", "href": "javascript:alert(1)", "action": "x"},
            {"name": "Good", "detail": "", "href": "sms:12345", "action": "Text"},
        ]
    }
)
def test_configured_links_that_do_not_dial_text_or_open_a_page_are_dropped():
    resources = help_resources_for("en")

    assert [resource["name"] for resource in resources] == ["Good"]
    assert resources[0]["kind"] == "call"


def test_default_list_is_translated_to_spanish():
    resources = help_resources_for("es")

    assert "Llama al 988" in [resource["action"] for resource in resources]
    # Crisis Text Line answers in Spanish when the first word is AYUDA.
    assert "sms:741741?&body=AYUDA" in [resource["href"] for resource in resources]
