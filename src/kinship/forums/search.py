"""Search forum posts, within what the member may see.

`search_posts` is one function over two engines (migration 0002 builds the indexes):

- SQLite: FTS5 external-content tables over post bodies and thread titles, kept in step by
  triggers, tokenizer `unicode61 remove_diacritics 2` (so "recaida" finds "recaída");
  ranked by bm25.
- PostgreSQL: stored generated columns `search_vector` on posts (body) and threads (title),
  `to_tsvector('kinship_search', ...)`, with GIN indexes; `kinship_search` is `simple` with
  `unaccent` in front (English and Spanish boards: no stemming, accents fold); ranked by
  `ts_rank`.

A post is found when every word is in its body; an opening post also when every word is in
its thread's title and its body taken together. Title matches weigh double. Ties go to the
newer post. Only the newest `MAX_CANDIDATES` body matches and title matches are ranked, so
a word in nearly every post costs a bounded time, not one proportional to the forum.

What a member types is never query syntax. It is cut into words (runs of letters, digits
and marks), at most `MAX_TERMS` of them and `MAX_WORD_CHARS` characters each, and every
word goes to the engine quoted, so FTS5 and tsquery operators, stray quotes and surrogates
cannot cause a database error. Words in double quotes are an exact phrase; the last word,
when typed outside quotes and at least `PREFIX_MIN_CHARS` long, also matches as a prefix.

Which posts come back is decided by `permissions` (boards the member may read, threads they
may see) and the post rule of `permissions.visible_posts_filter` across boards: held and
hidden posts only for their author and the board's moderators. Deleted posts are found by
nobody. A search is at most three queries: the member's groups (once per request), the
ranked page of post ids, and those posts with their threads, boards and authors.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from itertools import groupby
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from kinship.forums import permissions
from kinship.forums.models import Board, Post, Thread
from kinship.forums.permissions import Viewer
from kinship.forums.queries import author_label

PER_PAGE = 20
MAX_PAGE = 50
MAX_QUERY_CHARS = 1000
MAX_TERMS = 12
MAX_WORD_CHARS = 40
PREFIX_MIN_CHARS = 3
SNIPPET_CHARS = 200
SNIPPET_LEAD_CHARS = 60
TITLE_WEIGHT = 2
MAX_CANDIDATES = 2000
POSTGRESQL_CONFIG = "kinship_search"

_QUOTES = str.maketrans(dict.fromkeys("“”„«»", '"'))
_SNIPPET_WORD = re.compile(r"[^\W_]+")
_BLOCK_TAGS = frozenset(
    {"p", "br", "li", "ul", "ol", "blockquote", "pre", "hr", "div", "table", "tr", "td", "th"}
    | {f"h{level}" for level in range(1, 7)}
)


@dataclass(frozen=True)
class SearchHit:
    """One post found, with where it is and why it matched."""

    post: Post
    thread: Thread
    board: Board
    author: str
    """The handle, or "a member" for an anonymous post (as `queries.author_label`)."""
    title: SafeString
    """The thread's title, escaped, matched words in <mark>."""
    snippet: SafeString
    """Plain text around the first match, escaped, matched words in <mark>. Empty for a
    post with a content note: the reader sees the note and chooses to open the post."""
    rank: float
    """Relevance, higher is better; comparable only within one search."""


@dataclass(frozen=True)
class SearchPage:
    hits: list[SearchHit]
    page: int
    has_next: bool
    searched: bool
    """False when the query held no words, so nothing was looked up."""

    @property
    def has_previous(self) -> bool:
        return self.page > 1


@dataclass(frozen=True)
class _Term:
    """A word, or the words of a quoted phrase in order; a prefix term's last word may go on."""

    words: tuple[str, ...]
    is_quoted: bool = False
    is_prefix: bool = False


