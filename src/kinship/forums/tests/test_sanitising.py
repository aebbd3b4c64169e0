"""Classic XSS payloads, in Markdown and HTML form, through both rendering stages."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinship.forums.rendering import render_markdown, render_title, sanitise_post_html
from kinship.forums.tests.html import assert_nothing_executable, shape_of

# After the OWASP XSS filter evasion cheat sheet, plus Markdown's own ways to make links.
PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    "<<script>script>alert(1)<</script>/script>",
    "<script>alert(1)",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    '<img src="x',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click]( javascript:alert(1) )",
    "[click](<javascript:alert(1)>)",
    "[click](jav&#x09;ascript:alert(1))",
    "[click](jav&#x0A;ascript:alert(1))",
    "[click](java\x00script:alert(1))",
    "[click](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![pixel](data:image/png;base64,iVBORw0KGgo=)",
    "![pixel](https://tracker.example/pixel.gif)",
    "[click](vbscript:msgbox(1))",
    "[click][ref]\n\n[ref]: javascript:alert(1)",
    '[click][ref]\n\n[ref]: https://example.org "t" onclick="alert(1)"',
    '[click](https://example.org "\\" onmouseover=\\"alert(1)")',
    "[click](https://example.org 'a\" onclick=\"alert(1)')",
    "[<img src=x onerror=alert(1)>](https://example.org)",
    "<javascript:alert(1)>",
    '<https://example.org" onmouseover="alert(1)>',
    '<a href="javascript:alert(1)">click</a>',
    '<a href=" javascript:alert(1)">click</a>',
    '<a href="&#x6A;avascript:alert(1)">click</a>',
    '<a href="jav&#x09;ascript:alert(1)">click</a>',
    '<a href="data:text/html,<script>alert(1)</script>">click</a>',
    '<a href="https://example.org" onclick="alert(1)" target="_blank">click</a>',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="javascript:alert(1)"></iframe>',
    "<style>body{display:none}</style>",
    '<p style="background:url(javascript:alert(1))">styled</p>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math href="javascript:alert(1)">CLICK</math>',
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:text/html,<script>alert(1)</script>">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    "<input onfocus=alert(1) autofocus>",
    "<video><source onerror=alert(1)></video>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<b><i>unclosed <a href='javascript:alert(1)'>nested",
    "**<img src=x onerror=alert(1)>**",
    "> <script>alert(1)</script>",
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
]

# Pieces that make up the payloads above, for hypothesis to recombine.
FRAGMENTS = [
    "<script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "<a href='",
    "javascript:",
    "JaVaScRiPt:",
    "jav&#x09;ascript:",
    "data:text/html,",
    "vbscript:",
    "alert(1)",
    "[",
    "]",
    "(",
    ")",
    "![",
    "<",
    ">",
    '"',
    "'",
    " onload=",
    " onerror=",
    "<svg",
    "<style>",
    "<iframe",
    "&#",
    "&lt;",
    "\n",
    "\n\n",
    "> ",
    "- ",
    "1. ",
    "**",
    "_",
    "`",
    "```",
    "    ",
    "[ref]: ",
    "https://example.org",
    "mailto:",
    "\\",
    "\x00",
    "\u202e",
]
markdown_and_html = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=40
).map("".join)
with_lone_surrogates = st.text(
    alphabet=st.one_of(st.characters(), st.characters(categories=["Cs"]))
)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_renders_without_anything_executable(payload):
    assert_nothing_executable(render_markdown(payload))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_caught_by_the_sanitiser_even_as_raw_html(payload):
    # Guards the second stage on its own, should raw HTML ever reach it.
    assert_nothing_executable(sanitise_post_html(payload))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_in_a_title_renders_without_any_tags_but_emphasis(payload):
    assert set(shape_of(render_title(payload)).tags) <= {"em", "strong", "code", "del"}


def test_typed_html_shows_as_text():
    assert render_markdown("<b>hi</b>") == "<p>&lt;b&gt;hi&lt;/b&gt;</p>\n"


def test_javascript_link_stays_as_the_markdown_typed():
    assert render_markdown("[click](javascript:alert(1))") == (
        "<p>[click](javascript:alert(1))</p>\n"
    )


def test_link_title_quotes_cannot_open_an_attribute():
    html = render_markdown('[x](https://example.org "a\\" onclick=\\"alert(1)")')

    [(_, _, title)] = [a for a in shape_of(html).attributes if a[1] == "title"]
    assert title == 'a" onclick="alert(1)'


@settings(deadline=None)
@given(st.text())
def test_any_text_renders_without_script(text):
    assert_nothing_executable(render_markdown(text))


@settings(deadline=None, max_examples=300)
@given(markdown_and_html)
def test_mixed_markdown_and_html_renders_without_script(text):
    assert_nothing_executable(render_markdown(text))
    assert_nothing_executable(sanitise_post_html(text))


@settings(deadline=None)
@given(with_lone_surrogates)
def test_malformed_unicode_renders_without_error(text):
    assert_nothing_executable(render_markdown(text))
    render_title(text)
