"""The one Markdown renderer: Python-Markdown, then the nh3 allow-list. Course text is untrusted."""

import re
from collections.abc import Callable

import markdown
import nh3
from flask_babel import lazy_gettext as _l
from markdown.extensions.toc import slugify_unicode
from markdown.treeprocessors import Treeprocessor
from wtforms.validators import ValidationError

EXTENSIONS = ["tables", "fenced_code", "footnotes", "toc", "admonition", "sane_lists"]
EXTENSION_CONFIGS = {
    "toc": {"slugify": slugify_unicode, "permalink": False},
    "footnotes": {"BACKLINK_TITLE": ""},
}

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "img": {"src", "alt", "title"},
    "li": {"id"},
    "sup": {"id"},
    "td": {"align"},
    "th": {"align"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
}
ALLOWED_CLASSES = {
    "div": {"admonition", "note", "warning", "legal", "tip", "footnote"},
    "p": {"admonition-title"},
}
URL_SCHEMES = {"http", "https", "mailto"}
MEDIA_PATH = re.compile(r"^media/[\w./-]+$")
# Runs of emphasis, link or quote markers this long only serve to nest the renderer into
# recursion; they are refused before rendering (a longer horizontal rule is not needed).
DEEP_NESTING = re.compile(r"[*_\[>]{200,}")


class TooDeeplyNested(ValueError):
    """Emphasis, links or quotes nested deeper than the renderer can follow (it recurses once
    per level, so thousands of ``*`` would exhaust the stack)."""

    message = _l("The text nests emphasis, links or quotes too deeply. Simplify it.")


class _RewriteMedia(Treeprocessor):
    """Point ``media/...`` image sources at the URL the course's media is served from."""

    def __init__(self, md, media_url: Callable[[str], str]):
        super().__init__(md)
        self.media_url = media_url

    def run(self, root):
        for image in root.iter("img"):
            source = image.get("src", "")
            if MEDIA_PATH.match(source):
                image.set("src", self.media_url(source.removeprefix("media/")))


class _RewriteLessonLinks(Treeprocessor):
    """Point links to other lesson files (``02-next.md#part``) at those lessons' pages."""

    def __init__(self, md, link_url: Callable[[str], str | None]):
        super().__init__(md)
        self.link_url = link_url

    def run(self, root):
        for link in root.iter("a"):
            target, _, fragment = link.get("href", "").partition("#")
            if target.endswith(".md") and not re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
                url = self.link_url(target)
                if url:
                    link.set("href", url + (f"#{fragment}" if fragment else ""))


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    """Images only from the course's own media (rewritten to a path) or the web, never data:."""
    if tag == "img" and attribute == "src" and not value.startswith(("/", "http://", "https://")):
        return None
    return value


def render(
    text: str,
    media_url: Callable[[str], str] | None = None,
    link_url: Callable[[str], str | None] | None = None,
) -> str:
    """Markdown to sanitised HTML. ``media_url`` maps a ``media/`` file name to its URL,
    ``link_url`` a relative lesson file name to its page."""
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    if media_url is not None:
        md.treeprocessors.register(_RewriteMedia(md, media_url), "elearn_media", 1)
    if link_url is not None:
        md.treeprocessors.register(_RewriteLessonLinks(md, link_url), "elearn_links", 1)
    check_nesting(text)
    try:
        html = md.convert(text)
    except RecursionError:
        raise TooDeeplyNested() from None
    return sanitise(html)


def check_nesting(text: str) -> None:
    if DEEP_NESTING.search(text):
        raise TooDeeplyNested()


def renderable(form, field) -> None:
    """A form validator: the Markdown in ``field`` can be rendered."""
    try:
        render(field.data or "")
    except TooDeeplyNested as error:
        raise ValidationError(error.message) from None


def render_inline(text: str) -> str:
    """A short text (a quiz choice): rendered like the rest, without the wrapping paragraph."""
    html = render(text)
    match = re.fullmatch(r"<p>(.*)</p>", html.strip(), flags=re.S)
    return match.group(1) if match else html


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        attribute_filter=_attribute_filter,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
