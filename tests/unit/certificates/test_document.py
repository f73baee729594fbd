"""The certificate PDF: both languages, names and titles exactly as given, a QR code that scans
to the verification page, DejaVu fonts only."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from io import BytesIO

import pypdfium2 as pdfium
import pytest
import zxingcpp
from babel.dates import format_date
from pypdf import PdfReader

from elearn.certificates.data import CertificateData
from elearn.certificates.document import render_pdf

LABELS = {
    "en": {
        "title": "Certificate of completion",
        "completed": "has completed the course",
        "hours": "Hours",
        "score": "Score",
        "issued": "Issued",
        "expires": "Valid until",
        "serial": "Serial number",
        "verify": "Verify",
        "signature": "Signature",
    },
    "hy": {
        "title": "Դասընթացի ավարտի վկայական",
        "completed": "ավարտել է դասընթացը",
        "hours": "Ժամեր",
        "score": "Արդյունք",
        "issued": "Տրված է",
        "expires": "Վավեր է մինչև",
        "serial": "Սերիական համար",
        "verify": "Ստուգել",
        "signature": "Ստորագրություն",
    },
    "az": {
        "title": "Tamamlama sertifikatı",
        "completed": "kursu başa vurmuşdur",
        "hours": "Saat",
        "score": "Nəticə",
        "issued": "Verilmə tarixi",
        "expires": "Etibarlıdır",
        "serial": "Seriya nömrəsi",
        "verify": "Yoxlamaq",
        "signature": "İmza",
    },
    "ka": {
        "title": "კურსის დასრულების სერტიფიკატი",
        "completed": "დაასრულა კურსი",
        "hours": "საათი",
        "score": "შეფასება",
        "issued": "გაცემის თარიღი",
        "expires": "მოქმედებს",
        "serial": "სერიული ნომერი",
        "verify": "შემოწმება",
        "signature": "ხელმოწერა",
    },
    "ro": {
        "title": "Certificat de absolvire",
        "completed": "a absolvit cursul",
        "hours": "Ore",
        "score": "Punctaj",
        "issued": "Eliberat la",
        "expires": "Valabil până la",
        "serial": "Număr de serie",
        "verify": "Verificare",
        "signature": "Semnătura",
    },
    "uk": {
        "title": "Сертифікат про проходження курсу",
        "completed": "завершив(-ла) курс",
        "hours": "Години",
        "score": "Результат",
        "issued": "Видано",
        "expires": "Дійсний до",
        "serial": "Серійний номер",
        "verify": "Перевірити",
        "signature": "Підпис",
    },
}

ENGLISH_TITLE = "Tracing cryptocurrency in criminal investigations"


def certificate(locale: str, name: str, latin_name: str, title: str, serial: str):
    return CertificateData(
        serial=serial,
        holder_name=name,
        holder_latin_name=latin_name,
        holder_locale=locale,
        course_id="crypto-tracing",
        course_version=3,
        course_title={"en": ENGLISH_TITLE, locale: title},
        hours=24.0,
        score=92.5,
        issued_on=date(2026, 3, 12),
        expires_on=date(2029, 3, 12),
        issuer="EU Law-Enforcement Training Programme",
        signatory="Dr. Elena Popescu, Programme Director",
        verify_url=f"https://training.example.eu/certificates/verify/{serial}",
    )


SAMPLES = [
    certificate(
        "hy",
        "Անի Հակոբյան",
        "Ani Hakobyan",
        "Կրիպտոարժույթի հետագծումը քրեական հետաքննություններում",
        "TC-2026-7F3K-9QX2",
    ),
    certificate(
        "az",
        "Leyla Məmmədova",
        "Leyla Mammadova",
        "Cinayət araşdırmalarında kriptovalyutanın izlənməsi",
        "TC-2026-AZ4M-2LQ8",
    ),
    certificate(
        "ka",
        "გიორგი კაპანაძე",
        "Giorgi Kapanadze",
        "კრიპტოვალუტის კვალის დადგენა სისხლის სამართლის გამოძიებაში",
        "TC-2026-KA9P-7RT3",
    ),
    certificate(
        "ro",
        "Maria Ceban",
        "Maria Ceban",
        "Urmărirea și confiscarea criptomonedelor în investigațiile penale",
        "TC-2026-RO2V-5WN6",
    ),
    certificate(
        "uk",
        "Андрій Шевченко",
        "Andrii Shevchenko",
        "Відстеження криптовалют у кримінальних розслідуваннях",
        "TC-2026-UA8H-3JD1",
    ),
]
BY_LOCALE = {sample.holder_locale: sample for sample in SAMPLES}
ENGLISH = certificate("en", "John Smith", "John Smith", ENGLISH_TITLE, "TC-2026-EN1A-4BC7")

A4_LANDSCAPE = (842, 595)
INNER_BORDER = 24  # points from the page edge; no text may cross it
DPI = 200


def normalise(text: str) -> str:
    return " ".join(text.split())


def text_of(pdf: bytes) -> str:
    return normalise(PdfReader(BytesIO(pdf)).pages[0].extract_text())


@contextmanager
def first_page(pdf: bytes) -> Iterator[pdfium.PdfPage]:
    document = pdfium.PdfDocument(pdf)
    try:
        yield document[0]
    finally:
        document.close()


# 92.5 % as each locale writes it (CLDR; Romanian puts a no-break space before the sign)
SCORES = {
    "hy": "92.5% · 92,5%",
    "az": "92.5% · 92,5%",
    "ka": "92.5% · 92,5%",
    "ro": "92.5% · 92,5\xa0%",
    "uk": "92.5% · 92,5%",
}


@pytest.mark.parametrize("data", SAMPLES, ids=lambda data: data.holder_locale)
def test_prints_everything_in_both_languages(data):
    text = text_of(render_pdf(data, LABELS))
    expected = [
        data.issuer,
        LABELS["en"]["title"],
        LABELS[data.holder_locale]["title"],
        data.holder_name,
        data.holder_latin_name,
        LABELS["en"]["completed"],
        LABELS[data.holder_locale]["completed"],
        data.course_title["en"],
        data.course_title[data.holder_locale],
        "24",
        SCORES[data.holder_locale],
        data.serial,
        data.signatory,
        f"{LABELS['en']['verify']} · {LABELS[data.holder_locale]['verify']}: {data.verify_url}",
    ]
    for day in (data.issued_on, data.expires_on):
        for locale in ("en", data.holder_locale):
            expected.append(format_date(day, format="long", locale=locale))
    for snippet in expected:
        assert normalise(snippet) in text


def test_the_native_and_latin_names_differ_in_script():
    text = text_of(render_pdf(BY_LOCALE["az"], LABELS))
    assert "Leyla Məmmədova" in text and "Leyla Mammadova" in text


def test_georgian_is_not_turned_into_mtavruli():
    text = text_of(render_pdf(BY_LOCALE["ka"], LABELS))
    assert "გიორგი კაპანაძე" in text
    assert "ᲒᲘᲝᲠᲒᲘ" not in text


def test_an_english_holder_reads_each_text_once():
    text = text_of(render_pdf(ENGLISH, LABELS))
    assert text.count("Certificate of completion") == 1
    assert text.count("John Smith") == 1
    assert text.count(ENGLISH_TITLE) == 1
    assert text.count("March 12, 2026") == 1
    assert "Verify: https://training.example.eu/certificates/verify/" in text


def test_score_and_expiry_are_left_out_when_absent():
    data = replace(BY_LOCALE["ro"], score=None, expires_on=None)
    text = text_of(render_pdf(data, LABELS))
    assert "Punctaj" not in text and "Score" not in text
    assert "Valabil" not in text and "2029" not in text
    assert "12 martie 2026" in text


def test_hostile_names_print_literally():
    data = replace(BY_LOCALE["uk"], holder_name="<b>x</b> & Андрій", holder_latin_name="A & B")
    text = text_of(render_pdf(data, LABELS))
    assert "<b>x</b> & Андрій" in text
    assert "A & B" in text


def test_long_titles_wrap_inside_the_border():
    long_en = " ".join(["Cross-border cooperation in tracing and seizing virtual assets"] * 3)
    long_ka = " ".join(["კრიპტოვალუტის კვალის დადგენა სისხლის სამართლის გამოძიებაში"] * 3)
    data = replace(BY_LOCALE["ka"], course_title={"en": long_en, "ka": long_ka})
    pdf = render_pdf(data, LABELS)
    text = text_of(pdf)
    assert long_en in text and long_ka in text
    with first_page(pdf) as page:
        width, height = page.get_size()
        textpage = page.get_textpage()
        boxes = [textpage.get_charbox(index) for index in range(textpage.count_chars())]
    drawn = [box for box in boxes if box[2] > box[0]]
    assert len(drawn) > len(long_en) + len(long_ka)
    for left, bottom, right, top in drawn:
        assert INNER_BORDER < left < right < width - INNER_BORDER
        assert INNER_BORDER < bottom < top < height - INNER_BORDER


@pytest.mark.parametrize("data", [*SAMPLES, ENGLISH], ids=lambda data: data.holder_locale)
def test_page_is_a4_landscape(data):
    page = PdfReader(BytesIO(render_pdf(data, LABELS))).pages[0]
    size = (float(page.mediabox.width), float(page.mediabox.height))
    assert size == pytest.approx(A4_LANDSCAPE, abs=1)


@pytest.mark.parametrize("data", SAMPLES, ids=lambda data: data.holder_locale)
def test_qr_code_scans_to_the_verify_url(data):
    with first_page(render_pdf(data, LABELS)) as page:
        image = page.render(scale=DPI / 72).to_pil()
    barcodes = zxingcpp.read_barcodes(image)
    assert [(barcode.format, barcode.text) for barcode in barcodes] == [
        (zxingcpp.BarcodeFormat.QRCode, data.verify_url)
    ]
    assert barcodes[0].ec_level == "M"
    position = barcodes[0].position
    assert position.top_right.x - position.top_left.x >= 3.5 / 2.54 * DPI


def test_only_embedded_dejavu_fonts_are_used():
    page = PdfReader(BytesIO(render_pdf(BY_LOCALE["hy"], LABELS))).pages[0]
    fonts = [font.get_object() for font in page["/Resources"]["/Font"].values()]
    names = {font["/BaseFont"].split("+")[-1] for font in fonts}
    assert names == {"DejaVuSans", "DejaVuSans-Bold"}
    assert not any("Helvetica" in font["/BaseFont"] for font in fonts)
    assert all("/FontFile2" in font["/FontDescriptor"] for font in fonts)


def test_metadata_names_the_certificate_and_its_language():
    data = BY_LOCALE["hy"]
    reader = PdfReader(BytesIO(render_pdf(data, LABELS)))
    assert reader.metadata.title == "Certificate of completion: Ani Hakobyan"
    assert reader.metadata.author == data.issuer
    assert reader.metadata.subject == ENGLISH_TITLE
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_numbers_are_written_as_each_locale_writes_them():
    data = replace(BY_LOCALE["ro"], hours=12.5, score=87.25)

    text = text_of(render_pdf(data, LABELS))

    assert "12.5 · 12,5" in text
    assert "87.25% · 87,25 %" in text  # the no-break space is normalised to a space
    assert "87.25 %" not in text


def test_issuer_and_signatory_are_printed_in_each_language_given():
    data = BY_LOCALE["ro"]
    labels = {
        "en": {**LABELS["en"], "issuer": data.issuer, "signatory": data.signatory},
        "ro": {**LABELS["ro"], "issuer": "Programul UE de formare", "signatory": "Director"},
    }

    text = text_of(render_pdf(data, labels))

    assert f"{data.issuer} · Programul UE de formare" in text
    assert f"{data.signatory} · Director" in text
