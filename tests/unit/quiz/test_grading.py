"""Grading: locale-aware normalising, number parsing, and scoring every question type against
answer keys built from real quiz text, the way a course import builds them."""

from pathlib import Path

import pytest

from elearn.content.answer_keys import answer_key
from elearn.content.importer import question_text
from elearn.content.question_types.typed import normalise, parse_number
from elearn.content.quiz_syntax import parse
from elearn.content.source import Problems
from elearn.quiz.grading import ResponseError, score

LOCALES = ["en", "hy", "az", "ka", "ro", "uk"]
PATH = Path("check.quiz.md")

SOURCE = """\
## single address-reuse
Why does address reuse help an investigator?

- [x] linkable: It links many payments to one owner.
- [ ] private: It hides the owner's identity.
- [ ] fees: It lowers transaction fees.

## truefalse seed-phrase
A seed phrase found at a search scene gives access to the wallet's funds on any device.

- [x] true: True
- [ ] false: False

## multiple mixer-indicators {points=2}
Which of these indicate the use of a mixing service? Select all that apply.

- [x] equal-outputs: Many outputs of identical value
- [x] timing: Funds return after a delay, split into round amounts
- [ ] exchange: A single deposit to a regulated exchange

## multiple laundering-flags {points=2}
Which of these are red flags of money laundering?

- [50%] structuring: Cash deposits just under the reporting threshold
- [50%] shell: Payments routed through shell companies
- [-25%] salary: A monthly salary from a registered employer
- [-50%] pension: A state pension

## shortanswer search-name
What is the investigative action of examining premises for evidence called?

- [100%] search: search
- [50%] inspection: inspection

## shortanswer memory-name
Which part of a hardware wallet holds its keys?

- [100%] memory: memory

## numerical confirmations
How many confirmations do most exchanges wait for before crediting a Bitcoin deposit?

- [x] typical: 3..6
- [50%] one: 1

## numerical fee-share
What share of the amount, in percent, did the mixer keep as its fee?

- [x] share: 0.3 ± 0.1

## numerical seized-cash
How many euros in cash were seized?

- [x] amount: 1234.5

## numerical balance-change
By how many BTC did the wallet's balance change after the transfer?

- [x] change: -12.5 ± 0.5

## matching terms
Match each term to its meaning.

- utxo: UTXO -> An unspent output that can be spent later
- xpub: xpub -> A key that derives all addresses of a wallet
- cold: Cold wallet -> Keys kept offline

## ordering seizure-steps
Put the steps of a cryptocurrency seizure in order.

1. document: Document the wallet and its balance
2. transfer: Transfer funds to a wallet controlled by the authority
3. confirm: Confirm the transaction on the ledger

## essay chain-of-custody
Describe how you would record the chain of custody for a hardware wallet.

## description case-intro
The next three questions refer to the following case.
"""

# The short-answer questions of each translation: same ids, translated accepted answers.
TRANSLATIONS = {
    "en": SOURCE,
    "az": """\
## shortanswer search-name
Sübut tapmaq üçün binaya baxılması hansı istintaq hərəkətidir?

- [100%] search: Axtarış
- [50%] inspection: baxış

## shortanswer memory-name
Aparat pul kisəsinin açarları hansı hissədə saxlanılır?

- [100%] memory: yaddaş
""",
    "ro": """\
## shortanswer search-name
Cum se numește activitatea de cercetare a unei locuințe în căutarea probelor?

- [100%] search: percheziție
- [50%] inspection: cercetare la fața locului

## shortanswer memory-name
În ce parte a unui portofel hardware sunt păstrate cheile?

- [100%] memory: memorie
""",
    "uk": """\
## shortanswer search-name
Як називається слідча дія огляду приміщення з метою пошуку доказів?

- [100%] search: обшук
- [50%] inspection: огляд

## shortanswer memory-name
У якій частині апаратного гаманця зберігаються ключі?

- [100%] memory: пам'ять
""",
    "ka": """\
## shortanswer search-name
რა ჰქვია საგამოძიებო მოქმედებას, როცა შენობას მტკიცებულებების მოსაძებნად ამოწმებენ?

- [100%] search: ჩხრეკა
- [50%] inspection: დათვალიერება

## shortanswer memory-name
აპარატული საფულის რომელ ნაწილში ინახება გასაღებები?

- [100%] memory: მეხსიერება
""",
    "hy": """\
## shortanswer search-name
Ինչպե՞ս է կոչվում ապացույցներ գտնելու նպատակով տարածքի զննման քննչական գործողությունը։

- [100%] search: խուզարկություն
- [50%] inspection: զննություն

## shortanswer memory-name
Ապարատային դրամապանակի ո՞ր մասում են պահվում բանալիները։

- [100%] memory: հիշողություն
""",
}


