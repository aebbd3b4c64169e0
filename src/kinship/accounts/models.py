"""Members and their pseudonymous handles, roles, profiles and personal API tokens."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinship.accounts.validators import (
    BIO_MAX_LENGTH,
    HANDLE_MAX_LENGTH,
    validate_handle,
    validate_language_codes,
    validate_time_zone,
)
from kinship.core.models import TimestampedModel


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    PEER_SUPPORTER = "peer_supporter", _("Peer supporter")
    FACILITATOR = "facilitator", _("Facilitator")
    MODERATOR = "moderator", _("Moderator")
    COORDINATOR = "coordinator", _("Coordinator")
    ADMIN = "admin", _("Admin")


# Roles in order of reach; a role includes what the roles before it may do.
ROLE_ORDER = [
    Role.MEMBER,
    Role.PEER_SUPPORTER,
    Role.FACILITATOR,
    Role.MODERATOR,
    Role.COORDINATOR,
    Role.ADMIN,
]
STAFF_ROLES = frozenset({Role.MODERATOR, Role.COORDINATOR, Role.ADMIN})


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(handle__iexact=username)

    def create_user(self, handle: str, password: str | None = None, **extra: Any) -> User:
        email = extra.pop("email", "") or ""
        user = self.model(handle=handle, email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, handle: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("role", Role.ADMIN)
        extra["is_superuser"] = True
        return self.create_user(handle, password, **extra)


class User(AbstractBaseUser, PermissionsMixin, TimestampedModel):
    """A person with an account. Known to others only by `handle` and what they chose to show."""

    handle = models.CharField(
        _("handle"), max_length=HANDLE_MAX_LENGTH, unique=True, validators=[validate_handle]
    )
    email = models.EmailField(_("e-mail"), blank=True, default="")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True, default="")
    languages = models.JSONField(
        _("languages"), default=list, blank=True, validators=[validate_language_codes]
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    bio = models.TextField(_("short bio"), max_length=BIO_MAX_LENGTH, blank=True, default="")
    show_pronouns = models.BooleanField(_("show my pronouns"), default=True)
    show_languages = models.BooleanField(_("show my languages"), default=True)
    show_bio = models.BooleanField(_("show my bio"), default=False)
    # Set when safety's screener holds a new bio: only its author sees it until a
    # moderator has looked (see accounts.screening).
    bio_is_held = models.BooleanField(_("bio waiting for a moderator"), default=False)
    preferred_language = models.CharField(max_length=8, blank=True, default="")
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "handle"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(Lower("handle"), name="accounts_user_handle_ci_unique"),
            models.CheckConstraint(
                condition=models.Q(role__in=[choice.value for choice in Role]),
                name="accounts_user_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.handle

    @property
    def is_staff(self) -> bool:
        """Django admin access: staff roles only (and MFA, enforced by middleware)."""
        return self.role in STAFF_ROLES

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES

    def get_absolute_url(self) -> str:
        return reverse("accounts:person", kwargs={"handle": self.handle})

    def has_role_at_least(self, role: Role) -> bool:
        return ROLE_ORDER.index(Role(self.role)) >= ROLE_ORDER.index(role)


class ApiToken(TimestampedModel):
    """A personal API token. Only a SHA-256 digest of the secret is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80)
    prefix = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        constraints: ClassVar[list[models.BaseConstraint]] = [
            # A member names their live tokens uniquely, so `tokens revoke --name` is exact.
            models.UniqueConstraint(
                "user",
                "name",
                condition=models.Q(revoked_at__isnull=True),
                name="accounts_apitoken_live_name_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
