"""The forums part of the JSON API: boards, thread lists, threads, posting, reactions, follows.

For signed-in members (a token or the web session); a board, thread or post the caller may
not read is 404, as on the pages. Every write goes through `actions`, every read through
`queries`; this module only parses, calls and shapes the answer. A write the forums refuse
answers in one of a few shapes: 403 with the plain words, 409 (`thread_locked`) or 410
(`thread_deleted`) for a reply to a closed thread, 422 with the field and a code per
problem (`content_rules` with each rule's explanation and how to send it to a moderator
instead), 429 with `Retry-After` when a posting limit is reached.

Posting takes an `Idempotency-Key` header (or `idempotency_key` in the body): sending the
same key again answers 200 with the post the first request made, never a second post.
"""

from __future__ import annotations

# Endpoints register on the router as their modules load, in the OpenAPI document's order.
from kinship.forums.api import members, moderation, posting, reading  # noqa: F401
from kinship.forums.api.common import router

__all__ = ["router"]