def parse_quiz(body: str) -> list:
    problems = Problems()
    questions = parse(body, PATH, 1, problems)
    assert [str(problem) for problem in problems] == []
    return questions


def build_keys(body: str) -> dict[str, tuple[str, dict]]:
    """{question id: (type, answer key)}, built as a course import builds them."""
    problems = Problems()
    keys = {q.id: (q.type, answer_key(q, PATH, problems)) for q in parse_quiz(body)}
    assert [str(problem) for problem in problems] == []
    return keys


def build_texts(body: str) -> dict[str, dict]:
    """{question id: texts of one locale}, stored as a course import stores them."""
    return {q.id: question_text(q) for q in parse_quiz(body)}


KEYS = build_keys(SOURCE)
TEXTS = {locale: build_texts(body) for locale, body in TRANSLATIONS.items()}


def grade(question_id: str, response, locale: str = "en", **options) -> float | None:
    question_type, key = KEYS[question_id]
    texts = TEXTS[locale].get(question_id)
    return score(question_type, key, response, texts=texts, locale=locale, **options)


# normalise


@pytest.mark.parametrize(
    "text, locale, expected",
    [
        ("  Chain   of\tcustody\n", "en", "chain of custody"),
        ("Transaction\u00a0hash", "en", "transaction hash"),
        ("Cafe\u0301", "en", "café"),
        ("Straße", "en", "strasse"),
        ("IRAQ", "en", "iraq"),
        ("İstintaq", "az", "istintaq"),
        ("İSTİNTAQ", "az", "istintaq"),
        ("I\u0307stintaq", "az", "istintaq"),
        ("IRAQ", "az", "ıraq"),
        ("AXTARIŞ", "az", "axtarış"),
        ("Şəki", "az", "şəki"),
        ("percheziţie", "ro", "percheziție"),
        ("ŞEDINŢĂ", "ro", "ședință"),
        ("s\u0327edint\u0327a\u0306", "ro", "ședință"),
        ("Ședință", "ro", "ședință"),
        ("ОБШУК  житла", "uk", "обшук житла"),
        ("ჩხრეკა", "ka", "ჩხრეკა"),
        ("  შინაგან   საქმეთა სამინისტრო ", "ka", "შინაგან საქმეთა სამინისტრო"),
        ("ᲩᲮᲠᲔᲙᲐ", "ka", "ჩხრეკა"),
        ("Խուզարկություն", "hy", "խուզարկություն"),
        ("   ", "uk", ""),
    ],
)
def test_normalise(text, locale, expected):
    assert normalise(text, locale) == expected


@pytest.mark.parametrize(
    "typed, accepted, locale, same",
    [
        ("İstintaq", "istintaq", "az", True),
        ("ISTINTAQ", "istintaq", "az", False),
        ("IRAQ", "ıraq", "az", True),
        ("IRAQ", "iraq", "az", False),
        ("IRAQ", "iraq", "en", True),
        ("PERCHEZIŢIE", "percheziție", "ro", True),
        ("percheziţie", "percheziție", "az", False),
        ("perchezitie", "percheziție", "ro", False),
        ("пам'ять", "памʼять", "uk", True),
        ("пам’ять", "памʼять", "uk", True),
        ("пам`ять", "пам'ять", "uk", True),
        ("Об’єкт", "об'єкт", "uk", True),
        ("память", "пам'ять", "uk", False),
    ],
)
def test_normalise_matches_by_the_rules_of_the_locale(typed, accepted, locale, same):
    assert (normalise(typed, locale) == normalise(accepted, locale)) is same


