"""What a screening rule is: a named pattern, its level, and what may cancel it.

Each rule names a signal, the level it reaches on its own, and a kind that the engine
combines with others (intent plus a timeframe is imminent; using alone plus a dangerous
supply is high). Patterns are written for the folded text (lower case, no accents).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum


class Level(IntEnum):
    NONE = 0
    CONCERN = 1
    HIGH = 2
    IMMINENT = 3


@dataclass(frozen=True)
class Rule:
    """One named signal: its pattern, its own level, and how context may cancel it."""

    name: str
    level: Level
    kind: str
    pattern: re.Pattern[str]
    negatable: bool
    past_sensitive: bool
    unless: re.Pattern[str] | None
    # Cheap gates: the pattern runs only if one needle is in the text (none: always), and a
    # modifier runs only once a rule of a kind in `needs` has matched.
    needles: tuple[str, ...] = ()
    needs: frozenset[str] = frozenset()


def compile_pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(_factor_word_boundaries(pattern), re.MULTILINE)


def _factor_word_boundaries(pattern: str) -> str:
    r"""Move a leading ``\b`` out of the top-level alternatives that start with one.

    ``\bkill myself|\bwant to die|...`` makes the engine try every alternative at every
    position; ``\b(?:kill myself|want to die|...)`` fails inside words at once and lets it
    skip alternatives by their first letter, several times faster on long texts. The
    alternatives keep their order, ahead of the ones without a leading ``\b``.
    """
    branches = _top_level_branches(pattern)
    bounded = [branch[2:] for branch in branches if branch.startswith(r"\b")]
    if len(bounded) < 2:
        return pattern
    others = [branch for branch in branches if not branch.startswith(r"\b")]
    return "|".join([r"\b(?:" + "|".join(bounded) + ")", *others])


def _top_level_branches(pattern: str) -> list[str]:
    """Split a pattern at the ``|`` that are outside groups and character classes."""
    branches: list[str] = []
    depth = 0
    in_class = False
    start = 0
    index = 0
    while index < len(pattern):
        character = pattern[index]
        if character == "\\":
            index += 2
            continue
        if in_class:
            in_class = character != "]"
        elif character == "[":
            in_class = True
            # A "]" right after "[" or "[^" is a literal member of the class.
            if pattern[index + 1 : index + 2] == "]":
                index += 1
            elif pattern[index + 1 : index + 3] == "^]":
                index += 2
        elif character == "(":
            depth += 1
        elif character == ")":
            depth -= 1
        elif character == "|" and depth == 0:
            branches.append(pattern[start:index])
            start = index + 1
        index += 1
    branches.append(pattern[start:])
    return branches


def make_rule(
    name: str,
    level: Level,
    kind: str,
    pattern: str,
    *,
    negatable: bool = True,
    past_sensitive: bool = True,
    unless: str = "",
) -> Rule:
    return Rule(
        name=name,
        level=level,
        kind=kind,
        pattern=compile_pattern(pattern),
        negatable=negatable,
        past_sensitive=past_sensitive,
        unless=compile_pattern(unless) if unless else None,
    )
