"""Crisis and help resources shown by the "Get help now" control, configurable per install.

An install replaces the default list with a JSON file (``KINSHIP_HELP_RESOURCES_FILE``)
keyed by language code, each entry with ``name``, ``detail``, ``href``, ``action`` and
``kind`` (``emergency``, ``call``, ``text`` or ``chat``).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import override, pgettext

# Links in the help panel must dial, text or open a web page; anything else
# (a typo, or ``javascript:``) is dropped rather than shown to a person in crisis.
ALLOWED_SCHEMES = frozenset({"tel", "sms", "https", "http", "mailto"})


def default_help_resources() -> list[dict[str, str]]:
    """The default US list: 911, 988 (call, text, chat), Crisis Text Line, SAMHSA."""
    # Crisis Text Line answers HOME in English and AYUDA in Spanish.
    crisis_text_word = pgettext("Crisis Text Line keyword; Spanish: AYUDA", "HOME")
    return [
        {
            "name": _("Emergency: 911"),
            "detail": _("If you or someone else is in immediate danger, call 911."),
            "href": "tel:911",
            "action": _("Call 911"),
            "kind": "emergency",
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
