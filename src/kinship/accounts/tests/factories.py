"""Factories for accounts: every test builds its people here."""

from __future__ import annotations

from typing import Any

import factory

from kinship.accounts.models import Role, User

DEFAULT_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):  # type: ignore[misc]
    class Meta:
        model = User
        skip_postgeneration_save = True

    handle = factory.Sequence(lambda n: f"member{n}")
    role = Role.MEMBER
    time_zone = "America/Chicago"
    languages = factory.LazyFunction(lambda: ["en"])

    @factory.post_generation  # type: ignore[misc]
    def password(self, create: bool, extracted: str | None, **kwargs: Any) -> None:
        self.set_password(extracted or DEFAULT_PASSWORD)
        if create:
            self.save(update_fields=["password"])
