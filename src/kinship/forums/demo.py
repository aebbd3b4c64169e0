"""The demo community's forum boards and threads (filled in below)."""

from __future__ import annotations

import random

from kinship.accounts.demo import DemoResult


def build_demo_forums(rng: random.Random) -> DemoResult:
    return DemoResult()
