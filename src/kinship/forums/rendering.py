"""Turn member-written Markdown and one-line text into safe HTML and clean strings.

Posts go through markdown-it-py (``js-default``: raw HTML off, so typed tags show as
text) and then nh3 with a small allow-list, so a gap in either stage is not enough for
script to reach the page. Titles and handles are plain text: ``clean_inline`` removes the
invisible characters people use to spoof names or reverse how text reads.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache
from typing import Any

import nh3
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

MAX_BODY_CHARS = 20_000
MAX_TITLE_CHARS = 140
MAX_INLINE_CHARS = 140
# Deep enough for a quote of a quote of a list; markdown-it stops nesting beyond it,
# which bounds both the parser's recursion and the depth of the HTML it writes.
MAX_NESTING = 20

LINK_REL = "nofollow ugc noopener"
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
POST_TAGS = frozenset(
    {
        "p",
        "br",
        "em",
        "strong",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "del",
    }
)
TITLE_TAGS = frozenset({"em", "strong", "code", "del"})
# A page has its own h1 and h2; a post's headings start below them.
HEADING_SHIFT = 2

_LINK_PATTERN = re.compile(r"^(?:https?|mailto):", re.IGNORECASE)
# Browsers ignore tabs and newlines anywhere in a URL, so "jav\tascript:" is javascript:.
_URL_IGNORED = re.compile(r"[\t\n\r]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~&])")
# Letters and marks that draw nothing, used to make a name look blank or like another.
_BLANK_LOOKING = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0")


def validate_post_text(text: str, *, max_chars: int = MAX_BODY_CHARS) -> None:
    """Refuse a post body that is blank or longer than ``max_chars`` characters."""
    if not text.strip():
        raise ValidationError(_("Write something before posting."), code="empty")
    if len(text) > max_chars:
        raise ValidationError(
            _("Posts can be at most %(limit)d characters; this one has %(length)d."),
            code="too_long",
            params={"limit": max_chars, "length": len(text)},
        )


def render_markdown(text: str) -> str:
    """Render a post body from Markdown to sanitised HTML."""
    return sanitise_post_html(_post_markdown().render(replace_malformed(text)))


def sanitise_post_html(html: str) -> str:
    """Keep only the tags, attributes and link schemes a post may use; mark links as UGC."""
    return _post_cleaner().clean(html)


def render_title(text: str) -> str:
    """Render a title's inline Markdown (emphasis, code, strikethrough) to sanitised HTML."""
    # Links drop to their text: the title is usually itself a link to the thread.
    return _title_cleaner().clean(_post_markdown().renderInline(replace_malformed(text)))


def clean_title(text: str) -> str:
    """Clean a thread title; see ``clean_inline``."""
    return clean_inline(text, max_chars=MAX_TITLE_CHARS)


def clean_inline(text: str, *, max_chars: int = MAX_INLINE_CHARS) -> str:
    """Clean one line of member-written text such as a title or handle.

    Removes bidi overrides, embeddings and isolates, zero-width and other format or
    control characters, NFC-normalises and collapses whitespace to single spaces.
    Raises ``ValidationError`` when nothing visible is left or the result is too long.
    """
    kept = "".join(
        " " if character.isspace() else character
        for character in replace_malformed(text)
        if character.isspace() or _is_visible(character)
    )
    # Normalise last: a removed character may have sat between a letter and its accent.
    cleaned = unicodedata.normalize("NFC", " ".join(kept.split()))
    if not cleaned:
        raise ValidationError(_("This can't be blank."), code="empty")
    if len(cleaned) > max_chars:
        raise ValidationError(
            _("This can be at most %(limit)d characters; it has %(length)d."),
            code="too_long",
            params={"limit": max_chars, "length": len(cleaned)},
        )
    return cleaned


def quote_markdown(author_label: str, text: str) -> str:
    """Return Markdown that quotes ``text`` by ``author_label``, ready to reply under."""
    author = _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(author_label.split()))
    lines = [gettext("%(author)s wrote:") % {"author": f"**{author}**"}, ""]
    lines.extend(_LINE_BREAK.split(replace_malformed(text).strip()))
    quoted = "\n".join(f"> {line}".rstrip() for line in lines)
    return f"{quoted}\n\n"


_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_body(text: str) -> str:
    """A post body as stored: lone surrogates as U+FFFD, control characters (NUL, ...)
    other than tab and line breaks removed. Nothing a reader could see is changed."""
    return _CONTROLS.sub("", replace_malformed(text))


def replace_malformed(text: str) -> str:
    """Replace lone surrogates, which cannot be encoded, with U+FFFD."""
    return _SURROGATES.sub("\ufffd", text)


def _is_visible(character: str) -> bool:
    # Cf covers bidi controls (U+202A-U+202E, U+2066-U+2069), zero-width spaces and
    # joiners, soft hyphens and the byte-order mark; Cc the C0 and C1 controls.
    if character in _BLANK_LOOKING:
        return False
    return unicodedata.category(character) not in {"Cf", "Cc"}


class PostMarkdown(MarkdownIt):
    """markdown-it that links only to the web and to email addresses."""

    def validateLink(self, url: str) -> bool:
        # A link that fails stays as the Markdown the member typed.
        return _LINK_PATTERN.match(_URL_IGNORED.sub("", url).strip()) is not None


@cache
def _post_markdown() -> PostMarkdown:
    markdown = PostMarkdown("js-default", {"maxNesting": MAX_NESTING})
    # Tables would be sanitised down to run-together cell text; plain lines read better.
    markdown.disable("table")
    markdown.core.ruler.push("kinship_post_tags", _retag_tokens)
    markdown.add_render_rule("image", _render_image_as_alt_text)
    return markdown


def _retag_tokens(state: StateCore) -> None:
    for token in state.tokens:
        if token.type in {"heading_open", "heading_close"}:
            level = min(int(token.tag[1:]) + HEADING_SHIFT, 6)
            token.tag = f"h{level}"
        for child in token.children or ():
            if child.type in {"s_open", "s_close"}:
                child.tag = "del"


def _render_image_as_alt_text(
    renderer: RendererHTML,
    tokens: Sequence[Token],
    index: int,
    options: OptionsDict,
    env: dict[str, Any],
) -> str:
    alt = renderer.renderInlineAsText(tokens[index].children or [], options, env)
    return str(escape(alt))


@cache
def _post_cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=POST_TAGS,
        attributes={"a": {"href", "title"}},
        link_rel=LINK_REL,
        url_schemes=LINK_SCHEMES,
        url_relative="deny",
    )


@cache
def _title_cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(tags=TITLE_TAGS, attributes={})
