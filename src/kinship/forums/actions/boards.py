"""Boards: created, edited and ordered by coordinators and admins."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kinship.accounts.models import User
from kinship.core.audit import AuditAction, record_audit
from kinship.forums import permissions, rendering
from kinship.forums.actions.posting import _clean_optional
from kinship.forums.models import (
    Board,
)


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "board"
    slug, number = base, 2
    while Board.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


def create_board(
    *,
    actor: User,
    name: str,
    description: str = "",
    guidelines: str = "",
    group_id: int | None = None,
    allows_anonymous: bool = False,
    language: str = "",
    slug: str = "",
) -> Board:
    permissions.check_manage_boards_permission(actor)
    if not name.strip():
        raise ValidationError(_("Give the board a name."), code="blank_name")
    clean_name = rendering.clean_title(name)
    guidelines = rendering.clean_body(guidelines)
    if guidelines.strip():
        rendering.validate_post_text(guidelines)
    with transaction.atomic():
        last = Board.objects.aggregate(last=Max("position"))["last"]
        board = Board.objects.create(
            slug=slugify(slug)[:80] if slug else _unique_slug(clean_name),
            name=clean_name,
            description=_clean_optional(description, max_chars=300),
            guidelines=guidelines.strip(),
            group_id=group_id,
            allows_anonymous=allows_anonymous,
            language=language,
            position=(last or 0) + 10,
            created_by=actor,
        )
        record_audit(
            action=AuditAction.BOARD_CREATED,
            actor=actor,
            subject_kind="forums.board",
            subject_id=board.pk,
            data={"group_id": group_id, "allows_anonymous": allows_anonymous},
        )
    return board


_BOARD_FIELDS = ("name", "description", "guidelines", "allows_anonymous", "language", "is_archived")


def update_board(*, actor: User, board: Board, **changes: object) -> Board:
    """Change a board's name, description, guidelines, anonymity, language or archiving."""
    permissions.check_manage_boards_permission(actor)
    unknown = set(changes) - set(_BOARD_FIELDS)
    if unknown:
        raise TypeError(f"update_board cannot change {sorted(unknown)}")
    if "name" in changes:
        if not str(changes["name"]).strip():
            raise ValidationError(_("Give the board a name."), code="blank_name")
        changes["name"] = rendering.clean_title(str(changes["name"]))
    if "description" in changes:
        changes["description"] = _clean_optional(str(changes["description"]), max_chars=300)
    if changes.get("guidelines"):
        rendering.validate_post_text(str(changes["guidelines"]))
    with transaction.atomic():
        for name, value in changes.items():
            setattr(board, name, value)
        board.save(update_fields=[*changes, "updated_at"])
        record_audit(
            action=AuditAction.BOARD_UPDATED,
            actor=actor,
            subject_kind="forums.board",
            subject_id=board.pk,
            data={"fields": sorted(changes)},
        )
    return board


def move_board(*, actor: User, board: Board, direction: int) -> None:
    """Move a board one place up (-1) or down (+1) in the list; positions renumbered."""
    permissions.check_manage_boards_permission(actor)
    with transaction.atomic():
        boards = list(Board.objects.select_for_update().order_by("position", "name"))
        index = next(i for i, item in enumerate(boards) if item.pk == board.pk)
        target = index + (1 if direction > 0 else -1)
        if 0 <= target < len(boards):
            boards[index], boards[target] = boards[target], boards[index]
        for position, item in enumerate(boards, start=1):
            if item.position != position * 10:
                Board.objects.filter(pk=item.pk).update(position=position * 10)
        record_audit(
            action=AuditAction.BOARD_UPDATED,
            actor=actor,
            subject_kind="forums.board",
            subject_id=board.pk,
            data={"fields": ["position"]},
        )


# Reactions, follows, reading --------------------------------------------------------------
