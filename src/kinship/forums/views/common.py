"""What the forum pages share: the signed-in member, the page number, a post's screening
result kept across the redirect after posting, the reply form's context, form errors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import CheckboxInput
from django.http import Http404, HttpRequest

from kinship.accounts.models import User
from kinship.forums import actions, permissions, queries, rendering, trust
from kinship.forums.forms import ReplyForm
from kinship.forums.models import Thread

_POSTED = "forums_posted"


@dataclass(frozen=True)
class Screened:
    """What the crisis card needs from a screening result kept across a redirect."""

    level: str
    holds_content: bool

    @property
    def needs_help_shown(self) -> bool:
        return self.level != "none"


def _member(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def _page(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


def _notes(outcome: actions.PostOutcome) -> list[str]:
    """Why the post waits, unless the crisis card already says so."""
    if outcome.screen.holds_content and outcome.screen.needs_help_shown:
        return []
    return outcome.notes


def _remember(request: HttpRequest, outcome: actions.PostOutcome) -> None:
    request.session[_POSTED] = {
        "post_id": outcome.post.pk,
        "thread_id": outcome.post.thread_id,
        "level": outcome.screen.level,
        "holds_content": outcome.screen.holds_content,
        "notes": _notes(outcome),
    }


def _recall(request: HttpRequest, thread: Thread) -> dict[str, Any]:
    """The screening result of the post the member just made in this thread, once."""
    posted = request.session.get(_POSTED)
    if not posted or posted.get("thread_id") != thread.pk:
        return {}
    del request.session[_POSTED]
    return {
        "screened": Screened(level=posted["level"], holds_content=posted["holds_content"]),
        "posted_notes": posted.get("notes", []),
        "posted_id": posted["post_id"],
    }


def _draft(form: Any, key: str) -> Any:
    """Keep what is typed in the body through a dropped connection (see kinship.js)."""
    form.fields["body"].widget.attrs["data-draft"] = key
    return form


def _problem_status(error: Exception) -> int:
    if isinstance(error, trust.RateLimited):
        return 429
    if isinstance(error, actions.ThreadClosed):
        return 410 if error.reason == "deleted" else 409
    return 403


def _add_errors(form: Any, error: ValidationError) -> None:
    if isinstance(error, actions.ContentRulesBroken):
        form.add_error(None, error)
        # Now the member has read why, they may choose to send it on to a moderator.
        form.fields["send_to_moderator"].widget = CheckboxInput()
        return
    target: str | None = "body"
    if error.code in {"blank_title"} and "title" in form.fields:
        target = "title"
    elif error.code == "anonymous_not_allowed":
        target = None
    try:
        form.add_error(target, error)
    except (ValueError, TypeError):
        form.add_error(None, error)


def _reply_context(
    request: HttpRequest, view: queries.ThreadView, form: ReplyForm | None = None
) -> dict[str, Any]:
    thread = view.thread
    if form is None:
        initial: dict[str, Any] = {}
        quote_id = request.GET.get("quote", "")
        if quote_id.isdigit():
            quoted = next((row for row in view.posts if row.post.pk == int(quote_id)), None)
            if quoted is None:
                try:
                    post = permissions.access_post_by_id(request.user, int(quote_id))
                except Http404:
                    post = None
                if post is not None and post.thread_id == thread.pk:
                    viewer = permissions.viewer_of(request.user)
                    quoted = queries.PostRow(
                        post=post,
                        author=queries.author_label(viewer, post),
                        is_mine=post.author_id == request.user.pk,
                    )
            if quoted is not None:
                initial["body"] = rendering.quote_markdown(quoted.author, quoted.post.body)
        form = ReplyForm(initial=initial, board=thread.board)
    return {"form": _draft(form, f"reply-{thread.pk}"), "thread": thread, "view": view}
