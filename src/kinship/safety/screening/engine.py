"""`assess`: from one text to a level and the named signals behind it."""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Protocol

import ahocorasick

from kinship.safety.screening.lexicon import (
    BENIGN_CONTEXT,
    CONDITIONAL,
    COPING,
    LAUGHTER,
    NEGATION_BEFORE,
    PAST,
    PRESENT,
    RULES,
    VOICE_TARGET,
    Level,
    Rule,
)
from kinship.safety.screening.normalise import Clause, clauses, fold, sentence_spans

logger = logging.getLogger(__name__)

LEVELS = ("none", "concern", "high", "imminent")
_SPAN_LIMIT = 80
_NEGATION_WINDOW = 60
_SHORT_TEXT_SENTENCES = 3
_ANY_NEGATOR = re.compile(
    r"\b(?:not|never|no|nunca|(?:do|does|did|is|are|was|were|have|has|had|wo|ca|could|would|"
    r"should|ai)n'?t|cannot)\b"
)
_DEATH_WORDS = re.compile(r"wake|last|despierto")
_SENTENCE_STOP = re.compile(r"[.!?\n]")


@dataclass(frozen=True)
class Signal:
    """Why a level was reached: the signal's name, its level and the matched words."""

    signal: str
    level: str
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"signal": self.signal, "level": self.level, "text": self.text}


@dataclass(frozen=True)
class Assessment:
    """The screener's verdict on one text."""

    level: str
    signals: tuple[Signal, ...] = ()
    holds_content: bool = False

    @property
    def rank(self) -> int:
        return LEVELS.index(self.level)

    def signal_dicts(self) -> list[dict[str, str]]:
        return [signal.as_dict() for signal in self.signals]


@dataclass(frozen=True)
class _Hit:
    rule: Rule
    clause: Clause
    start: int
    end: int
    text: str


@dataclass
class _Verdict:
    level: Level = Level.NONE
    signals: dict[tuple[str, str], Signal] = field(default_factory=dict)

    def add(self, name: str, level: Level, text: str) -> None:
        key = (name, text)
        previous = self.signals.get(key)
        if previous is not None and LEVELS.index(previous.level) >= level:
            return
        self.signals[key] = Signal(name, LEVELS[level], text)
        self.level = max(self.level, level)


def assess(text: str, *, channel: str = "") -> Assessment:
    """Screen one text; never raises (a failure inside is reported as `concern`)."""
    try:
        return _assess(text if isinstance(text, str) else str(text))
    except Exception:  # a bug here must never lose the member's text or hide it unflagged
        logger.exception("crisis screening failed (channel %r); treated as concern", channel)
        return Assessment("concern", (Signal("screening_error", "concern", ""),))


def _assess(text: str) -> Assessment:
    folded = fold(text)
    if not folded.strip():
        return Assessment("none")
    parts = clauses(folded)
    if not parts:
        return Assessment("none")
    hits = _find(folded, parts)
    if not hits:
        return Assessment("none")
    return _judge(folded, hits)


def _needle_automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for needle in {needle for rule in RULES for needle in rule.needles}:
        automaton.add_word(needle, needle)
    automaton.make_automaton()
    return automaton


# Every rule's needles in one Aho-Corasick automaton: a long text is read once to learn
# which sentences hold which needles, instead of once per needle.
_NEEDLES = _needle_automaton()


def _sentences_by_needle(folded: str, span_starts: list[int]) -> dict[str, list[int]]:
    """For each needle in the text, the sentences that hold it, in order, each once."""
    found: dict[str, list[int]] = {}
    for end, needle in _NEEDLES.iter(folded):
        index = max(0, bisect_right(span_starts, end - len(needle) + 1) - 1)
        sentences = found.setdefault(needle, [])
        if not sentences or sentences[-1] != index:
            sentences.append(index)
    return found


