"""Hostile Markdown renders inert."""

import pytest

from elearn.content.markdown import render

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "<svg onload=alert(1)><circle/></svg>",
    '<iframe src="https://evil.example"></iframe>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<form action="https://evil.example"><input name=a></form>',
    '<object data="x.swf"></object>',
]


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_markdown_renders_inert(source):
    html = render(f"Before\n\n{source}\n\nAfter").lower()
    for dangerous in (
        "<script",
        "onerror",
        "onload",
        "javascript:",
        "data:",
        "<svg",
        "<iframe",
        "style=",
        "<form",
        "<input",
        "<object",
    ):
        assert dangerous not in html
    assert "after" in html


def test_external_links_get_noopener():
    html = render("[site](https://example.org)")
    assert 'rel="noopener noreferrer"' in html


def test_supported_markdown():
    html = render(
        "## Заголовок\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode\n```\n\nNote[^1]\n\n"
        '[^1]: footnote\n\n!!! legal "Art. 16"\n    Preserve data.\n'
    )
    assert '<h2 id="заголовок">' in html
    assert "<table>" in html and "<pre><code>" in html
    assert 'class="footnote"' in html
    assert '<div class="admonition legal">' in html and "Art. 16" in html


def test_media_images_point_at_the_course_media():
    html = render("![Chart](media/chart.png)", media_url=lambda name: f"/media/c/{name}")
    assert '<img alt="Chart" src="/media/c/chart.png">' in html
