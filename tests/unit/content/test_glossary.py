"""The translators' glossary: every problem of a file as file:line: message, the import that
replaces one language's terms (or, with a problem anywhere, changes nothing), the lookup of the
terms an English text uses, and the bundled glossaries themselves."""

import re

import pytest
from click.testing import CliRunner
from flask_babel import force_locale
from sqlalchemy import select

from elearn.config import PROJECT_ROOT
from elearn.content import cli
from elearn.content.glossary import (
    GlossarySource,
    TermSource,
    load_glossaries,
    mentions,
    replace_glossary,
    terms_in,
)
from elearn.content.models import Course, GlossaryTerm
from elearn.extensions import db
from elearn.i18n import TRANSLATED_LOCALES
from tests.course_files import write_course

BUNDLED = PROJECT_ROOT / "courses" / "_glossary"


def problems_of(tmp_path, text: str, name: str = "ka.yml") -> list[str]:
    folder = tmp_path / "_glossary"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    glossaries, problems = load_glossaries(folder)
    assert glossaries == [] or not problems
    return [str(problem).removeprefix(f"{folder / name}:") for problem in problems]


NOT_A_LIST = "1: a glossary file is a list of terms, each with 'en' and 'ka'"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- en: [wallet\n  ka: საფულე\n", "2: invalid YAML"),
        ("en: wallet\nka: საფულე\n", NOT_A_LIST),
        ("[]\n", NOT_A_LIST),
        ("- wallet\n", "1: each term is a mapping with 'en', 'ka' and optionally 'note'"),
        (
            "- en: wallet\n  ka: საფულე\n  hy: դրամապանակ\n",
            "3: unknown key 'hy' (allowed: en, ka, note)",
        ),
        ("- en: wallet\n  ka: საფულე\n- ka: მიქსერი\n", "3: 'en' is required"),
        ("- en: wallet\n  ka: '  '\n", "2: 'ka' is required"),
        ("- en: wallet\n  ka: [საფულე]\n", "2: 'ka' must be text"),
        ("- en: wallet\n  ka: true\n", "2: 'ka' must be text"),
        ("- en: wallet\n  en: mixer\n  ka: საფულე\n", "2: 'en' is given twice in this term"),
        (
            "- en: Seed phrase\n  ka: სიდ-ფრაზა\n\n- en: seed  phrase\n  ka: ფრაზა\n",
            "4: 'seed phrase' is already in the glossary (line 1)",
        ),
        ("- en: wallet\n  ka: საფულე\n  note: " + "x" * 501 + "\n", "3: 'note' is longer than 500"),
    ],
)
def test_problems_name_file_and_line(tmp_path, text, expected):
    problems = problems_of(tmp_path, text)
    assert len(problems) == 1
    assert problems[0].startswith(expected)


@pytest.mark.parametrize("name", ["en.yml", "xx.yml"])
def test_a_file_is_named_after_a_translated_language(tmp_path, name):
    assert problems_of(tmp_path, "- en: wallet\n  ka: საფულე\n", name) == [
        f"1: unknown locale '{name[:2]}': a glossary file is named after its language "
        "(hy.yml, az.yml, ka.yml, ro.yml, uk.yml)"
    ]


def test_every_problem_is_reported_not_just_the_first(tmp_path):
    text = "- en: wallet\n  ka: საფულე\n- en: Wallet\n  ka: ''\n- en: mixer\n  ro: mixer\n"
    assert problems_of(tmp_path, text) == [
        "3: 'Wallet' is already in the glossary (line 1)",
        "4: 'ka' is required",
        "6: unknown key 'ro' (allowed: en, ka, note)",
        "5: 'ka' is required",
    ]


def test_problems_are_worded_in_the_language_of_the_request(app, tmp_path):
    with app.test_request_context(), force_locale("uk"):
        problems = problems_of(tmp_path, "- en: wallet\n  ka: საფულე\n- en: WALLET\n  ka: x\n")
    assert problems == ["3: термін 'WALLET' уже є в глосарії (рядок 1)"]