def _find(folded: str, parts: list[Clause]) -> list[_Hit]:
    starts = [part.start for part in parts]
    spans = sentence_spans(parts, len(folded))
    span_starts = [start for start, _end in spans]
    past_cache: dict[int, bool] = {}
    hits: list[_Hit] = []
    found: set[str] = set()
    sentences_with = (
        _sentences_by_needle(folded, span_starts) if len(spans) > _SHORT_TEXT_SENTENCES else {}
    )
    for rule in RULES:
        if rule.needs and rule.needs.isdisjoint(found):
            continue
        windows = _windows(folded, rule.needles, spans, sentences_with)
        for window_start, window_end in windows:
            for match in rule.pattern.finditer(folded, window_start, window_end):
                index = max(0, bisect_right(starts, match.start()) - 1)
                clause = parts[index]
                if rule.unless is not None:
                    begin, end = spans[min(clause.sentence, len(spans) - 1)]
                    if rule.unless.search(folded, begin, end):
                        continue
                if _is_cancelled(folded, rule, clause, match.start()):
                    continue
                if rule.past_sensitive and _is_past(folded, clause, index, past_cache):
                    continue
                hits.append(_Hit(rule, clause, match.start(), match.end(), _span(match)))
                found.add(rule.kind)
    return hits


def _windows(
    folded: str,
    needles: tuple[str, ...],
    spans: list[tuple[int, int]],
    sentences_with: dict[str, list[int]],
) -> list[tuple[int, int]]:
    """The sentences that hold a needle, merged into runs (the whole text without needles)."""
    if not needles:
        return [(0, len(folded))]
    if len(spans) <= _SHORT_TEXT_SENTENCES:
        return [(0, len(folded))] if any(needle in folded for needle in needles) else []
    chosen: set[int] = set()
    for needle in needles:
        chosen.update(sentences_with.get(needle, ()))
    windows: list[tuple[int, int]] = []
    for index in sorted(chosen):
        start, end = spans[index]
        if windows and windows[-1][1] == start:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def _is_cancelled(folded: str, rule: Rule, clause: Clause, start: int) -> bool:
    """A timeframe in a negated clause, or a negatable signal right after a negator."""
    if rule.kind.startswith("timeframe"):
        # Only a negator in the same phrase ("not tonight", "won't ... tonight"): in
        # "I can't take it anymore, tonight I'll ..." the "can't" is about something else.
        phrase_start = max(clause.start, folded.rfind(",", clause.start, start) + 1)
        return _ANY_NEGATOR.search(folded, phrase_start, start) is not None
    if not rule.negatable:
        return False
    before = folded[max(clause.start, start - _NEGATION_WINDOW) : start]
    return NEGATION_BEFORE.search(before) is not None


def _span(match: re.Match[str]) -> str:
    return match.group(0).strip()[:_SPAN_LIMIT]


def _is_past(folded: str, clause: Clause, index: int, cache: dict[int, bool]) -> bool:
    """A clause that tells an old story ("years ago", "used to") and nothing current."""
    if index not in cache:
        cache[index] = bool(
            PAST.search(folded, clause.start, clause.end)
            and not PRESENT.search(folded, clause.start, clause.end)
        )
    return cache[index]


def _judge(folded: str, hits: list[_Hit]) -> Assessment:
    by_kind: dict[str, list[_Hit]] = {}
    for hit in hits:
        by_kind.setdefault(hit.rule.kind, []).append(hit)

    def of(*kinds: str) -> list[_Hit]:
        return [hit for kind in kinds for hit in by_kind.get(kind, [])]

    verdict = _Verdict()
    intents = [hit for hit in of("intent") if not _is_conditional(folded, hit)]
    for hit in of("intent"):
        if hit not in intents:
            verdict.add("conditional_intent", Level.HIGH, hit.text)
    for kind in ("ideation", "self_harm", "emergency", "concern", "means", "plan"):
        for hit in of(kind):
            verdict.add(hit.rule.name, hit.rule.level, hit.text)
    for hit in intents:
        verdict.add(hit.rule.name, hit.rule.level, hit.text)
    if not COPING.search(folded):
        for hit in of("urge"):
            verdict.add(hit.rule.name, hit.rule.level, hit.text)

    _judge_overdose(verdict, of)
    _judge_using_alone(verdict, of)
    _judge_voices(verdict, folded, of)
    _judge_harm_to_others(verdict, folded, of)
    _judge_plans(verdict, intents, of)
    _judge_goodbyes(verdict, folded, intents, of)

    holds = verdict.level >= Level.IMMINENT or bool(
        verdict.level >= Level.HIGH and (of("method") or of("overdose"))
    )
    if holds:
        for hit in of("method"):
            verdict.add(hit.rule.name, Level.HIGH, hit.text)
    ordered = sorted(verdict.signals.values(), key=lambda signal: -LEVELS.index(signal.level))
    return Assessment(LEVELS[verdict.level], tuple(ordered), holds)