@pytest.mark.parametrize(
    "text",
    ["ჩხრეკა", "საქართველოს შინაგან საქმეთა სამინისტრო", "ᲒᲐᲛᲝᲫᲘᲔᲑᲐ", "მეხსიერება"],
)
@pytest.mark.parametrize("ignore_diacritics", [False, True])
def test_georgian_is_never_written_in_mtavruli(text, ignore_diacritics):
    result = normalise(text, "ka", ignore_diacritics=ignore_diacritics)
    assert not any("\u1c90" <= char <= "\u1cbf" for char in result)
    assert result == text.casefold()


@pytest.mark.parametrize(
    "text, locale, expected",
    [
        ("percheziție", "ro", "perchezitie"),
        ("Învinuit", "ro", "invinuit"),
        ("café", "en", "cafe"),
        ("İstintaq", "az", "istintaq"),
        ("Axtarış", "az", "axtarıs"),  # the dotless ı is a letter, not a dotted i
        ("ჩხრეკა", "ka", "ჩხრეკა"),
        ("ԽՈՒԶԱՐԿՈՒԹՅՈՒՆ", "hy", "խուզարկություն"),
        ("Ինչպե՞ս", "hy", "ինչպե՞ս"),
    ],
)
def test_normalise_can_ignore_diacritics(text, locale, expected):
    assert normalise(text, locale, ignore_diacritics=True) == expected


# parse_number


@pytest.mark.parametrize(
    "text, expected",
    [
        ("3.5", 3.5),
        ("3,5", 3.5),
        ("  3,5 ", 3.5),
        ("42", 42.0),
        ("0", 0.0),
        ("1.234", 1.234),
        ("1 234", 1234.0),
        ("1\u00a0234,5", 1234.5),
        ("1\u202f234\u202f567", 1234567.0),
        ("12 345.25", 12345.25),
        ("1.234,5", 1234.5),
        ("1.234.567,89", 1234567.89),
        ("-2,5", -2.5),
        ("\u22122,5", -2.5),
        ("\u22121 234,5", -1234.5),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "three",
        "3,5,1",
        "1,234.5",
        "1.234.567",
        "1 234.567,8",
        "12 34",
        "1 2345",
        "3.",
        ",5",
        "+3",
        "--3",
        "- 3",
        "1e3",
        "inf",
        "nan",
        "٣",
        "3 BTC",
    ],
)
def test_parse_number_refuses_anything_else(text):
    assert parse_number(text) is None


# score: choices


@pytest.mark.parametrize(
    "question_id, response, locale, expected",
    [
        ("address-reuse", "linkable", "en", 1.0),
        ("address-reuse", "linkable", "uk", 1.0),
        ("address-reuse", "private", "en", 0.0),
        ("seed-phrase", "true", "ka", 1.0),
        ("seed-phrase", "false", "en", 0.0),
    ],
)
def test_single_and_truefalse_are_all_or_nothing(question_id, response, locale, expected):
    assert grade(question_id, response, locale) == expected


@pytest.mark.parametrize(
    "question_id, response, expected",
    [
        ("mixer-indicators", ["equal-outputs", "timing"], 1.0),
        ("mixer-indicators", ["timing"], 0.5),
        ("mixer-indicators", {"equal-outputs"}, 0.5),
        ("mixer-indicators", ("timing", "equal-outputs", "exchange"), 0.0),
        ("mixer-indicators", ["exchange"], 0.0),
        ("mixer-indicators", ["timing", "timing"], 0.5),
        ("laundering-flags", ["structuring", "shell"], 1.0),
        ("laundering-flags", ["structuring", "shell", "salary"], 0.75),
        ("laundering-flags", ["structuring", "salary"], 0.25),
        ("laundering-flags", ["structuring", "pension"], 0.0),
        ("laundering-flags", ["salary", "pension"], 0.0),
        ("laundering-flags", ["structuring", "structuring"], 0.5),
    ],
)
def test_multiple_sums_fractions_never_below_zero(question_id, response, expected):
    assert grade(question_id, response) == pytest.approx(expected)


# score: short answers


