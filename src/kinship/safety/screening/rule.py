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
    return re.compile(pattern, re.MULTILINE)


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
