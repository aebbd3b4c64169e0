"""What a post's Markdown becomes: links, headings, images, limits and quoting."""

import time

import pytest
from django.core.exceptions import ValidationError

from kinship.forums.rendering import (
    MAX_BODY_CHARS,
    MAX_NESTING,
    quote_markdown,
    render_markdown,
    render_title,
    validate_post_text,
)
from kinship.forums.tests.html import shape_of

# Generous: these inputs render in milliseconds; the bound only catches runaway cases.
TIME_BOUND_SECONDS = 2.0


def test_link_is_marked_as_member_content_and_opens_in_place():
    html = render_markdown("[meeting notes](https://example.org/notes)")

    assert html == (
        '<p><a href="https://example.org/notes" rel="nofollow ugc noopener">meeting notes</a></p>\n'
    )


def test_autolink_and_email_get_the_same_rel():
    html = render_markdown("<https://example.org> and <help@example.org>")

    links = [value for _, name, value in shape_of(html).attributes if name == "href"]
    rels = [value for _, name, value in shape_of(html).attributes if name == "rel"]
    assert links == ["https://example.org", "mailto:help@example.org"]
    assert rels == ["nofollow ugc noopener"] * 2


def test_relative_link_is_not_made_a_link():
    assert render_markdown("[home](/accounts/)") == "<p>[home](/accounts/)</p>\n"


def test_bare_url_is_not_linked():
    assert "<a" not in render_markdown("see https://example.org")


def test_headings_start_below_the_pages_own():
    html = render_markdown("# One\n\n## Two\n\n### Three\n\n###### Six")

    assert shape_of(html).tags == ["h3", "h4", "h5", "h6"]


def test_image_shows_its_alt_text_only():
    assert render_markdown("![a *sunny* day](https://example.org/a.png)") == (
        "<p>a sunny day</p>\n"
    )


def test_image_alt_text_is_escaped():
    assert render_markdown("![<b>x</b>](https://example.org/a.png)") == (
        "<p>&lt;b&gt;x&lt;/b&gt;</p>\n"
    )


def test_everyday_formatting_survives():
    source = "*em* **strong** `code` ~~gone~~\n\n> quoted\n\n- one\n- two\n\n1. first\n\n---"

    assert shape_of(render_markdown(source)).tags == [
        "p",
        "em",
        "strong",
        "code",
        "del",
        "blockquote",
        "p",
        "ul",
        "li",
        "li",
        "ol",
        "li",
        "hr",
    ]


def test_fenced_code_keeps_its_text_but_not_its_class():
    assert render_markdown("```python\nprint('<hi>')\n```") == (
        "<pre><code>print('&lt;hi&gt;')\n</code></pre>\n"
    )


def test_table_syntax_stays_as_text():
    assert "|---|" in render_markdown("| a | b |\n|---|---|\n| 1 | 2 |")


def test_title_keeps_emphasis_but_not_links():
    assert render_title("**Hello** [there](https://example.org)") == (
        "<strong>Hello</strong> there"
    )


def test_lone_surrogate_is_replaced():
    assert render_markdown("a\ud800b") == "<p>a\ufffdb</p>\n"


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(">" * 10_000 + " deep", id="10000-nested-quotes"),
        pytest.param("- " * 5_000 + "deep", id="5000-nested-bullets"),
        pytest.param("1. " * 5_000 + "deep", id="5000-nested-numbers"),
        pytest.param("> - " * 5_000 + "deep", id="quotes-and-lists"),
        pytest.param("[" * MAX_BODY_CHARS, id="open-brackets"),
        pytest.param("*a " * (MAX_BODY_CHARS // 3), id="open-emphasis"),
        pytest.param("[a](" * (MAX_BODY_CHARS // 4), id="open-links"),
    ],
)
def test_deep_nesting_renders_quickly_and_shallow(source):
    started = time.perf_counter()
    html = render_markdown(source)
    elapsed = time.perf_counter() - started

    assert elapsed < TIME_BOUND_SECONDS
    assert shape_of(html).max_depth <= MAX_NESTING + 2


def test_post_at_the_limit_is_accepted():
    validate_post_text("a" * MAX_BODY_CHARS)


def test_oversized_post_is_refused_with_the_limit():
    with pytest.raises(ValidationError) as error:
        validate_post_text("a" * (MAX_BODY_CHARS + 1))

    assert error.value.code == "too_long"
    assert error.value.messages == [
        f"Posts can be at most {MAX_BODY_CHARS} characters; this one has {MAX_BODY_CHARS + 1}."
    ]


def test_blank_post_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_post_text(" \n\t")

    assert error.value.messages == ["Write something before posting."]


def test_quote_names_the_author_and_quotes_every_line():
    assert quote_markdown("sam", "First line\r\n\nSecond line") == (
        "> **sam** wrote:\n>\n> First line\n>\n> Second line\n\n"
    )


def test_quote_author_markdown_is_escaped():
    html = render_markdown(quote_markdown("[me](https://evil.example)*", "hi"))

    assert "<a" not in html
    assert "[me](https://evil.example)*" in html


def test_quote_of_a_quote_nests():
    html = render_markdown(quote_markdown("sam", quote_markdown("ali", "hello")))

    assert shape_of(html).tags.count("blockquote") == 2
