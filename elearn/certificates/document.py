"""The certificate as a PDF: one A4 landscape page in English and the holder's language, with a
QR code to the public verification page.

Every text is drawn literally (never parsed as markup) in DejaVu Sans, which covers Armenian,
Georgian, Cyrillic and the Latin letters of Azerbaijani and Romanian; the base-14 fonts do not.
Texts are never upper-cased: Georgian would turn into Mtavruli."""

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from functools import cache
from io import BytesIO
from itertools import groupby
from pathlib import Path
from typing import NamedTuple

import segno
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from reportlab.lib.colors import Color, HexColor, black
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import registerFont, stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from elearn.certificates.data import CertificateData

FONT_DIR = Path(__file__).parent / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"

SOURCE_LOCALE = "en"
SEPARATOR = " · "

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
BORDER_INSET = 18  # the outer border line, from the page edge
CONTENT_INSET = 50  # the text area, from the page edge
CONTENT_LEFT = CONTENT_INSET
CONTENT_RIGHT = PAGE_WIDTH - CONTENT_INSET
CONTENT_WIDTH = CONTENT_RIGHT - CONTENT_LEFT
HEADING_TOP = PAGE_HEIGHT - CONTENT_INSET
FOOTER_TOP = 235  # details, signature and QR code live below this
DETAILS_WIDTH = 280
SIGNATURE_LEFT, SIGNATURE_WIDTH = 360, 260
SIGNATURE_LINE_Y = 122
QR_WIDTH = 4 * cm  # the symbol without its quiet zone, which the layout leaves blank
QR_BOTTOM = 64
LEADING = 1.25  # line height, as a multiple of the font size
SMALLEST_SCALE = 0.6  # a text too long for its lines shrinks at most to this much of its size

INK = HexColor("#1f2f4f")
MUTED = HexColor("#5b6475")
ACCENT = HexColor("#a8873a")


class Style(NamedTuple):
    font: str
    size: float
    color: Color = INK
    max_lines: int = 1
    space_before: float = 0


class Block(NamedTuple):
    text: str
    style: Style


def render_pdf(data: CertificateData, labels: dict[str, dict[str, str]]) -> bytes:
    """The certificate's PDF. ``labels`` holds the fixed words, already translated, for English
    and the holder's locale: {locale: {"title": ..., "completed": ..., "hours": ..., "score": ...,
    "issued": ..., "expires": ..., "serial": ..., "verify": ..., "signature": ...}}, and may
    hold the issuer's name and the signatory's title in each ("issuer", "signatory"), else the
    certificate's are printed."""
    _register_fonts()
    buffer = BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        initialFontName=REGULAR,  # else ReportLab puts Helvetica on every page
        lang=SOURCE_LOCALE,
    )
    canvas.setTitle(f"{labels[SOURCE_LOCALE]['title']}: {data.holder_latin_name}")
    canvas.setAuthor(data.issuer)
    canvas.setSubject(data.course_title[SOURCE_LOCALE])
    canvas.setCreator("elearn")
    _draw_border(canvas)
    _draw_blocks(canvas, _heading(data, labels), CONTENT_LEFT, HEADING_TOP, CONTENT_WIDTH)
    _draw_details(canvas, _details(data, labels))
    _draw_signature(canvas, data, labels)
    _draw_verification(canvas, data, labels)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@cache
def _register_fonts() -> None:
    for name in (REGULAR, BOLD):
        registerFont(TTFont(name, str(FONT_DIR / f"{name}.ttf")))


def _locales(data: CertificateData) -> list[str]:
    """English, then the holder's locale unless it is English too."""
    return _distinct([SOURCE_LOCALE, data.holder_locale])


def _distinct(texts: Iterable[str]) -> list[str]:
    """The texts in order, each once."""
    return list(dict.fromkeys(texts))


def _label(data: CertificateData, labels: dict[str, dict[str, str]], key: str) -> str:
    """A fixed word in English and in the holder's language, e.g. "Hours · Ore"."""
    return SEPARATOR.join(_distinct(labels[locale][key] for locale in _locales(data)))