def _is_conditional(folded: str, hit: _Hit) -> bool:
    return bool(CONDITIONAL.search(folded, hit.clause.start, hit.start))


class _Finder(Protocol):
    def __call__(self, *kinds: str) -> list[_Hit]: ...


def _judge_overdose(verdict: _Verdict, of: _Finder) -> None:
    intake = of("overdose")
    for hit in intake:
        verdict.add(hit.rule.name, Level.HIGH, hit.text)
    if intake:
        for cue in of("overdose_cue", "not_caring") + [
            hit for hit in of("final_weak") if hit.rule.name == "refusing_help"
        ]:
            verdict.add("overdose_in_progress", Level.IMMINENT, cue.text)


def _judge_using_alone(verdict: _Verdict, of: _Finder) -> None:
    alone = of("using_alone")
    for hit in alone:
        verdict.add(hit.rule.name, Level.CONCERN, hit.text)
    if alone:
        for hit in of("danger", "not_caring"):
            verdict.add("using_alone_dangerous_supply", Level.HIGH, hit.text)
    for hit in of("not_caring"):
        if _DEATH_WORDS.search(hit.text):
            verdict.add("passive_death_wish", Level.CONCERN, hit.text)


def _judge_voices(verdict: _Verdict, folded: str, of: _Finder) -> None:
    near = of("timeframe_near")
    for hit in of("voices"):
        sentence_end = _sentence_end(folded, hit.start)
        target = VOICE_TARGET.search(folded, hit.start, sentence_end)
        if target is None:
            verdict.add("voices", Level.CONCERN, hit.text)
            continue
        verdict.add("voices_commanding_harm", Level.HIGH, f"{hit.text} ... {target.group(0)}")
        for time in near:
            if time.clause.sentence == hit.clause.sentence:
                verdict.add("voices_with_timeframe", Level.IMMINENT, time.text)


def _judge_harm_to_others(verdict: _Verdict, folded: str, of: _Finder) -> None:
    harms = of("harm_other")
    if not harms:
        return
    joking = LAUGHTER.search(folded) is not None
    now = of("timeframe_near", "harm_go")
    for hit in harms:
        verdict.add(hit.rule.name, Level.CONCERN if joking else Level.HIGH, hit.text)
        if not joking:
            for time in now:
                verdict.add("harm_to_other_now", Level.IMMINENT, time.text)


def _judge_plans(verdict: _Verdict, intents: list[_Hit], of: _Finder) -> None:
    times = of("timeframe_near", "timeframe_day")
    for _intent in intents:
        for time in times:
            verdict.add("plan_with_timeframe", Level.IMMINENT, time.text)
    for hit in of("ideation"):
        for time in of("timeframe_near"):
            if time.clause.sentence == hit.clause.sentence:
                verdict.add("plan_with_timeframe", Level.IMMINENT, time.text)
    wishes = intents + of("ideation", "plan")
    means = of("means")
    if wishes:
        for hit in means:
            verdict.add("means_with_intent", Level.IMMINENT, hit.text)
    if means:
        for time in times:
            verdict.add("means_with_timeframe", Level.IMMINENT, time.text)
    plans = of("plan")
    if plans and (intents or of("ideation", "final", "final_weak")):
        for hit in plans:
            verdict.add("plan_with_timeframe", Level.IMMINENT, hit.text)


def _judge_goodbyes(verdict: _Verdict, folded: str, intents: list[_Hit], of: _Finder) -> None:
    finals = of("final")
    weak = of("final_weak")
    if not finals and not weak:
        return
    other = verdict.level
    if other < Level.CONCERN and BENIGN_CONTEXT.search(folded):
        return
    for hit in finals:
        verdict.add(hit.rule.name, Level.IMMINENT, hit.text)
    if intents and (finals or weak):
        for hit in weak:
            verdict.add("intent_with_goodbye", Level.IMMINENT, hit.text)
    for hit in weak:
        if hit.rule.level > Level.NONE:
            verdict.add(hit.rule.name, hit.rule.level, hit.text)
    if len({hit.text for hit in weak}) >= 2 or (weak and other >= Level.HIGH):
        for hit in weak:
            verdict.add("final_message", Level.IMMINENT, hit.text)
    elif weak and other >= Level.CONCERN:
        for hit in weak:
            verdict.add("final_message", Level.HIGH, hit.text)


def _sentence_end(folded: str, position: int) -> int:
    match = _SENTENCE_STOP.search(folded, position)
    return match.start() if match else len(folded)