@pytest.mark.parametrize(
    "locale, question_id, typed, expected",
    [
        ("en", "search-name", " Search ", 1.0),
        ("en", "search-name", "INSPECTION", 0.5),
        ("en", "search-name", "searching", 0.0),
        ("az", "search-name", "axtarış", 1.0),
        ("az", "search-name", "AXTARIŞ", 1.0),
        ("az", "search-name", "AXTARİŞ", 0.0),
        ("az", "search-name", "Baxış", 0.5),
        ("az", "memory-name", "YADDAŞ", 1.0),
        ("ro", "search-name", "PERCHEZIŢIE", 1.0),
        ("ro", "search-name", "percheziţie", 1.0),
        ("ro", "search-name", "perchezitie", 0.0),
        ("ro", "search-name", "Cercetare  la faţa locului", 0.5),
        ("uk", "search-name", "ОБШУК", 1.0),
        ("uk", "memory-name", "пам’ять", 1.0),
        ("uk", "memory-name", "памʼять", 1.0),
        ("uk", "memory-name", "пам'ять", 1.0),
        ("uk", "memory-name", "пам`ять", 1.0),
        ("uk", "memory-name", "память", 0.0),
        ("uk", "search-name", "search", 0.0),
        ("ka", "search-name", "ჩხრეკა", 1.0),
        ("ka", "search-name", "ᲩᲮᲠᲔᲙᲐ", 1.0),
        ("ka", "search-name", "  დათვალიერება ", 0.5),
        ("ka", "memory-name", "მეხსიერება", 1.0),
        ("hy", "search-name", "Խուզարկություն", 1.0),
        ("hy", "search-name", "Զննություն", 0.5),
        ("hy", "memory-name", "հիշողություն", 1.0),
    ],
)
def test_shortanswer_compares_with_the_accepted_answers_of_the_locale(
    locale, question_id, typed, expected
):
    assert grade(question_id, typed, locale) == expected


@pytest.mark.parametrize(
    "locale, typed, expected",
    [
        ("ro", "perchezitie", 1.0),
        ("ro", "cercetare la fata locului", 0.5),
        ("az", "axtarıs", 1.0),
        ("az", "axtaris", 0.0),
        ("hy", "ԽՈՒԶԱՐԿՈՒԹՅՈՒՆ", 1.0),
        ("ka", "ჩხრეკა", 1.0),
    ],
)
def test_shortanswer_can_ignore_diacritics(locale, typed, expected):
    assert grade("search-name", typed, locale, ignore_diacritics=True) == expected


@pytest.mark.parametrize("ignore_diacritics, expected", [(False, 0.5), (True, 1.0)])
def test_shortanswer_best_fraction_wins(ignore_diacritics, expected):
    question = "## shortanswer search-name\nName it.\n\n- [100%] exact: {}\n- [50%] plain: {}\n"
    question_type, key = build_keys(question.format("search", "search"))["search-name"]
    romanian = build_texts(question.format("percheziție", "perchezitie"))["search-name"]
    assert (
        score(
            question_type,
            key,
            "perchezitie",
            texts=romanian,
            locale="ro",
            ignore_diacritics=ignore_diacritics,
        )
        == expected
    )


def test_shortanswer_needs_the_texts_of_the_locale():
    question_type, key = KEYS["search-name"]
    with pytest.raises(ValueError) as error:
        score(question_type, key, "search")
    assert not isinstance(error.value, ResponseError)


# score: numbers


@pytest.mark.parametrize(
    "question_id, typed, expected",
    [
        ("confirmations", "3", 1.0),
        ("confirmations", "6", 1.0),
        ("confirmations", "4,5", 1.0),
        ("confirmations", "  5 ", 1.0),
        ("confirmations", "6.5", 0.0),
        ("confirmations", "1", 0.5),
        ("confirmations", "1,0", 0.5),
        ("confirmations", "2", 0.0),
        ("confirmations", "three", 0.0),
        ("fee-share", "0,4", 1.0),
        ("fee-share", "0.2", 1.0),
        ("fee-share", "0,41", 0.0),
        ("seized-cash", "1.234,5", 1.0),
        ("seized-cash", "1 234,5", 1.0),
        ("seized-cash", "1\u00a0234,5", 1.0),
        ("seized-cash", "1\u202f234,5", 1.0),
        ("seized-cash", "1234.5", 1.0),
        ("seized-cash", "1.234", 0.0),
        ("seized-cash", "1,234.5", 0.0),
        ("balance-change", "\u221212,5", 1.0),
        ("balance-change", "-12.9", 1.0),
        ("balance-change", "-13,01", 0.0),
        ("balance-change", "12,5", 0.0),
    ],
)
def test_numerical_accepts_values_within_tolerance(question_id, typed, expected):
    assert grade(question_id, typed) == expected