def _date(data: CertificateData, day: date) -> str:
    """``day`` in the long format of English and of the holder's locale."""
    return SEPARATOR.join(
        _distinct(format_date(day, format="long", locale=locale) for locale in _locales(data))
    )


def _number(data: CertificateData, value: float) -> str:
    """``value`` (at most two decimals) as each locale writes it: 12.5 -> "12.5 · 12,5"."""
    return SEPARATOR.join(
        _distinct(format_decimal(round(value, 2), locale=locale) for locale in _locales(data))
    )


def _percent(data: CertificateData, value: float) -> str:
    """A percentage as each locale writes it: 87.25 -> "87.25% · 87,25 %" (with a no-break
    space where the locale puts one)."""
    fraction = round(value, 2) / 100
    return SEPARATOR.join(
        _distinct(
            format_percent(fraction, locale=locale, decimal_quantization=False)
            for locale in _locales(data)
        )
    )


def _issuer_text(data: CertificateData, labels: dict[str, dict[str, str]], key: str) -> str:
    """The issuer or signatory in each locale, when ``labels`` has them, e.g. "X · Y"."""
    stated = data.issuer if key == "issuer" else data.signatory
    return SEPARATOR.join(_distinct(labels[locale].get(key, stated) for locale in _locales(data)))


def _styled(texts: Sequence[str], *styles: Style) -> list[Block]:
    """The first text in the first style, the second in the second, and so on."""
    return [Block(text, style) for text, style in zip(texts, styles, strict=False)]


def _heading(data: CertificateData, labels: dict[str, dict[str, str]]) -> list[Block]:
    """The centred texts from the top of the page: issuer, title, holder, course."""
    locales = _locales(data)
    titles = _distinct(labels[locale]["title"] for locale in locales)
    names = _distinct([data.holder_name, data.holder_latin_name])
    courses = _distinct(data.course_title[locale] for locale in locales)
    return [
        Block(_issuer_text(data, labels, "issuer"), Style(BOLD, 12, MUTED, max_lines=2)),
        *_styled(
            titles,
            Style(BOLD, 28, space_before=12),
            Style(REGULAR, 17, space_before=2),
        ),
        *_styled(
            names,
            Style(BOLD, 30, max_lines=2, space_before=16),
            Style(BOLD, 20, MUTED, max_lines=2, space_before=2),
        ),
        Block(_label(data, labels, "completed"), Style(REGULAR, 12, MUTED, space_before=10)),
        *_styled(
            courses,
            Style(BOLD, 18, max_lines=2, space_before=6),
            Style(REGULAR, 14, max_lines=2, space_before=2),
        ),
    ]


def _details(data: CertificateData, labels: dict[str, dict[str, str]]) -> list[tuple[str, str]]:
    """(label, value) rows: hours, score, issue and expiry dates, serial."""
    rows = [(_label(data, labels, "hours"), _number(data, data.hours))]
    if data.score is not None:
        rows.append((_label(data, labels, "score"), _percent(data, data.score)))
    rows.append((_label(data, labels, "issued"), _date(data, data.issued_on)))
    if data.expires_on is not None:
        rows.append((_label(data, labels, "expires"), _date(data, data.expires_on)))
    rows.append((_label(data, labels, "serial"), data.serial))
    return rows


def _fit(text: str, style: Style, width: float) -> tuple[list[str], float]:
    """``text`` broken into lines no wider than ``width`` and at most ``style.max_lines`` of
    them, and the font size that takes: the style's, shrunk as far as needed (and allowed)."""
    size = style.size
    while True:
        lines = simpleSplit(text, style.font, size, width)
        fits = len(lines) <= style.max_lines and all(
            stringWidth(line, style.font, size) <= width for line in lines
        )
        if fits or size <= style.size * SMALLEST_SCALE:
            return lines, size
        size -= 0.5


