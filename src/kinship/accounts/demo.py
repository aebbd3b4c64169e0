"""The fictional demo community: a registry of builders, and the accounts builder.

Every person here is made up. Handles are nicknames; nothing looks like an e-mail address,
a phone number or a real name. Builders are idempotent: a second run finds what the first
made and changes nothing.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from kinship.accounts import actions
from kinship.accounts.models import Role, User

DEMO_PASSWORD = "kinship-demo-2026"  # noqa: S105  # printed on purpose; demo-only accounts
DEMO_ORG_NAME = "Riverbend Recovery Collective"
DEMO_SEED = 2026
MEMBER_COUNT = 40


@dataclass
class DemoResult:
    """What one builder did: rows created and rows already there, by kind."""

    created: dict[str, int] = field(default_factory=dict)
    existing: dict[str, int] = field(default_factory=dict)
    logins: list[tuple[str, str]] = field(default_factory=list)

    @property
    def changed_anything(self) -> bool:
        return any(self.created.values())


DemoBuilder = Callable[[random.Random], DemoResult]
_builders: list[tuple[str, DemoBuilder]] = []


def register_demo_builder(name: str, builder: DemoBuilder) -> None:
    """Add a builder; apps call this from AppConfig.ready() and run in INSTALLED_APPS order."""
    if all(existing != name for existing, _builder in _builders):
        _builders.append((name, builder))


def demo_builders() -> list[tuple[str, DemoBuilder]]:
    return list(_builders)


def demo_org_name() -> str:
    """The organisation's name, or the fictional demo name when the site keeps the default."""
    name = str(settings.KINSHIP_ORG_NAME)
    return DEMO_ORG_NAME if name == "Kinship" else name


ROLE_ACCOUNTS: list[tuple[str, Role, dict[str, Any]]] = [
    (
        "demo-member",
        Role.MEMBER,
        {
            "pronouns": "she/her",
            "languages": ["en"],
            "time_zone": "America/Chicago",
            "bio": "Here to learn how others balance recovery with a busy week.",
            "show_bio": True,
        },
    ),
    (
        "demo-peer",
        Role.PEER_SUPPORTER,
        {
            "pronouns": "he/him",
            "languages": ["en", "es"],
            "time_zone": "America/Denver",
            "bio": "Peer supporter. In recovery from alcohol use and living well with depression.",
            "show_bio": True,
        },
    ),
    (
        "demo-facilitator",
        Role.FACILITATOR,
        {
            "pronouns": "they/them",
            "languages": ["en"],
            "time_zone": "America/New_York",
            "bio": "I run the Tuesday evening group. Everyone is welcome as they are.",
            "show_bio": True,
        },
    ),
    ("demo-moderator", Role.MODERATOR, {"time_zone": "America/Chicago"}),
    ("demo-coordinator", Role.COORDINATOR, {"time_zone": "America/Chicago"}),
    ("demo-admin", Role.ADMIN, {"time_zone": "America/Chicago"}),
]

FIRST_WORDS = [
    "quiet",
    "bright",
    "steady",
    "morning",
    "gentle",
    "brave",
    "open",
    "kind",
    "north",
    "cedar",
    "river",
    "sunny",
    "calm",
    "patient",
    "hopeful",
    "lucky",
    "warm",
    "blue",
    "golden",
    "wild",
    "little",
    "easy",
    "true",
    "clear",
]
SECOND_WORDS = [
    "heron",
    "maple",
    "harbor",
    "sparrow",
    "trail",
    "lantern",
    "meadow",
    "willow",
    "pine",
    "creek",
    "otter",
    "finch",
    "garden",
    "stone",
    "ember",
    "juniper",
    "canyon",
    "prairie",
    "tide",
    "aspen",
    "robin",
    "fern",
    "mesa",
    "compass",
]
PRONOUNS = ["she/her", "he/him", "they/them", "she/they", "he/they", ""]
# Three cities the collective meets in, plus members who join online from elsewhere.
CITY_ZONES = ["America/Chicago", "America/Denver", "America/New_York"]
ONLINE_ZONES = ["America/Los_Angeles", "America/Phoenix", "America/Anchorage", "Pacific/Honolulu"]
LANGUAGE_SETS = [["en"], ["en"], ["en"], ["es"], ["es", "en"], ["en", "es"], ["en", "ase"]]
BIOS_EN = [
    "In recovery from opioid use and living with anxiety. Mornings are my best time.",
    "A parent, a gardener, and a person in recovery. Two years and counting.",
    "Living with bipolar disorder. Music and long walks keep me steady.",
    "New here. Still figuring out what helps, and glad to have people to ask.",
    "Recovering from alcohol use. I like cooking for friends and bad puns.",
    "Veteran living with PTSD, in recovery. Coffee, dogs, and the night group.",
    "Person in long-term recovery. Happy to listen if you need an ear.",
    "Learning to be kind to myself. Painting helps on the hard days.",
    "Living with depression and in recovery from meth use. One day at a time.",
    "I come to the online meetings after my shift. Always grateful for this group.",
]
BIOS_ES = [
    "Persona en recuperación. Me gusta caminar y cocinar para mi familia.",
    "Vivo con ansiedad y estoy en recuperación. Aquí aprendo de todos.",
    "Madre, trabajadora y en recuperación desde hace un año.",
    "Nuevo en el grupo. Gracias por recibirme con tanto cariño.",
]


def member_profiles(rng: random.Random) -> list[tuple[str, dict[str, Any]]]:
    """Forty fictional members, the same forty for the same seed."""
    pairs = [(first, second) for first in FIRST_WORDS for second in SECOND_WORDS]
    rng.shuffle(pairs)
    profiles: list[tuple[str, dict[str, Any]]] = []
    for index, (first, second) in enumerate(pairs[:MEMBER_COUNT]):
        separator = rng.choice(["-", "_", "."])
        handle = f"{first}{separator}{second}"
        if index % 5 == 0:
            handle = f"{handle}{rng.randint(2, 99)}"
        languages = rng.choice(LANGUAGE_SETS)
        bio = rng.choice(BIOS_ES if languages[0] == "es" else BIOS_EN)
        zones = CITY_ZONES if index % 4 else ONLINE_ZONES
        profiles.append(
            (
                handle,
                {
                    "pronouns": rng.choice(PRONOUNS),
                    "languages": list(languages),
                    "time_zone": rng.choice(zones),
                    "bio": bio if rng.random() < 0.8 else "",
                    "show_pronouns": rng.random() < 0.9,
                    "show_languages": rng.random() < 0.85,
                    "show_bio": rng.random() < 0.6,
                },
            )
        )
    return profiles


def build_demo_accounts(rng: random.Random) -> DemoResult:
    """One account per role (demo-member ... demo-admin) and forty members."""
    result = DemoResult(created={"accounts": 0}, existing={"accounts": 0})
    wanted = [(handle, role, profile) for handle, role, profile in ROLE_ACCOUNTS]
    wanted += [(handle, Role.MEMBER, profile) for handle, profile in member_profiles(rng)]
    present = {
        handle.lower()
        for handle in User.objects.filter(
            handle__in=[handle for handle, _role, _profile in wanted]
        ).values_list("handle", flat=True)
    }
    for handle, role, profile in wanted:
        if handle.lower() in present:
            result.existing["accounts"] += 1
        else:
            actions.create_member(handle=handle, password=DEMO_PASSWORD, role=role, profile=profile)
            result.created["accounts"] += 1
    result.logins = [(handle, str(role.label)) for handle, role, _profile in ROLE_ACCOUNTS]
    return result
