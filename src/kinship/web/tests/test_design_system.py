"""The shared pieces other apps use: the form field include, quick exit, the page budget."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django import forms
from django.contrib.staticfiles import finders
from django.core.paginator import Paginator
from django.template import Context, Template
from django.test import Client, RequestFactory, override_settings

pytestmark = pytest.mark.django_db


class CheckInForm(forms.Form):
    mood = forms.CharField(label="How are you feeling?", help_text="A word or two is enough.")
    note = forms.CharField(label="Anything else?", required=False, widget=forms.Textarea)
    share = forms.BooleanField(label="Share with my mentor", required=False)

    def clean_mood(self) -> str:
        raise forms.ValidationError("Please use fewer than 40 letters.")


def render_field(form: forms.Form, name: str) -> str:
    template = Template('{% include "web/partials/field.html" with field=field %}')
    return template.render(Context({"field": form[name]}))


def test_field_ties_label_help_and_error_to_the_input_and_keeps_the_value():
    form = CheckInForm(data={"mood": "tired but hopeful"})
    assert not form.is_valid()

    html = render_field(form, "mood")

    assert '<label class="field__label" for="id_mood">' in html
    assert 'id="id_mood_helptext"' in html
    assert 'id="id_mood_error"' in html
    assert "Please use fewer than 40 letters." in html
    input_tag = re.search(r"<input[^>]*>", html)
    assert input_tag is not None
    assert 'aria-describedby="id_mood_helptext id_mood_error"' in input_tag.group(0)
    assert 'aria-invalid="true"' in input_tag.group(0)
    assert 'value="tired but hopeful"' in input_tag.group(0)


def test_optional_field_says_so_and_has_no_error_state():
    html = render_field(CheckInForm(), "note")

    assert "(optional)" in html
    assert "field--invalid" not in html
    assert "aria-describedby" not in html


def test_checkbox_field_puts_the_label_after_the_box():
    html = render_field(CheckInForm(), "share")

    assert html.index('type="checkbox"') < html.index('<label class="field__label"')


def test_pagination_keeps_other_query_parameters():
    request = RequestFactory().get("/forums/", {"q": "sleep", "page": "2"})
    page = Paginator(list(range(30)), 10).page(2)
    template = Template('{% include "web/partials/pagination.html" with page_obj=page %}')

    html = template.render(Context({"page": page, "request": request}))

    assert 'href="?q=sleep&amp;page=1"' in html
    assert 'href="?q=sleep&amp;page=3"' in html
    assert "Page 2 of 3" in html


def test_pagination_is_hidden_for_a_single_page():
    page = Paginator([1, 2], 10).page(1)
    template = Template('{% include "web/partials/pagination.html" with page_obj=page %}')

    assert template.render(Context({"page": page})).strip() == ""


def test_empty_state_says_what_to_do_next():
    template = Template(
        '{% include "web/partials/empty_state.html" with title="No one has posted here yet." '
        'text="You could be the first to say hello." action_url="/new/" action_label="Say hello" %}'
    )

    html = template.render(Context())

    assert "You could be the first to say hello." in html
    assert 'href="/new/"' in html


@override_settings(KINSHIP_QUICK_EXIT_URL="https://example.org/weather")
def test_quick_exit_is_a_plain_link_to_the_configured_site(client: Client):
    html = client.get("/").content.decode()

    tag = re.search(r'<a [^>]*id="quick-exit"[^>]*>', html)
    assert tag is not None
    assert 'href="https://example.org/weather"' in tag.group(0)
    assert 'data-quick-exit="https://example.org/weather"' in tag.group(0)
    assert "noreferrer" in tag.group(0)


def test_script_replaces_the_history_entry_on_quick_exit():
    path = finders.find("web/kinship.js")
    assert path is not None
    script = Path(path).read_text(encoding="utf-8")

    assert "location.replace(" in script
    assert "Escape" in script


def test_stylesheet_has_dark_theme_reduced_motion_and_focus_rings():
    path = finders.find("web/kinship.css")
    assert path is not None
    css = Path(path).read_text(encoding="utf-8")

    assert "@media (prefers-color-scheme: dark)" in css
    assert "@media (prefers-reduced-motion: reduce)" in css
    assert ":focus-visible" in css
    assert "@import" not in css
    assert "url(" not in css  # no web fonts, no remote files


def test_a_typical_page_stays_under_50_kb_of_html_and_css(client: Client):
    path = finders.find("web/kinship.css")
    assert path is not None
    css_bytes = Path(path).stat().st_size

    for page in ("/", "/help/"):
        html_bytes = len(client.get(page).content)
        assert html_bytes + css_bytes < 50_000, (page, html_bytes, css_bytes)