def _draw_blocks(
    canvas: Canvas,
    blocks: Iterable[Block],
    left: float,
    top: float,
    width: float,
    align: str = "centre",
) -> None:
    """Draws the blocks one below the other from ``top``, each wrapped to ``width`` and aligned
    "left", "centre" or "right"."""
    draw, x = {
        "left": (canvas.drawString, left),
        "centre": (canvas.drawCentredString, left + width / 2),
        "right": (canvas.drawRightString, left + width),
    }[align]
    y = top
    for text, style in blocks:
        lines, size = _fit(text, style, width)
        canvas.setFont(style.font, size)
        canvas.setFillColor(style.color)
        y -= style.space_before
        for line in lines:
            draw(x, y - size, line)
            y -= size * LEADING


def _draw_border(canvas: Canvas) -> None:
    """A heavy outer line and a thin inner one."""
    canvas.setStrokeColor(ACCENT)
    for inset, line_width in ((BORDER_INSET, 2.5), (BORDER_INSET + 6, 0.75)):
        canvas.setLineWidth(line_width)
        canvas.rect(inset, inset, PAGE_WIDTH - 2 * inset, PAGE_HEIGHT - 2 * inset)


def _draw_details(canvas: Canvas, rows: Iterable[tuple[str, str]]) -> None:
    """The (label, value) rows down the bottom left."""
    blocks = []
    for label, value in rows:
        blocks.append(Block(label, Style(REGULAR, 8, MUTED, space_before=5)))
        blocks.append(Block(value, Style(BOLD, 10.5)))
    _draw_blocks(canvas, blocks, CONTENT_LEFT, FOOTER_TOP, DETAILS_WIDTH, align="left")


def _draw_signature(
    canvas: Canvas, data: CertificateData, labels: dict[str, dict[str, str]]
) -> None:
    """A line to sign over in the bottom middle, with the signatory and the issuer below it."""
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.75)
    line_end = SIGNATURE_LEFT + SIGNATURE_WIDTH - 20
    canvas.line(SIGNATURE_LEFT + 20, SIGNATURE_LINE_Y, line_end, SIGNATURE_LINE_Y)
    blocks = [
        Block(_label(data, labels, "signature"), Style(REGULAR, 8, MUTED)),
        Block(
            _issuer_text(data, labels, "signatory"), Style(BOLD, 10, max_lines=2, space_before=2)
        ),
        Block(_issuer_text(data, labels, "issuer"), Style(REGULAR, 9, MUTED, max_lines=2)),
    ]
    _draw_blocks(canvas, blocks, SIGNATURE_LEFT, SIGNATURE_LINE_Y - 4, SIGNATURE_WIDTH)


def _draw_verification(
    canvas: Canvas, data: CertificateData, labels: dict[str, dict[str, str]]
) -> None:
    """The QR code of the verification page in the bottom right, "Verify: <url>" below it."""
    _draw_qr(canvas, data.verify_url, CONTENT_RIGHT - QR_WIDTH, QR_BOTTOM)
    caption = f"{_label(data, labels, 'verify')}: {data.verify_url}"
    blocks = [Block(caption, Style(REGULAR, 7.5, MUTED))]
    _draw_blocks(canvas, blocks, CONTENT_LEFT, QR_BOTTOM - 6, CONTENT_WIDTH, align="right")


def _draw_qr(canvas: Canvas, url: str, left: float, bottom: float) -> None:
    """The QR code of ``url`` (error correction M), QR_WIDTH wide, as one vector path."""
    rows = list(segno.make(url, error="m", micro=False, boost_error=False).matrix_iter(border=0))
    module = QR_WIDTH / len(rows)
    path = canvas.beginPath()
    for row_index, row in enumerate(rows):
        y = bottom + (len(rows) - 1 - row_index) * module
        for start, length in _dark_runs(row):
            path.rect(left + start * module, y, length * module, module)
    canvas.setFillColor(black)
    canvas.drawPath(path, stroke=0, fill=1)


def _dark_runs(row: Iterable[int]) -> Iterator[tuple[int, int]]:
    """(start, length) of each run of dark modules in a row of the QR matrix."""
    start = 0
    for dark, group in groupby(row, key=bool):
        length = len(list(group))
        if dark:
            yield start, length
        start += length
