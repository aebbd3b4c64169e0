"""Boards, threads and posts; reactions, follows, read markers and idempotency keys.

A board is open to every signed-in member, or belongs to a directory group (`group_id`,
a generic reference: forums never imports the directory; membership comes through
`kinship.accounts.groups`). Posts keep their Markdown source and the sanitised HTML made
from it when saved, so reading a page never renders Markdown. Counters on boards and
threads count what every member may see (not held, hidden or deleted) and are refreshed
by `actions` after every change.

Post bodies are shared with the community and searched in the database, so they are not
encrypted; earlier versions (`PostRevision`), seen only by moderators and the author, are.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinship.core.fields import EncryptedTextField
from kinship.core.models import TimestampedModel

TITLE_MAX_LENGTH = 140
CONTENT_NOTE_MAX_LENGTH = 140
IDEMPOTENCY_KEY_MAX_LENGTH = 80


class Board(TimestampedModel):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=TITLE_MAX_LENGTH)
    description = models.CharField(_("description"), max_length=300, blank=True, default="")
    guidelines = models.TextField(_("guidelines"), blank=True, default="")
    group_id = models.PositiveIntegerField(
        _("group"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Only members of this group may read and post."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    allows_anonymous = models.BooleanField(_("members may post anonymously"), default=False)
    language = models.CharField(_("language"), max_length=8, blank=True, default="")
    is_archived = models.BooleanField(_("archived"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    thread_count = models.PositiveIntegerField(default=0)
    post_count = models.PositiveIntegerField(default=0)
    last_post_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("position", "name")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("forums:board", kwargs={"board_slug": self.slug})


class Thread(TimestampedModel):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="threads")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_anonymous = models.BooleanField(default=False)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    is_pinned = models.BooleanField(default=False)
    is_locked = models.BooleanField(default=False)
    is_held = models.BooleanField(
        default=False, help_text="The opening post waits for a moderator: only its author sees it."
    )
    is_hidden = models.BooleanField(default=False)
    is_deleted = models.BooleanField(default=False)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reply_count = models.PositiveIntegerField(default=0)
    last_post_at = models.DateTimeField()
    last_post_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        indexes: ClassVar[list[models.Index]] = [
            models.Index(
                fields=["board", "-is_pinned", "-last_post_at"], name="forums_thread_board_idx"
            ),
            models.Index(fields=["-last_post_at"], name="forums_thread_latest_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("forums:thread", kwargs={"thread_id": self.pk})

    @property
    def is_visible_to_all(self) -> bool:
        return not (self.is_held or self.is_hidden or self.is_deleted)


class Post(TimestampedModel):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_anonymous = models.BooleanField(default=False)
    is_opening = models.BooleanField(default=False)
    body = models.TextField(_("message"))
    body_html = models.TextField(default="")
    content_note = models.CharField(
        _("content note"), max_length=CONTENT_NOTE_MAX_LENGTH, blank=True, default=""
    )
    is_held = models.BooleanField(default=False)
    held_reason = models.CharField(max_length=20, blank=True, default="")
    is_hidden = models.BooleanField(default=False)
    is_deleted = models.BooleanField(default=False)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    edited_at = models.DateTimeField(null=True, blank=True)
    edit_count = models.PositiveIntegerField(default=0)
    notified_at = models.DateTimeField(
        null=True, blank=True, help_text="When followers and mentioned members were told."
    )

    class Meta:
        indexes: ClassVar[list[models.Index]] = [
            # A thread page finds its post ids in this index alone, visibility included
            # (queries.thread._page_of_posts), however far into a long thread the page is.
            models.Index(
                fields=["thread", "id", "is_held", "is_hidden", "is_deleted", "author"],
                name="forums_post_thread_page_idx",
            ),
            models.Index(fields=["author", "-created_at"], name="forums_post_author_idx"),
        ]

    def __str__(self) -> str:
        return f"post {self.pk} in thread {self.thread_id}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("forums:post", kwargs={"post_id": self.pk})

    @property
    def is_visible_to_all(self) -> bool:
        return not (self.is_held or self.is_hidden or self.is_deleted)


class HeldReason(models.TextChoices):
    SAFETY = "safety", _("Our safety check asked a moderator to look first")
    NEW_ACCOUNT_LINK = "new_link", _("Links from new accounts wait for a moderator")
    CONTENT_RULE = "rules", _("You chose to send it to a moderator")


class PostRevision(models.Model):
    """An earlier version of a post (and of its thread's title), kept when it was edited."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = EncryptedTextField()
    title = EncryptedTextField(blank=True, default="")
    content_note = EncryptedTextField(blank=True, default="")
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    replaced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-replaced_at", "-id")

    def __str__(self) -> str:
        return f"revision {self.pk} of post {self.post_id}"


class ReactionKind(models.TextChoices):
    ME_TOO = "me_too", _("Me too")
    STRENGTH = "strength", _("Sending strength")
    THANKS = "thanks", _("Thank you")


class Reaction(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_reactions"
    )
    kind = models.CharField(max_length=10, choices=ReactionKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["post", "user", "kind"], name="forums_reaction_once_each"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.post_id} by {self.user_id}"


class Follow(models.Model):
    """A member watching a thread or a whole board (exactly one of the two)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_follows"
    )
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=(Q(thread__isnull=False) & Q(board__isnull=True))
                | (Q(thread__isnull=True) & Q(board__isnull=False)),
                name="forums_follow_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "thread"],
                condition=Q(thread__isnull=False),
                name="forums_follow_thread_once",
            ),
            models.UniqueConstraint(
                fields=["user", "board"],
                condition=Q(board__isnull=False),
                name="forums_follow_board_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.thread_id or self.board_id}"


class ThreadRead(models.Model):
    """How far a member has read a thread (the last post id they were shown)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="reads")
    last_read_post_id = models.PositiveBigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["user", "thread"], name="forums_read_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.thread_id} to {self.last_read_post_id}"


class BoardVisit(models.Model):
    """When a member last opened a board, and the visit before that ("new since last visit")."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="+")
    visited_at = models.DateTimeField()
    previous_visited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["user", "board"], name="forums_visit_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} visited {self.board_id}"


class IdempotencyKey(models.Model):
    """A client's key for one create: a retried request returns the first post, not a second."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=IDEMPOTENCY_KEY_MAX_LENGTH)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["user", "key"], name="forums_idempotency_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"
