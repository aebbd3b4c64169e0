"""Forms for threads, replies, edits, boards and thread moderation.

Forms only parse input; the actions check it (size, Unicode, content rules) and write.
Every posting form carries an idempotency key made when the form is shown, so a double
tap or a retried submit never makes two posts.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinship.accounts import groups
from kinship.forums.models import CONTENT_NOTE_MAX_LENGTH, TITLE_MAX_LENGTH, Board
from kinship.forums.rendering import MAX_BODY_CHARS

BODY_HELP = _(
    "You can use **bold**, *italics*, lists, > quotes and links. Please keep phone numbers "
    "and other contact details out of public posts."
)
NOTE_HELP = _(
    "A few words that warn readers before they open your post, for example “mentions "
    "relapse details”. Readers choose whether to open it."
)
LANGUAGES = [("", _("Any")), ("en", _("English")), ("es", _("Spanish"))]


def new_key() -> str:
    return uuid.uuid4().hex


class _PostFields(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        # The action enforces the limit with a plain message; allow a little over so the
        # member sees that message instead of a silently truncated text area.
        max_length=MAX_BODY_CHARS * 2,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=BODY_HELP,
    )
    content_note = forms.CharField(
        label=_("Content note"),
        required=False,
        max_length=CONTENT_NOTE_MAX_LENGTH * 4,
        help_text=NOTE_HELP,
    )
    anonymous = forms.BooleanField(
        label=_("Post anonymously: others see “a member” instead of my handle"),
        required=False,
    )
    send_to_moderator = forms.BooleanField(
        label=_("I understand. Send it to a moderator to look at first."), required=False
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=80)

    def __init__(
        self, *args: Any, board: Board, show_send_to_moderator: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not board.allows_anonymous:
            del self.fields["anonymous"]
        if not show_send_to_moderator:
            self.fields["send_to_moderator"].widget = forms.HiddenInput()
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", new_key())
        self.fields["body"].widget.attrs["maxlength"] = str(MAX_BODY_CHARS)


class ThreadForm(_PostFields):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH * 4)
    field_order = ("title", "body", "content_note", "anonymous", "send_to_moderator")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].widget.attrs["maxlength"] = str(TITLE_MAX_LENGTH)


class ReplyForm(_PostFields):
    pass


class EditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH * 4)
    body = forms.CharField(
        label=_("Your message"),
        max_length=MAX_BODY_CHARS * 2,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=BODY_HELP,
    )
    content_note = forms.CharField(
        label=_("Content note"),
        required=False,
        max_length=CONTENT_NOTE_MAX_LENGTH * 4,
        help_text=NOTE_HELP,
    )
    send_to_moderator = forms.BooleanField(
        label=_("I understand. Send it to a moderator to look at first."), required=False
    )

    def __init__(
        self, *args: Any, is_opening: bool, show_send_to_moderator: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not is_opening:
            del self.fields["title"]
        if not show_send_to_moderator:
            self.fields["send_to_moderator"].widget = forms.HiddenInput()


class BoardForm(forms.Form):
    name = forms.CharField(label=_("Board name"), max_length=TITLE_MAX_LENGTH * 4)
    description = forms.CharField(label=_("What the board is for"), required=False, max_length=1200)
    guidelines = forms.CharField(
        label=_("Guidelines"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Shown at the top of the board. Markdown works."),
    )
    group = forms.TypedChoiceField(
        label=_("Only for the members of a group"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Leave empty for a board every signed-in member can read."),
    )
    allows_anonymous = forms.BooleanField(
        label=_("Members may post anonymously here"), required=False
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES, required=False)
    is_archived = forms.BooleanField(
        label=_("Archived: members can read but not post"), required=False
    )

    def __init__(self, *args: Any, is_new: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        group_field = self.fields["group"]
        assert isinstance(group_field, forms.TypedChoiceField)  # noqa: S101  (declared above)
        group_field.choices = [("", _("No group: open to every member"))] + [
            (str(info.id), info.name) for info in groups.active_groups()
        ]
        if is_new:
            del self.fields["is_archived"]
        else:
            # A board's group is chosen once: moving a board between groups would open
            # its threads to people they were not written for.
            self.fields["group"].disabled = True


class ModerateForm(forms.Form):
    ACTIONS = (
        ("pin", _("Pin to the top")),
        ("unpin", _("Unpin")),
        ("lock", _("Lock: no more replies")),
        ("unlock", _("Unlock")),
        ("move", _("Move to another board")),
    )
    action = forms.ChoiceField(choices=ACTIONS)
    board = forms.SlugField(required=False)


class DeleteForm(forms.Form):
    reason = forms.CharField(
        label=_("Note for the writer (moderators)"), required=False, max_length=500
    )
