"""Factories for accounts: every test builds its people here."""

from __future__ import annotations

from typing import Any

import factory
from factory.django import DjangoModelFactory

from kinship.accounts.models import Role, User

DEFAULT_PASSWORD = "correct-horse-battery-staple"


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    handle = factory.declarations.Sequence(lambda n: f"member{n}")
    role = Role.MEMBER
    time_zone = "America/Chicago"
    languages = factory.declarations.LazyFunction(lambda: ["en"])

    @factory.helpers.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: Any) -> None:
        user: User = self  # type: ignore[assignment]  # post_generation receives the instance
        user.set_password(extracted or DEFAULT_PASSWORD)
        if create:
            user.save(update_fields=["password"])


def make_user(**fields: Any) -> User:
    """`UserFactory(**fields)`, typed: factory-boy builds through an untyped metaclass."""
    user: User = UserFactory.create(**fields)
    return user