def search_posts(user: Any, query: str, *, page: int = 1, board: Board | None = None) -> SearchPage:
    """One page of the posts matching `query` that `user` may see, best first."""
    page = max(1, page)
    terms = _parse_query(query)
    if not terms:
        return SearchPage(hits=[], page=page, has_next=False, searched=False)
    viewer = permissions.viewer_of(user)
    if viewer is None or page > MAX_PAGE:
        return SearchPage(hits=[], page=page, has_next=False, searched=True)
    ranked = _ranked_post_ids(viewer, terms, board=board, page=page)
    shown = ranked[:PER_PAGE]
    posts = Post.objects.select_related("thread__board", "author").in_bulk(
        [post_id for post_id, _score in shown]
    )
    matches = _word_matcher(terms)
    hits = [
        _hit(viewer, posts[post_id], score, matches) for post_id, score in shown if post_id in posts
    ]
    return SearchPage(
        hits=hits, page=page, has_next=len(ranked) > PER_PAGE and page < MAX_PAGE, searched=True
    )


# Reading the query -----------------------------------------------------------------------


def _parse_query(query: str) -> list[_Term]:
    """The member's text as terms: plain words, and phrases they put in double quotes."""
    text = unicodedata.normalize("NFKC", query[:MAX_QUERY_CHARS]).translate(_QUOTES)
    pieces = text.split('"')
    if len(pieces) % 2 == 0:
        # An unbalanced quote: the words after it are plain words.
        pieces[-2:] = [f"{pieces[-2]} {pieces[-1]}"]
    terms: list[_Term] = []
    seen: set[tuple[str, ...]] = set()
    budget = MAX_TERMS
    for index, piece in enumerate(pieces):
        words = _words(piece)
        is_quoted = index % 2 == 1
        groups = ([words] if words else []) if is_quoted else [[word] for word in words]
        for group in groups:
            kept = group[:budget]
            if not kept:
                return terms  # The rest is cut; the last term kept is no prefix.
            term = _Term(
                words=tuple(word[:MAX_WORD_CHARS] for word in kept),
                is_quoted=is_quoted,
                # A word cut short still finds itself.
                is_prefix=len(kept[-1]) > MAX_WORD_CHARS,
            )
            key = tuple(_fold(word) for word in term.words)
            if key not in seen:
                seen.add(key)
                budget -= len(term.words)
                terms.append(term)
    if terms and not terms[-1].is_quoted and len(terms[-1].words[0]) >= PREFIX_MIN_CHARS:
        terms[-1] = replace(terms[-1], is_prefix=True)
    return terms


def _is_word_character(character: str) -> bool:
    return unicodedata.category(character)[0] in "LNM"


def _words(text: str) -> list[str]:
    """Runs of letters, digits and combining marks; a run of marks alone is not a word."""
    runs = ("".join(run) for is_word, run in groupby(text, key=_is_word_character) if is_word)
    return [run for run in runs if any(unicodedata.category(c)[0] in "LN" for c in run)]