def glossary(locale: str, *terms: tuple[str, str]) -> GlossarySource:
    return GlossarySource(
        locale, tuple(TermSource(en, translation, None) for en, translation in terms)
    )


def test_terms_in_finds_whole_words_in_any_case_and_in_the_plural():
    replace_glossary(
        glossary(
            "ka",
            ("wallet", "საფულე"),
            ("shell company", "ფიქტიური კომპანია"),
            ("chain of custody", "მტკიცებულების შენახვის ჯაჭვი"),
            ("mixer", "მიქსერი"),
            ("seed phrase", "სიდ-ფრაზა"),
            ("FIU", "FIU"),
        )
    )
    replace_glossary(glossary("uk", ("exchange", "біржа")))
    text = (
        "Two WALLETS, three shell companies and a chain-of-custody form reached the FIU's "
        "analysts; the exchange kept the seed\nphrase. A mixerless route."
    )
    assert [term.term_en for term in terms_in(text, "ka")] == [
        "chain of custody",
        "FIU",
        "seed phrase",
        "shell company",
        "wallet",
    ]
    assert [term.translation for term in terms_in(text, "uk")] == ["біржа"]
    assert terms_in(text, "en") == []
    assert not mentions("walletconnect", "wallet")
    assert not mentions("a seed, a phrase", "seed phrase")


def test_replacing_a_glossary_leaves_the_other_languages():
    replace_glossary(glossary("ka", ("wallet", "საფულე"), ("mixer", "მიქსერი")))
    replace_glossary(glossary("uk", ("wallet", "гаманець")))
    replace_glossary(glossary("ka", ("Faraday bag", "ფარადეის ჩანთა")))
    db.session.commit()
    rows = db.session.execute(select(GlossaryTerm.locale, GlossaryTerm.term_en)).all()
    assert sorted(rows) == [("ka", "Faraday bag"), ("uk", "wallet")]


@pytest.fixture
def courses_root(tmp_path, monkeypatch):
    """A courses/ folder with the sample course and a glossary, which --all reads."""
    root = tmp_path / "courses"
    write_course(root)
    (root / "_glossary").mkdir()
    monkeypatch.setattr(cli, "BUNDLED", root)
    monkeypatch.setattr(cli, "GLOSSARY", root / "_glossary")
    return root


def glossary_rows() -> dict[str, list[tuple[str, str, str | None]]]:
    rows: dict[str, list] = {}
    for term in db.session.scalars(select(GlossaryTerm).order_by(GlossaryTerm.term_en)):
        rows.setdefault(term.locale, []).append((term.term_en, term.translation, term.note))
    return rows


