"""English and Spanish: the language switch, and a complete Spanish catalogue."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOCALE_DIR = Path(settings.LOCALE_PATHS[0]) / "es" / "LC_MESSAGES"


def switch_to_spanish(client: Client, next_url: str = "/") -> None:
    response = client.post(reverse("set_language"), {"language": "es", "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == next_url


def test_switching_to_spanish_translates_the_home_page_and_help_control(client: Client):
    switch_to_spanish(client)

    html = client.get("/").content.decode()

    assert '<html lang="es">' in html
    assert "Te damos la bienvenida a Kinship" in html
    assert "Ayuda ahora" in html
    assert "Salida rápida" in html
    assert "Llama al 988" in html
    assert "Get help now" not in html


def test_switching_back_to_english(client: Client):
    switch_to_spanish(client)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    html = client.get("/").content.decode()

    assert '<html lang="en">' in html
    assert "Get help now" in html


def test_language_switch_returns_to_the_page_the_person_was_on(client: Client):
    html = client.get(reverse("help")).content.decode()

    assert 'name="next" value="/help/"' in html
    switch_to_spanish(client, "/help/")
    assert "Habla con alguien" in client.get(reverse("help")).content.decode()


def test_browser_language_is_used_before_any_choice(client: Client):
    html = client.get("/", headers={"accept-language": "es-MX,es;q=0.9"}).content.decode()

    assert "Ayuda ahora" in html


def test_language_choices_are_named_in_their_own_language(client: Client):
    html = client.get("/").content.decode()

    assert re.search(r'<option value="es" lang="es"[^>]*>Español</option>', html)
    assert re.search(r'<option value="en" lang="en" selected>English</option>', html)


def _catalogue_entries() -> list[tuple[str, list[str], str]]:
    """(msgid, msgstrs, comment block) for each entry of the Spanish .po file."""
    text = (LOCALE_DIR / "django.po").read_text(encoding="utf-8")
    entries = []
    for block in text.split("\n\n")[1:]:
        msgid = "".join(re.findall(r'"(.*)"', block.split("msgid ", 1)[1].split("msgstr", 1)[0]))
        strs = re.findall(r'msgstr(?:\[\d\])? ((?:".*"\n?)+)', block)
        msgstrs = ["".join(re.findall(r'"(.*)"', s)) for s in strs]
        entries.append((msgid, msgstrs, block))
    return entries


def test_spanish_catalogue_is_complete_with_no_fuzzy_entries():
    entries = _catalogue_entries()

    assert len(entries) > 50
    untranslated = [msgid for msgid, strs, _ in entries if not all(strs)]
    fuzzy = [msgid for msgid, _, block in entries if "#, fuzzy" in block]
    assert untranslated == []
    assert fuzzy == []


def test_spanish_catalogue_keeps_every_placeholder():
    for msgid, msgstrs, _ in _catalogue_entries():
        expected = sorted(re.findall(r"%\(\w+\)[sd]", msgid))
        for msgstr in msgstrs:
            assert sorted(set(re.findall(r"%\(\w+\)[sd]", msgstr))) == sorted(set(expected)), msgid


def test_compiled_catalogue_is_committed_and_newer_than_the_source():
    po = LOCALE_DIR / "django.po"
    mo = LOCALE_DIR / "django.mo"

    assert mo.exists()
    assert mo.stat().st_mtime >= po.stat().st_mtime - 1
