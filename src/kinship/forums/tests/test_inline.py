"""Titles and handles: invisible and direction-changing characters, limits, bad Unicode."""

import unicodedata

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from kinship.forums.rendering import MAX_TITLE_CHARS, clean_inline, clean_title

BIDI_CONTROLS = [chr(code) for code in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]]


@pytest.mark.parametrize("control", BIDI_CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
def test_bidi_controls_are_removed_from_titles(control):
    assert clean_title(f"Morning {control}txt.exe group") == "Morning txt.exe group"


@pytest.mark.parametrize(
    "invisible",
    ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u0007", "\u3164"],
    ids=lambda c: f"U+{ord(c):04X}",
)
def test_invisible_characters_are_removed_from_handles(invisible):
    assert clean_inline(f"ad{invisible}min") == "admin"


def test_whitespace_collapses_to_single_spaces():
    assert clean_title("  Friday\t\tcheck-in\n\u00a0 group\u2028 ") == "Friday check-in group"


def test_title_is_nfc_normalised():
    assert clean_title("Cafe\u0301") == "Caf\u00e9"


def test_lone_surrogate_is_replaced_not_refused():
    assert clean_title("Hi \udc80 there") == "Hi \ufffd there"


@pytest.mark.parametrize("title", ["", "   ", "\u202e\u200b\u2066", "\u3164\u3164"])
def test_title_with_nothing_visible_is_refused(title):
    with pytest.raises(ValidationError) as error:
        clean_title(title)

    assert error.value.messages == ["This can't be blank."]


def test_title_at_the_limit_is_accepted():
    assert clean_title("a" * MAX_TITLE_CHARS + "\u200b") == "a" * MAX_TITLE_CHARS


def test_long_title_is_refused_with_the_limit():
    with pytest.raises(ValidationError) as error:
        clean_title("a" * (MAX_TITLE_CHARS + 1))

    assert error.value.messages == [
        f"This can be at most {MAX_TITLE_CHARS} characters; it has {MAX_TITLE_CHARS + 1}."
    ]


@settings(deadline=None)
@given(st.text(alphabet=st.one_of(st.characters(), st.characters(categories=["Cs"]))))
def test_cleaned_text_is_visible_normalised_and_single_spaced(text):
    try:
        cleaned = clean_inline(text)
    except ValidationError:
        return

    assert cleaned == cleaned.strip()
    assert "  " not in cleaned
    assert unicodedata.is_normalized("NFC", cleaned)
    assert 0 < len(cleaned) <= MAX_TITLE_CHARS
    assert all(unicodedata.category(c) not in {"Cf", "Cc", "Cs"} for c in cleaned)
    assert all(c == " " or not c.isspace() for c in cleaned)
