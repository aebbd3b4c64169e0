"""`kinship demo`: fill the site with a fictional community to explore. Safe to run twice."""

from __future__ import annotations

import random
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from kinship.accounts.demo import (
    DEMO_PASSWORD,
    DEMO_SEED,
    DemoResult,
    demo_builders,
    demo_org_name,
)
from kinship.accounts.models import ROLE_ORDER, STAFF_ROLES


class Command(BaseCommand):
    help = (
        "Create a made-up demo community (accounts for every role and about 40 members). "
        "Running it again changes nothing. For trying Kinship out, never for real people."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        rng = random.Random(DEMO_SEED)  # noqa: S311  # fictional data, not security
        results: list[tuple[str, DemoResult]] = []
        with transaction.atomic():
            for name, builder in demo_builders():
                results.append((name, builder(rng)))
        org_name = demo_org_name()
        self.stdout.write(self.style.MIGRATE_HEADING(f"Demo community: {org_name}"))
        changed = False
        for name, result in results:
            changed = changed or result.changed_anything
            for kind in sorted(set(result.created) | set(result.existing)):
                label = kind if kind == name else f"{name}, {kind}"
                self.stdout.write(
                    f"  {label}: {result.created.get(kind, 0)} created, "
                    f"{result.existing.get(kind, 0)} already there"
                )
        if not changed:
            self.stdout.write(self.style.SUCCESS("Nothing changed: the demo is already in place."))
        logins = [login for _name, result in results for login in result.logins]
        self._write_logins(logins)

    def _write_logins(self, logins: list[tuple[str, str]]) -> None:
        width = max((len(handle) for handle, _role in logins), default=6)
        self.stdout.write("")
        self.stdout.write("Demo sign-ins (DEMO ONLY: never use these on a real site)")
        self.stdout.write(f"  {'handle'.ljust(width)}  {'role'.ljust(14)}  password")
        self.stdout.write(f"  {'-' * width}  {'-' * 14}  {'-' * len(DEMO_PASSWORD)}")
        for handle, role in logins:
            self.stdout.write(f"  {handle.ljust(width)}  {role.ljust(14)}  {DEMO_PASSWORD}")
        staff = ", ".join(str(role.label) for role in ROLE_ORDER if role in STAFF_ROLES)
        self.stdout.write("")
        self.stdout.write(
            f"Staff accounts ({staff}) must set up two-step sign-in (an authenticator app) "
            "the first time they open a staff page."
        )
        if settings.KINSHIP_ORG_NAME == "Kinship":
            self.stdout.write(
                f'To show this name in the site header, set KINSHIP_ORG_NAME ="{demo_org_name()}".'
            )
