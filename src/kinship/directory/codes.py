"""Meeting type codes: the Meeting Guide list (87 codes) plus other programs' additions.

Codes travel in feeds; people see the label. A feed's codes are read in its program's
namespace (`FeedSource.program`), since programs reuse codes with other meanings.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Category:
    ATTENDANCE = "attendance"
    FORMAT = "format"
    FEATURE = "feature"
    COMMUNITY = "community"
    LANGUAGE = "language"


@dataclass(frozen=True)
class MeetingType:
    code: str
    label: str | Promise
    category: str


def _types(category: str, pairs: list[tuple[str, str | Promise]]) -> list[MeetingType]:
    return [MeetingType(code, label, category) for code, label in pairs]


MEETING_GUIDE_TYPES: list[MeetingType] = [
    *_types(Category.ATTENDANCE, [("O", _("Open")), ("C", _("Closed"))]),
    *_types(
        Category.FORMAT,
        [
            ("11", _("11th Step Meditation")),
            ("12x12", _("12 Steps & 12 Traditions")),
            ("A", _("Secular")),
            ("ABSI", _("As Bill Sees It")),
            ("B", _("Big Book")),
            ("BE", _("Newcomer")),
            ("D", _("Discussion")),
            ("DR", _("Daily Reflections")),
            ("GR", _("Grapevine")),
            ("H", _("Birthday")),
            ("LIT", _("Literature")),
            ("LS", _("Living Sober")),
            ("MED", _("Meditation")),
            ("SP", _("Speaker")),
            ("ST", _("Step Study")),
            ("TR", _("Tradition Study")),
        ],
    ),
    *_types(
        Category.FEATURE,
        [
            ("AL", _("Concurrent with Alateen")),
            ("AL-AN", _("Concurrent with Al-Anon")),
            ("ASL", _("American Sign Language")),
            ("BA", _("Child care available")),
            ("BRK", _("Breakfast")),
            ("CAN", _("Candlelight")),
            ("CF", _("Child-friendly")),
            ("DB", _("Digital basket")),
            ("FF", _("Fragrance free")),
            ("OUT", _("Outdoor")),
            ("POA", _("Proof of attendance")),
            ("SM", _("Smoking permitted")),
            ("TC", _("Location temporarily closed")),
            ("X", _("Wheelchair access")),
            ("XB", _("Wheelchair-accessible bathroom")),
            ("XT", _("Cross talk permitted")),
        ],
    ),
    *_types(
        Category.COMMUNITY,
        [
            ("BI", _("Bisexual")),
            ("DD", _("Dual Diagnosis")),
            ("G", _("Gay")),
            ("L", _("Lesbian")),
            ("LGBTQ", _("LGBTQ+")),
            ("M", _("Men")),
            ("N", _("Native American")),
            ("NB", _("Non-binary")),
            ("NDG", _("Indigenous")),
            ("P", _("Professionals")),
            ("POC", _("People of color")),
            ("SEN", _("Seniors")),
            ("T", _("Transgender")),
            ("W", _("Women")),
            ("Y", _("Young people")),
        ],
    ),
    *_types(
        Category.LANGUAGE,
        [
            ("AF", _("Afrikaans")),
            ("AM", _("Amharic")),
            ("AR", _("Arabic")),
            ("BG", _("Bulgarian")),
            ("DA", _("Danish")),
            ("DE", _("German")),
            ("EL", _("Greek")),
            ("EN", _("English")),
            ("FA", _("Persian")),
            ("FI", _("Finnish")),
            ("FR", _("French")),
            ("HE", _("Hebrew")),
            ("HI", _("Hindi")),
            ("HR", _("Croatian")),
            ("HU", _("Hungarian")),
            ("IS", _("Icelandic")),
            ("ITA", _("Italian")),
            ("JA", _("Japanese")),
            ("KA", _("Georgian")),
            ("KOR", _("Korean")),
            ("LT", _("Lithuanian")),
            ("ML", _("Malayalam")),
            ("MT", _("Maltese")),
            ("NE", _("Nepali")),
            ("NL", _("Dutch")),
            ("NO", _("Norwegian")),
            ("POL", _("Polish")),
            ("POR", _("Portuguese")),
            ("PUN", _("Punjabi")),
            ("RUS", _("Russian")),
            ("S", _("Spanish")),
            ("SK", _("Slovak")),
            ("SL", _("Slovenian")),
            ("SV", _("Swedish")),
            ("TH", _("Thai")),
            ("TL", _("Tagalog")),
            ("TUR", _("Turkish")),
            ("UK", _("Ukrainian")),
        ],
    ),
]

# Codes other programs add to the shared list (interpreted only for feeds of that program).
PROGRAM_TYPES: dict[str, list[MeetingType]] = {
    "aa": [],
    "al-anon": _types(
        Category.COMMUNITY,
        [("AC", _("Adult children of alcoholics")), ("LGBTQIA", _("LGBTQIA+"))],
    ),
    "na": _types(
        Category.FORMAT,
        [
            ("BT", _("Basic Text")),
            ("JFT", _("Just for Today")),
            ("IP", _("Informational pamphlet")),
            ("SPK", _("Speaker")),
            ("DISC", _("Discussion")),
            ("BEG", _("Beginners")),
        ],
    ),
    "eda": [],
    "support": [],
}
PROGRAMS = tuple(PROGRAM_TYPES)

# Types that only make sense at a physical venue (hidden for meetings that are not in person).
IN_PERSON_ONLY = frozenset({"BA", "BRK", "CAN", "CF", "AL-AN", "AL", "FF", "OUT", "SM", "X", "XB"})

# ISO 639-1 language code -> Meeting Guide language type code.
LANGUAGE_TYPE_FOR_ISO = {
    "es": "S",
    "it": "ITA",
    "ko": "KOR",
    "pa": "PUN",
    "pl": "POL",
    "pt": "POR",
    "ru": "RUS",
    "tr": "TUR",
}

_BY_CODE = {meeting_type.code: meeting_type for meeting_type in MEETING_GUIDE_TYPES}


def types_for_program(program: str) -> dict[str, MeetingType]:
    """Every code a feed of `program` may use, keyed by its canonical spelling."""
    return {**_BY_CODE, **{t.code: t for t in PROGRAM_TYPES.get(program, [])}}


def label_for(code: str, program: str = "aa") -> str | Promise:
    found = types_for_program(program).get(code)
    return found.label if found else code


def language_type_code(iso_code: str) -> str:
    """The Meeting Guide type for a language (`es` -> `S`, `fr` -> `FR`)."""
    return LANGUAGE_TYPE_FOR_ISO.get(iso_code.lower(), iso_code.upper())
