"""The content rules' matchers: each finds the spans one rule matches in a text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from kinship.safety.rules import patterns

Span = tuple[int, int]


@dataclass(frozen=True)
class Text:
    """The text lower-cased in ASCII only, so every index still points into the original."""

    lowered: str
    words: frozenset[str]

    @classmethod
    def of(cls, text: str) -> Text:
        lowered = text.translate(patterns.ASCII_LOWER)
        return cls(lowered=lowered, words=frozenset(patterns.WORD.findall(lowered)))

    def has(self, *gates: frozenset[str]) -> bool:
        return all(not self.words.isdisjoint(gate) for gate in gates)


def _spans(pattern: re.Pattern[str], text: str) -> Iterator[Span]:
    return (match.span() for match in pattern.finditer(text))


def digits_of(text: str) -> str:
    return "".join(str(unicodedata.digit(char)) for char in text if char.isdecimal())


def _is_crisis_line(digits: str, allowed: frozenset[str]) -> bool:
    if digits in allowed:
        return True
    return len(digits) == 11 and digits.startswith("1") and digits[1:] in allowed


def _is_counting(values: list[str]) -> bool:
    """ "1 2 3 4 5 6 7": someone counting, not a number."""
    if not all(value.isdigit() for value in values):
        return False
    numbers = [int(value) for value in values]
    return all(later - earlier == 1 for earlier, later in pairwise(numbers))


def phone_spans(text: Text, allowed: frozenset[str]) -> Iterator[Span]:
    has_digits = patterns.ANY_DIGIT.search(text.lowered) is not None
    if not has_digits and not text.has(patterns.DIGIT_WORD_SET):
        return
    candidates: list[Span] = []
    crisis_lines: list[Span] = []
    shapes = (
        (
            (patterns.US_PHONE, 10, 11),
            (patterns.LOCAL_PHONE, 7, 7),
            (patterns.INTERNATIONAL_PHONE, 8, 15),
        )
        if has_digits
        else ()
    )
    for pattern, low, high in shapes:
        for match in pattern.finditer(text.lowered):
            digits = digits_of(match.group())
            if _is_crisis_line(digits, allowed):
                crisis_lines.append(match.span())
            elif low <= len(digits) <= high:
                candidates.append(match.span())
    for match in patterns.NUMBER_RUN.finditer(text.lowered):
        tokens = patterns.TOKEN.findall(match.group())
        has_words = any(not token.isdigit() for token in tokens)
        if not has_words and "," in match.group():
            continue  # a list of figures ("21, 18, 15, 12, 9")
        digits = digits_of("".join(patterns.DIGIT_WORDS.get(token, token) for token in tokens))
        if _is_crisis_line(digits, allowed):
            crisis_lines.append(match.span())
        elif 7 <= len(digits) <= 15 and len(set(digits)) >= 3 and not _is_counting(tokens):
            candidates.append(match.span())
    # "(800) 662-4357" is a crisis line; its tail alone must not count as a local number.
    for start, end in candidates:
        if not any(start < line_end and line_start < end for line_start, line_end in crisis_lines):
            yield start, end


def email_spans(text: Text) -> Iterator[Span]:
    lowered = text.lowered
    has_at_sign = "@" in lowered
    if has_at_sign:
        for match in patterns.EMAIL.finditer(lowered):
            if not match.group().endswith(patterns.CRISIS_DOMAINS):
                yield match.span()
    if (has_at_sign or "at" in text.words) and text.has(patterns.TLD_WORDS):
        for match in patterns.SPELLED_EMAIL.finditer(lowered):
            if not patterns.EMAIL.fullmatch(match.group()):  # an ordinary address is counted above
                yield match.span()
    if (has_at_sign or "at" in text.words) and text.has(patterns.PROVIDER_WORDS):
        yield from _spans(patterns.PROVIDER_EMAIL_MARKED, lowered)
        if patterns.EMAIL_CUE.search(lowered):
            yield from _spans(patterns.PROVIDER_EMAIL_SPOKEN, lowered)


def social_spans(text: Text) -> Iterator[Span]:
    lowered = text.lowered
    if text.has(patterns.PLATFORM_WORDS):
        for pattern in (patterns.SOCIAL_LABELLED, patterns.SOCIAL_MY, patterns.SOCIAL_MOVE):
            yield from _spans(pattern, lowered)
    if "." in lowered and text.has(patterns.URL_WORDS):
        yield from _spans(patterns.SOCIAL_URL, lowered)
    if "#" in lowered:
        yield from _spans(patterns.DISCORD_TAG, lowered)
    if "@" in lowered and text.has(patterns.AT_HANDLE_CUE_WORDS):
        # A bare @name is how members mention each other here; it is a social handle only
        # next to a platform's name or "follow me", "add me".
        for match in patterns.AT_HANDLE.finditer(lowered):
            start, end = match.span()
            if patterns.AT_HANDLE_CUE.search(
                lowered, max(0, start - 60), min(len(lowered), end + 60)
            ):
                yield match.span()


def _is_told_as_past(lowered: str, start: int) -> bool:
    """ "I was selling pills back then", "I'm not looking for a girlfriend"."""
    return patterns.BEFORE_PAST.search(lowered[max(0, start - 30) : start]) is not None


def drug_spans(text: Text) -> Iterator[Span]:
    lowered = text.lowered
    if "\U0001f48a" in lowered or "\U0001f50c" in lowered:  # pill and plug emoji
        yield from _spans(patterns.DRUG_FOR_SALE, lowered)
    if not text.has(patterns.DRUG_WORDS):
        return
    for pattern in (patterns.DRUG_ASK, patterns.DRUG_PLUG, patterns.DRUG_FOR_SALE):
        yield from _spans(pattern, lowered)
    for match in patterns.DRUG_OFFER.finditer(lowered):
        if not _is_told_as_past(lowered, match.start()) and patterns.DRUG_OFFER_CUE.search(lowered):
            yield match.span()


def broker_spans(text: Text) -> Iterator[Span]:
    lowered = text.lowered
    if text.has(patterns.BROKER_DIRECT_WORDS) or text.has(
        patterns.BROKER_PAY_WORDS, patterns.TREATMENT_WORDS
    ):
        yield from _spans(patterns.BROKER_DIRECT, lowered)
    if not text.has(patterns.BROKER_OFFER_WORDS, patterns.TREATMENT_WORDS):
        return
    for match in patterns.BROKER_OFFER.finditer(lowered):
        start, end = match.span()
        if patterns.BROKER_INCENTIVE.search(
            lowered, max(0, start - 200), min(len(lowered), end + 200)
        ):
            yield match.span()


def dating_spans(text: Text) -> Iterator[Span]:
    lowered = text.lowered
    if text.has(patterns.DATING_WORDS):
        yield from _spans(patterns.DATING_STRONG, lowered)
    if not text.has(patterns.LOOKING_WORDS) or not patterns.DATING_CUE.search(lowered):
        return
    for match in patterns.DATING_LOOKING.finditer(lowered):
        if not _is_told_as_past(lowered, match.start()):
            yield match.span()


def selling_spans(text: Text) -> Iterator[Span]:
    lowered = text.lowered
    if "$" not in lowered and not text.has(patterns.SELLING_WORDS):
        return
    for match in patterns.SELLING.finditer(lowered):
        if not _is_told_as_past(lowered, match.start()):
            yield match.span()


def merge(spans: list[Span]) -> tuple[Span, ...]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)