def test_numerical_best_fraction_wins():
    source = "## numerical confirmations\nHow many?\n\n- [50%] near: 2..7\n- [x] typical: 3..6\n"
    question_type, key = build_keys(source)["confirmations"]
    assert score(question_type, key, "4") == 1.0
    assert score(question_type, key, "7") == 0.5


# score: matching and ordering


@pytest.mark.parametrize(
    "response, expected",
    [
        ({"utxo": "utxo", "xpub": "xpub", "cold": "cold"}, 1.0),
        ({"utxo": "utxo", "xpub": "cold", "cold": "xpub"}, 1 / 3),
        ({"utxo": "utxo", "cold": "cold"}, 2 / 3),
        ({"utxo": "utxo", "xpub": "utxo", "cold": "utxo"}, 1 / 3),
        ({"utxo": "xpub", "xpub": "cold", "cold": "utxo"}, 0.0),
    ],
)
def test_matching_gives_credit_per_pair(response, expected):
    assert grade("terms", response) == pytest.approx(expected)


@pytest.mark.parametrize(
    "response, expected",
    [
        (["document", "transfer", "confirm"], 1.0),
        (("document", "transfer", "confirm"), 1.0),
        (["document", "confirm", "transfer"], 1 / 3),
        (["confirm", "transfer", "document"], 1 / 3),
        (["transfer", "confirm", "document"], 0.0),
    ],
)
def test_ordering_gives_credit_per_item_in_place(response, expected):
    assert grade("seizure-steps", response) == pytest.approx(expected)


# score: empty, ungraded, tampered


@pytest.mark.parametrize(
    "question_id, response",
    [
        ("address-reuse", None),
        ("address-reuse", ""),
        ("seed-phrase", None),
        ("mixer-indicators", None),
        ("mixer-indicators", []),
        ("search-name", None),
        ("search-name", ""),
        ("search-name", " \u00a0 "),
        ("confirmations", ""),
        ("confirmations", "   "),
        ("terms", None),
        ("terms", {}),
        ("seizure-steps", None),
        ("seizure-steps", []),
    ],
)
def test_an_empty_response_scores_zero(question_id, response):
    assert grade(question_id, response, "uk") == 0.0


@pytest.mark.parametrize(
    "question_id, response",
    [
        ("chain-of-custody", "I would seal the wallet in an evidence bag and log every handover."),
        ("chain-of-custody", None),
        ("case-intro", None),
        ("case-intro", "anything"),
    ],
)
def test_essay_and_description_are_not_scored(question_id, response):
    assert grade(question_id, response) is None


@pytest.mark.parametrize(
    "question_id, response",
    [
        ("address-reuse", "bribe"),
        ("address-reuse", "LINKABLE"),
        ("address-reuse", "It links many payments to one owner."),
        ("address-reuse", ["linkable"]),
        ("address-reuse", 1),
        ("seed-phrase", "True"),
        ("seed-phrase", True),
        ("mixer-indicators", "timing"),
        ("mixer-indicators", {"timing": True}),
        ("mixer-indicators", ["timing", "bribe"]),
        ("mixer-indicators", [None]),
        ("search-name", ["search"]),
        ("confirmations", 4),
        ("terms", [("utxo", "utxo")]),
        ("terms", {"utxo": "hot"}),
        ("terms", {"hot": "utxo"}),
        ("terms", {"utxo": None}),
        ("seizure-steps", "document"),
        ("seizure-steps", ["document", "transfer", "bribe"]),
        ("seizure-steps", ["document", "document", "transfer"]),
        ("seizure-steps", ["document", "transfer"]),
        ("seizure-steps", ["document", "transfer", "confirm", "confirm"]),
    ],
)
def test_a_tampered_response_is_refused(question_id, response):
    with pytest.raises(ResponseError):
        grade(question_id, response)


def test_a_refused_response_is_a_value_error():
    assert issubclass(ResponseError, ValueError)


def test_an_unknown_question_type_is_a_programming_error():
    with pytest.raises(ValueError) as error:
        score("poll", {}, "yes")
    assert not isinstance(error.value, ResponseError)
