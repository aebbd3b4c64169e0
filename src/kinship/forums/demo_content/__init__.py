"""The demo forums' conversations: boards, threads and posts as data (see `demo.py`).

Every person, story and detail here is made up. People are named by the parts they play
(`demo.FIXED_PEOPLE`, the slots); `demo.py` casts real demo members into them. The
shapes are in `shapes`; the boards, a module for a few each.
"""

from __future__ import annotations

from kinship.forums.demo_content.everyday import MILESTONES, WELCOME
from kinship.forums.demo_content.private import ANONYMOUS, GROUP_BOARD
from kinship.forums.demo_content.shapes import DemoBoard
from kinship.forums.demo_content.spanish import SPANISH
from kinship.forums.demo_content.struggles import FAMILY, HARD_DAYS, MEDICATION

BOARDS: tuple[DemoBoard, ...] = (
    WELCOME,
    MILESTONES,
    HARD_DAYS,
    MEDICATION,
    FAMILY,
    SPANISH,
    ANONYMOUS,
    GROUP_BOARD,
)