def _fold(word: str) -> str:
    """Lower case without accents, to compare words as the search engines do."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


# Asking the database ---------------------------------------------------------------------


def _fts5_term(term: _Term) -> str:
    # Inside an FTS5 string only a double quote is special; words hold none, doubled anyway.
    text = " ".join(term.words).replace('"', '""')
    return f'"{text}"' + ("*" if term.is_prefix else "")


def _tsquery_term(term: _Term) -> str:
    # Quoted tsquery values; words hold no quote or backslash, escaped anyway.
    quoted = ["'" + word.replace("\\", "\\\\").replace("'", "''") + "'" for word in term.words]
    if term.is_prefix:
        quoted[-1] += ":*"
    return "(" + " <-> ".join(quoted) + ")"


# A body that matches every term, or an opening post whose title matches a term and whose
# title or body matches each one. The title candidates drive the join (CROSS JOIN keeps that
# order) so bm25 reads the index statistics once.
_SQLITE_HITS = """
WITH body_hits (post_id, score) AS (
    SELECT rowid, -bm25(forums_post_search) FROM forums_post_search
    WHERE forums_post_search MATCH %s
    ORDER BY rowid DESC LIMIT {limit}
),
title_hits (post_id, score) AS (
    SELECT p.id, -{title_weight} * bm25(forums_thread_search)
    FROM forums_thread_search CROSS JOIN forums_post AS p
    WHERE forums_thread_search MATCH %s
        AND p.thread_id = forums_thread_search.rowid AND p.is_opening
        AND {coverage}
    ORDER BY forums_thread_search.rowid DESC LIMIT {limit}
),
hits (post_id, score) AS (
    SELECT post_id, SUM(score) FROM (
        SELECT post_id, score FROM body_hits UNION ALL SELECT post_id, score FROM title_hits
    ) GROUP BY post_id
)
"""
# Each term's matches are read once as a set: checking them row by row would merge a
# prefix's postings again for every candidate.
_SQLITE_COVERAGE = """(
    p.id IN (SELECT rowid FROM forums_post_search WHERE forums_post_search MATCH %s)
    OR p.thread_id IN (SELECT rowid FROM forums_thread_search WHERE forums_thread_search MATCH %s)
)"""

# Candidates come from the two GIN indexes (the body matches every term, or the title any);
# the title, weighted "A", and the body's stored vector together decide and rank. Weights
# are D, C, B, A: a title word counts `TITLE_WEIGHT` times a body word, as on SQLite.
# `document` is MATERIALIZED so the planner cannot move the match test below the join
# with the candidates and build a vector for every post of the forum.
_POSTGRESQL_HITS = """
WITH candidate (id) AS (
    (
        SELECT id FROM forums_post WHERE search_vector @@ to_tsquery('{config}', %s)
        ORDER BY id DESC LIMIT {limit}
    )
    UNION
    (
        SELECT opening.id FROM (
            SELECT id FROM forums_thread WHERE search_vector @@ to_tsquery('{config}', %s)
            ORDER BY id DESC LIMIT {limit}
        ) AS titled
        JOIN forums_post AS opening ON opening.thread_id = titled.id AND opening.is_opening
    )
),
document (post_id, vector) AS MATERIALIZED (
    SELECT p.id, CASE
        WHEN p.is_opening THEN setweight(t.search_vector, 'A') || p.search_vector
        ELSE p.search_vector
    END
    FROM candidate
    JOIN forums_post AS p ON p.id = candidate.id
    JOIN forums_thread AS t ON t.id = p.thread_id
),
hits (post_id, score) AS (
    SELECT post_id, ts_rank(
        '{{0.1, 0.1, 0.1, {title_rank}}}', vector, to_tsquery('{config}', %s), 1
    )
    FROM document WHERE vector @@ to_tsquery('{config}', %s)
)
"""

_PAGE = """
SELECT hits.post_id, hits.score FROM hits
WHERE EXISTS ({visible})
ORDER BY hits.score DESC, hits.post_id DESC
LIMIT %s OFFSET %s
"""


def _hits_sql(terms: Sequence[_Term]) -> tuple[str, list[str]]:
    if connection.vendor == "postgresql":
        every = " & ".join(_tsquery_term(term) for term in terms)
        some = " | ".join(_tsquery_term(term) for term in terms)
        sql = _POSTGRESQL_HITS.format(
            config=POSTGRESQL_CONFIG, title_rank=TITLE_WEIGHT / 10, limit=MAX_CANDIDATES
        )
        return sql, [every, some, every, every]
    quoted = [_fts5_term(term) for term in terms]
    params = [" ".join(quoted), " OR ".join(quoted)]
    # With one term, a title that matches it covers it.
    coverage = "1"
    if len(quoted) > 1:
        coverage = " AND ".join([_SQLITE_COVERAGE] * len(quoted))
        for each in quoted:
            params += [each, each]
    sql = _SQLITE_HITS.format(title_weight=TITLE_WEIGHT, coverage=coverage, limit=MAX_CANDIDATES)
    return sql, params


def _visible_posts(viewer: Viewer, board: Board | None) -> QuerySet[Post]:
    """Posts this viewer may see on any board (`visible_posts_filter`, across boards)."""
    posts = Post.objects.filter(
        is_deleted=False, thread__in=permissions.visible_threads(viewer.user)
    )
    if board is not None:
        posts = posts.filter(thread__board=board)
    if viewer.is_site_moderator:
        return posts
    shown = Q(is_held=False, is_hidden=False) | Q(author=viewer.user)
    if viewer.facilitated_group_ids:
        shown |= Q(thread__board__group_id__in=sorted(viewer.facilitated_group_ids))
    return posts.filter(shown)


def _ranked_post_ids(
    viewer: Viewer, terms: Sequence[_Term], *, board: Board | None, page: int
) -> list[tuple[int, float]]:
    """Post ids and scores for `page`, and one more to tell whether a next page exists."""
    hits_sql, hits_params = _hits_sql(terms)
    # The permission filters stay ORM code, asked of each hit by its id.
    visible = _visible_posts(viewer, board).filter(id=RawSQL("hits.post_id", ()))
    visible_sql, visible_params = visible.values("id").query.sql_with_params()
    sql = hits_sql + _PAGE.format(visible=visible_sql)
    params = [*hits_params, *visible_params, PER_PAGE + 1, (page - 1) * PER_PAGE]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(int(post_id), float(score)) for post_id, score in cursor.fetchall()]


# Showing what was found ------------------------------------------------------------------


def _word_matcher(terms: Sequence[_Term]) -> Callable[[str], bool]:
    exact = {_fold(word) for term in terms for word in term.words}
    prefixes = tuple(_fold(term.words[-1]) for term in terms if term.is_prefix)

    def matches(word: str) -> bool:
        folded = _fold(word)
        return folded in exact or folded.startswith(prefixes)

    return matches


def _hit(viewer: Viewer, post: Post, score: float, matches: Callable[[str], bool]) -> SearchHit:
    thread = post.thread
    snippet = SafeString() if post.content_note else _snippet(_plain_text(post.body_html), matches)
    return SearchHit(
        post=post,
        thread=thread,
        board=thread.board,
        author=author_label(viewer, post),
        title=_marked(thread.title, matches),
        snippet=snippet,
        rank=score,
    )


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _plain_text(html: str) -> str:
    """The words of a post's sanitised HTML, whitespace collapsed."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return unicodedata.normalize("NFC", " ".join("".join(collector.parts).split()))