def test_import_all_replaces_each_languages_glossary_and_a_broken_one_changes_nothing(
    app, courses_root
):
    ka, uk = courses_root / "_glossary" / "ka.yml", courses_root / "_glossary" / "uk.yml"
    ka.write_text("- en: wallet\n  ka: საფულე\n- en: mixer\n  ka: მიქსერი\n  note: N\n")
    uk.write_text("- en: wallet\n  uk: гаманець\n")
    runner = CliRunner()
    result = runner.invoke(app.cli, ["courses", "import", "--all"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "glossary ka: 2 terms" in result.output
    assert glossary_rows() == {
        "ka": [("mixer", "მიქსერი", "N"), ("wallet", "საფულე", None)],
        "uk": [("wallet", "гаманець", None)],
    }

    ka.write_text("- en: Faraday bag\n  ka: ფარადეის ჩანთა\n")
    assert runner.invoke(app.cli, ["courses", "import", "--all"]).exit_code == 0
    db.session.expire_all()
    assert glossary_rows() == {
        "ka": [("Faraday bag", "ფარადეის ჩანთა", None)],
        "uk": [("wallet", "гаманець", None)],
    }

    # A problem in one glossary: nothing is imported, neither glossary nor course.
    ka.write_text("- en: mixer\n  ka: მიქსერი\n- en: Mixer\n  ka: მიქსერი\n")
    uk.write_text("- en: exchange\n  uk: біржа\n")
    (courses_root / "sample-course" / "course.yml").write_text(
        (courses_root / "sample-course" / "course.yml").read_text().replace("Sample", "Renamed")
    )
    result = runner.invoke(app.cli, ["courses", "import", "--all"])
    assert result.exit_code == 1
    assert f"{ka}:3: 'Mixer' is already in the glossary (line 1)" in result.output
    assert "Nothing imported: 1 problem(s) found." in result.output
    db.session.expire_all()
    assert glossary_rows() == {
        "ka": [("Faraday bag", "ფარადეის ჩანთა", None)],
        "uk": [("wallet", "гаманець", None)],
    }
    assert db.session.scalar(select(Course)).title["en"] == "Sample course"


def test_validate_all_checks_the_glossary(app, courses_root):
    ka = courses_root / "_glossary" / "ka.yml"
    ka.write_text("- en: wallet\n  ka: საფულე\n")
    result = CliRunner().invoke(app.cli, ["courses", "validate", "--all"])
    assert result.exit_code == 0
    assert "glossary ka: valid (1 terms)" in result.output

    ka.write_text("- en: wallet\n")
    result = CliRunner().invoke(app.cli, ["courses", "validate", "--all"])
    assert result.exit_code == 1
    assert f"{ka}:1: 'ka' is required" in result.output


def test_naming_course_folders_leaves_the_glossary_alone(app, courses_root):
    (courses_root / "_glossary" / "ka.yml").write_text("- en: wallet\n")  # broken
    result = CliRunner().invoke(app.cli, ["courses", "import", str(courses_root / "sample-course")])
    assert result.exit_code == 0
    assert db.session.scalar(select(GlossaryTerm)) is None


# The bundled glossaries: valid, of the agreed size, in the right script, and only terms the
# bundled courses use.

SCRIPTS = {
    "hy": re.compile(r"[\u0531-\u0587]"),
    "az": re.compile(r"[a-zəğıöşüçİ]", re.IGNORECASE),
    "ka": re.compile(r"[\u10d0-\u10fa]"),
    "ro": re.compile(r"[a-zăâîșț]", re.IGNORECASE),
    "uk": re.compile(r"[\u0400-\u04ff]"),
}
KEPT_AS_WRITTEN = {"CoinJoin", "VASP", "FATF", "FIU"}  # names and abbreviations


def test_the_bundled_glossaries_are_valid_and_in_the_languages_script():
    glossaries, problems = load_glossaries(BUNDLED)
    assert [str(problem) for problem in problems] == []
    assert sorted(g.locale for g in glossaries) == sorted(TRANSLATED_LOCALES)
    for bundled in glossaries:
        assert 40 <= len(bundled.terms) <= 80, bundled.locale
        for term in bundled.terms:
            if term.en not in KEPT_AS_WRITTEN:
                assert SCRIPTS[bundled.locale].search(term.translation), (bundled.locale, term)
            assert not re.search(r"[\u1c90-\u1cbf]", term.translation)  # no Mtavruli
            if bundled.locale == "az":
                assert not re.search(r"[\u0400-\u04ffä]", term.translation), term
            if bundled.locale == "ro":
                assert not re.search(r"[şţŞŢ]", term.translation), term  # comma below, not cedilla


def test_the_bundled_glossaries_hold_terms_the_bundled_courses_use():
    english = "\n".join(
        path.read_text(encoding="utf-8")
        for path in (PROJECT_ROOT / "courses").rglob("*.md")
        if not re.search(r"\.(hy|az|ka|ro|uk)\.md$", path.name)
    )
    glossaries, _problems = load_glossaries(BUNDLED)
    unused = {
        (bundled.locale, term.en)
        for bundled in glossaries
        for term in bundled.terms
        if not mentions(english, term.en)
    }
    assert unused == set()
