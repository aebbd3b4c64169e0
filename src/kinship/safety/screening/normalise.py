"""Text normalisation and clause splitting for the screener (pure Python, no Django).

Matching runs on a folded copy of the text: lower case, accents stripped, invisible
formatting characters removed, letters repeated for emphasis collapsed, leetspeak inside
words undone and spaced-out letters joined, so "K1LL   mys3lf", "k i l l myself" and
"quiero moriiiir" reach the same patterns as their plain spellings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Zero-width and bidi controls (Unicode category Cf) and other invisible marks.
_INVISIBLE = re.compile("[\u00ad\u034f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")
_PUNCTUATION_MAP = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u201c": '"', "\u201d": '"',
    "\u2013": "-", "\u2014": " - ", "\u00a0": " ",
}  # fmt: skip
_PUNCTUATION = re.compile("[" + "".join(_PUNCTUATION_MAP) + "]")
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
_COMBINING = re.compile(r"[\u0300-\u036f]+")
# A word holding a leet character ("k1ll", "mys3lf", "$uicide"); `_unleet` keeps the
# ones with no letter or that read as a count, a time or a dose.
_LEET_WORD = re.compile(r"(?<![\w@$])[\w@$]*[013457@$][\w@$]*")
_LETTER = re.compile(r"[a-z]")
# Words with digits that are ordinary: times, counts, doses, ordinals, "24/7".
_NUMERIC_WORD = re.compile(r"\d+(?:am|pm|h|hrs?|st|nd|rd|th|s|yo|yrs?|mg|ml|mcg|g|k|x|mo|min|d)?")
# Letters English and Spanish never double collapse to one ("waaant"), others to two.
_REPEATS = re.compile(r"([a-z])\1+")
_NEVER_DOUBLED = frozenset("aiuyhwjkqvx")
# Three or more single letters separated by spaces, dots, dashes or stars: "k i l l".
_SPACED = re.compile(r"(?<![a-z])(?:[a-z][ .\-*_]){2,}[a-z](?![a-z])")
_SEPARATORS = re.compile(r"[ .\-*_]")
_SPACES = re.compile(r"[ \t\r\f\v]{2,}|[\t\r\f\v]")
_LEET_CHARACTERS = "013457@$"
# Separators inside a word: "sui-cide", "k*ll", "self_harm".
_INNER = re.compile(r"(?<=[a-z])[-*_](?=[a-z])")
# Hedges that look like negation but are not ("not gonna lie ive been thinking about it").
_HEDGES = re.compile(
    r"n(?<=\bn)(?:ot (?:gonna|going to) lie|gl|o lie|o joke|ot kidding|ot even joking|"
    r"o doubt|ot sure (?:why|if|how))\b"
)
_WORDS_KEPT_SINGLE = frozenset({"a", "i", "y", "o", "e", "u"})

_SENTENCE_END = re.compile(r"(?:[.!?\u2026;\n]+|\s-\s|:\s)\s*")
_CLAUSE_BREAK = re.compile(
    r",?\s+(?:but|however|though|although|yet|pero|aunque|sin embargo)\s+|,\s+(?:and\s+)?(?=i\b)"
)


@dataclass(frozen=True)
class Clause:
    """A stretch of the folded text with no sentence or contrast break inside."""

    sentence: int
    start: int
    end: int


def fold(text: str) -> str:
    """Return the folded text that every pattern matches against."""
    if text.isascii():
        folded = text.replace("`", "'")
    else:
        folded = _INVISIBLE.sub("", text)
        folded = _PUNCTUATION.sub(_straighten, folded)
        folded = _COMBINING.sub("", unicodedata.normalize("NFKD", folded))
    folded = folded.lower()
    # Cheap substring checks first: each pass below costs a regex scan of the whole text.
    if _has_any(folded, _LEET_CHARACTERS):
        folded = _LEET_WORD.sub(_unleet, folded)
    folded = _REPEATS.sub(_collapse, folded)
    if _has_any(folded, "-*_"):
        folded = _INNER.sub("", folded)
    if _SPACED.search(folded):
        folded = _SPACED.sub(_join_spaced, folded)
    folded = _HEDGES.sub(" ", folded)
    if "  " in folded or _has_any(folded, "\t\r\f\v"):
        folded = _SPACES.sub(" ", folded)
    return folded


def _has_any(text: str, characters: str) -> bool:
    return any(character in text for character in characters)


def _collapse(match: re.Match[str]) -> str:
    run = match.group(0)
    letter = run[0]
    if letter in _NEVER_DOUBLED:
        return letter
    return run if len(run) == 2 else letter * 2


def _straighten(match: re.Match[str]) -> str:
    return _PUNCTUATION_MAP[match.group(0)]


def _unleet(match: re.Match[str]) -> str:
    word = match.group(0)
    if _NUMERIC_WORD.fullmatch(word) or not _LETTER.search(word):
        return word
    return word.translate(_LEET)


def _join_spaced(match: re.Match[str]) -> str:
    letters = _SEPARATORS.sub("", match.group(0))
    # "i a m" style runs of real one-letter words are rare; joining is what evasion needs.
    if set(letters) <= _WORDS_KEPT_SINGLE:
        return match.group(0)
    return " " + letters + " "


def sentence_spans(parts: list[Clause], length: int) -> list[tuple[int, int]]:
    """Each sentence from its first clause to the next sentence (its end mark included)."""
    starts: dict[int, int] = {}
    for part in parts:
        starts.setdefault(part.sentence, part.start)
    ordered = sorted(starts.items())
    spans = []
    for index, (_sentence, start) in enumerate(ordered):
        end = ordered[index + 1][1] if index + 1 < len(ordered) else length
        spans.append((start, end))
    return spans


def clauses(folded: str) -> list[Clause]:
    """Split the folded text into clauses, numbered by sentence."""
    result: list[Clause] = []
    sentence = 0
    position = 0
    for end_match in _SENTENCE_END.finditer(folded):
        _add_clauses(result, folded, sentence, position, end_match.start())
        position = end_match.end()
        sentence += 1
    _add_clauses(result, folded, sentence, position, len(folded))
    return result


def _add_clauses(result: list[Clause], folded: str, sentence: int, start: int, end: int) -> None:
    if start >= end:
        return
    position = start
    for split in _CLAUSE_BREAK.finditer(folded, start, end):
        if split.start() > position:
            result.append(Clause(sentence, position, split.start()))
        position = split.end()
    if position < end:
        result.append(Clause(sentence, position, end))
