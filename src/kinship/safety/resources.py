"""Crisis and help resources: the "Get help now" list and the crisis card, per install.

Out of the box the list is the United States one: 911, the 988 Suicide & Crisis Lifeline
(call, text, chat), Crisis Text Line, the SAMHSA National Helpline and Never Use Alone.

An install replaces it with a JSON file named by ``KINSHIP_HELP_RESOURCES_FILE`` (read
once at start-up into ``settings.KINSHIP_HELP_RESOURCES``). The file maps a language code
to that language's list, in the order the "Get help now" panel shows it::

    {
      "en": [
        {"name": "Emergency: 911",
         "detail": "If you or someone else is in immediate danger, call 911.",
         "href": "tel:911", "action": "Call 911", "kind": "emergency"},
        {"name": "County warm line", "detail": "Peers on the phone, 8am to midnight.",
         "href": "tel:+15555550100", "action": "Call the warm line", "kind": "call"}
      ],
      "es": [...]
    }

- ``name``: who answers; ``detail``: one plain sentence on when to use it; ``action``: the
  button's words ("Call 988"); ``href``: what the button opens.
- ``href`` must be a ``tel:``, ``sms:``, ``https:``, ``http:`` or ``mailto:`` link; any other
  entry (a typo, ``javascript:``) is left out rather than shown to a person in crisis.
- ``kind`` is ``emergency``, ``call``, ``text`` or ``chat`` (``call`` when missing).
  ``emergency`` entries are the ones the crisis card puts first when the risk is
  imminent, and after the others otherwise.
- A language is looked up as given (``es-mx``), then by its base (``es``), then ``en``,
  then the first list in the file.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import override, pgettext

from kinship.safety.models import RiskLevel

# Links in the help panel must dial, text or open a web page; anything else
# (a typo, or ``javascript:``) is dropped rather than shown to a person in crisis.
ALLOWED_SCHEMES = frozenset({"tel", "sms", "https", "http", "mailto"})
EMERGENCY = "emergency"


def default_help_resources() -> list[dict[str, str]]:
    """The default US list: 911, 988, Crisis Text Line, SAMHSA and Never Use Alone."""
    # Crisis Text Line answers HOME in English and AYUDA in Spanish.
    crisis_text_word = pgettext("Crisis Text Line keyword; Spanish: AYUDA", "HOME")
    return [
        {
            "name": _("Emergency: 911"),
            "detail": _("If you or someone else is in immediate danger, call 911."),
            "href": "tel:911",
            "action": _("Call 911"),
            "kind": EMERGENCY,
        },
        {
            "name": _("988 Suicide & Crisis Lifeline"),
            "detail": _("Call or text 988, any time. Press 2 or text AYUDA for Spanish."),
            "href": "tel:988",
            "action": _("Call 988"),
            "kind": "call",
        },
        {
            "name": _("988 by text"),
            "detail": _("Text 988 to reach a trained counselor."),
            "href": "sms:988",
            "action": _("Text 988"),
            "kind": "text",
        },
        {
            "name": _("988 chat"),
            "detail": _("Chat online with a counselor."),
            "href": "https://988lifeline.org/chat/",
            "action": _("Chat with 988"),
            "kind": "chat",
        },
        {
            "name": _("Crisis Text Line"),
            "detail": _("Text %(word)s to 741741.") % {"word": crisis_text_word},
            "href": f"sms:741741?&body={crisis_text_word}",
            "action": _("Text 741741"),
            "kind": "text",
        },
        {
            "name": _("SAMHSA National Helpline"),
            "detail": _("Free, confidential treatment referral, 24/7: 1-800-662-4357."),
            "href": "tel:18006624357",
            "action": _("Call 1-800-662-4357"),
            "kind": "call",
        },
        {
            "name": _("Never Use Alone"),
            "detail": _(
                "If you are going to use alone, they stay on the line and send help "
                "if you stop responding: 1-800-484-3731. Or visit neverusealone.com."
            ),
            "href": "tel:18004843731",
            "action": _("Call 1-800-484-3731"),
            "kind": "call",
        },
    ]


def is_safe_help_link(href: str) -> bool:
    """True when ``href`` dials, texts, mails or opens a web page."""
    return urlsplit(href.strip()).scheme.lower() in ALLOWED_SCHEMES


def help_resources_for(language: str) -> list[dict[str, str]]:
    """The install's list for ``language`` (KINSHIP_HELP_RESOURCES_FILE), else the default."""
    configured: dict[str, list[dict[str, str]]] | None = settings.KINSHIP_HELP_RESOURCES
    if configured:
        base_language = language.split("-")[0]
        chosen = (
            configured.get(language)
            or configured.get(base_language)
            or configured.get("en")
            or next(iter(configured.values()))
        )
        return [
            {"kind": "call", **resource}
            for resource in chosen
            if is_safe_help_link(resource.get("href", ""))
        ]
    with override(language):
        return default_help_resources()


def crisis_resources_for(*, language: str, level: str) -> list[dict[str, str]]:
    """The crisis card's list: emergency lines first at `imminent`, last below it.

    At `imminent` the 988 Lifeline's guidance is to call 911 first. Below it the card
    leads with 988 (call, text or chat); 911 stays on the list, and the card's first line
    still says to call it in immediate danger.
    """
    resources = help_resources_for(language)
    emergency = [resource for resource in resources if resource["kind"] == EMERGENCY]
    others = [resource for resource in resources if resource["kind"] != EMERGENCY]
    if level == RiskLevel.IMMINENT:
        return [*emergency, *others]
    return [*others, *emergency]