def _snippet(text: str, matches: Callable[[str], bool]) -> SafeString:
    """About `SNIPPET_CHARS` of `text` from a little before its first match."""
    first = next((word for word in _SNIPPET_WORD.finditer(text) if matches(word.group())), None)
    start = 0
    if first is not None and first.start() > SNIPPET_LEAD_CHARS:
        space = text.find(" ", first.start() - SNIPPET_LEAD_CHARS, first.start())
        start = space + 1 if space != -1 else first.start()
    end = len(text)
    if end - start > SNIPPET_CHARS:
        space = text.rfind(" ", start, start + SNIPPET_CHARS)
        end = space if space > start else start + SNIPPET_CHARS
    marked = _marked(text[start:end], matches)
    before = "… " if start > 0 else ""
    after = " …" if end < len(text) else ""
    return mark_safe(before + marked + after)  # noqa: S308  (the text is escaped by _marked)


def _marked(text: str, matches: Callable[[str], bool]) -> SafeString:
    """`text` escaped, with each matched word wrapped in <mark>."""
    parts: list[str] = []
    position = 0
    for word in _SNIPPET_WORD.finditer(text):
        if matches(word.group()):
            parts.append(escape(text[position : word.start()]))
            parts.append(f"<mark>{escape(word.group())}</mark>")
            position = word.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308  (every piece of text above is escaped)
