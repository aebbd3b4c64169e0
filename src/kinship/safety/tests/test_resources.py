"""Crisis resources: the default list, an install's own list per language, the card's order."""

from __future__ import annotations

import pytest
from django.test import override_settings

from kinship.safety.models import RiskLevel
from kinship.safety.resources import crisis_resources_for, help_resources_for

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

WITH_EMERGENCY = {
    "en": [
        {
            "name": "Riverside Warmline",
            "detail": "Peers answer from 5 p.m. to midnight.",
            "href": "tel:+15555550100",
            "action": "Call the warmline",
        },
        {
            "name": "Emergency: 112",
            "detail": "In immediate danger, call 112.",
            "href": "tel:112",
            "action": "Call 112",
            "kind": "emergency",
        },
    ]
}


def hrefs(resources):
    return [resource["href"] for resource in resources]


def test_default_list_has_988_911_crisis_text_line_samhsa_and_never_use_alone():
    listed = hrefs(help_resources_for("en"))

    assert listed[0] == "tel:911"
    assert {
        "tel:988",
        "sms:988",
        "https://988lifeline.org/chat/",
        "sms:741741?&body=HOME",
        "tel:18006624357",
        "tel:18004843731",
    } <= set(listed)


def test_never_use_alone_says_what_it_is_for():
    never_use_alone = next(
        resource for resource in help_resources_for("en") if resource["name"] == "Never Use Alone"
    )

    assert "if you stop responding" in never_use_alone["detail"]
    assert "neverusealone.com" in never_use_alone["detail"]
    assert never_use_alone["action"] == "Call 1-800-484-3731"


@override_settings(KINSHIP_HELP_RESOURCES={"en": CONFIGURED["en"]})
def test_an_installs_list_falls_back_to_english_for_a_missing_language():
    assert help_resources_for("es")[0]["name"] == "Riverside Warmline"
    assert help_resources_for("es-mx")[0]["name"] == "Riverside Warmline"


@override_settings(KINSHIP_HELP_RESOURCES=CONFIGURED)
def test_an_installs_list_is_chosen_by_language_and_its_base():
    assert help_resources_for("es-mx")[0]["name"] == "Línea de apoyo Riverside"
    assert crisis_resources_for(language="es", level=RiskLevel.HIGH)[0]["href"] == (
        "tel:+15555550101"
    )


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
    assert "sms:741741?&body=AYUDA" in hrefs(resources)


def test_the_card_puts_911_first_when_the_risk_is_imminent():
    listed = hrefs(crisis_resources_for(language="en", level=RiskLevel.IMMINENT))

    assert listed[:2] == ["tel:911", "tel:988"]


@pytest.mark.parametrize("level", [RiskLevel.CONCERN, RiskLevel.HIGH])
def test_below_imminent_the_card_leads_with_988_and_keeps_911(level):
    listed = hrefs(crisis_resources_for(language="en", level=level))

    assert listed[:3] == ["tel:988", "sms:988", "https://988lifeline.org/chat/"]
    assert "tel:911" in listed
    assert sorted(listed) == sorted(hrefs(help_resources_for("en")))


@override_settings(KINSHIP_HELP_RESOURCES=WITH_EMERGENCY)
def test_an_installs_emergency_line_moves_the_same_way():
    assert hrefs(crisis_resources_for(language="en", level=RiskLevel.IMMINENT)) == [
        "tel:112",
        "tel:+15555550100",
    ]
    assert hrefs(crisis_resources_for(language="en", level=RiskLevel.CONCERN)) == [
        "tel:+15555550100",
        "tel:112",
    ]
