"""Grading a trainee's response against a question's answer key (see elearn.content.answer_keys).

Pure functions: no Flask, no database. Grading is by id; only short answers compare typed text,
normalised by the rules of the trainee's locale."""

import re
import unicodedata
from functools import partial

# Applied before case folding. Azerbaijani folds I/İ the Turkic way; Romanian legacy cedilla
# letters are the comma-below ones; Ukrainian apostrophe variants are one letter.
LOCALE_LETTERS = {
    "az": str.maketrans({"İ": "i", "I": "ı"}),
    "ro": str.maketrans({"ş": "ș", "ţ": "ț", "Ş": "Ș", "Ţ": "Ț"}),
    "uk": str.maketrans({"’": "ʼ", "'": "ʼ", "`": "ʼ"}),
}

NUMBER = re.compile(
    r"""[-\u2212]?
    (?:
        [0-9]{1,3}(?:\.[0-9]{3})+,[0-9]+        # 1.234,5: dots group thousands only before a comma
      | (?:[0-9]{1,3}(?:[\x20\u00a0\u202f][0-9]{3})+|[0-9]+)(?:[.,][0-9]+)?
    )""",
    re.VERBOSE,
)
NUMBER_SPELLING = str.maketrans({"\u2212": "-", " ": None, "\u00a0": None, "\u202f": None})

# Float error, e.g. |0.4 - 0.3| > 0.1; scaled so that large values get the same relative slack.
EPSILON = 1e-9


class ResponseError(ValueError):
    """A response the question's form cannot produce (unknown id, wrong shape): refuse it."""


def normalise(text: str, locale: str, *, ignore_diacritics: bool = False) -> str:
    """The form of ``text`` that short answers are compared in, for ``locale``.

    NFC, white space stripped and collapsed, locale-correct case folding (Turkic I for ``az``,
    comma-below ș ț for ``ro``, one apostrophe for ``uk``; Georgian is only ever lower-cased).
    ``ignore_diacritics`` also drops combining marks."""
    text = unicodedata.normalize("NFC", text).translate(LOCALE_LETTERS.get(locale, {}))
    text = unicodedata.normalize("NFC", " ".join(text.casefold().split()))
    return _without_diacritics(text) if ignore_diacritics else text


def _without_diacritics(text: str) -> str:
    # Georgian and Armenian letters have no decomposition, so NFD leaves them whole.
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(char for char in decomposed if unicodedata.category(char) != "Mn")
    return unicodedata.normalize("NFC", kept)


def parse_number(text: str) -> float | None:
    """A typed number, or None when ``text`` is not one.

    Reads a decimal point or a decimal comma, thousands grouped by spaces (also no-break and
    narrow no-break) or, before a decimal comma, by dots; a leading ``-`` or ``−``. All six
    locales write numbers in one of these ways, so one reading serves every trainee."""
    text = text.strip()
    if not NUMBER.fullmatch(text):
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    return float(text.translate(NUMBER_SPELLING))


def score(
    question_type: str,
    answer_key: dict,
    response,
    *,
    texts: dict | None = None,
    locale: str = "en",
    ignore_diacritics: bool = False,
) -> float | None:
    """The fraction (0 to 1) of a question's points that ``response`` earns.

    Responses: a choice id for ``single``/``truefalse``; a list, tuple or set of choice ids for
    ``multiple``; the typed text for ``shortanswer`` and ``numerical``; ``{pair id: chosen pair
    id}`` for ``matching`` (unanswered pairs left out); every item id once, in the trainee's
    order, for ``ordering``. ``texts`` are the texts of the trainee's locale for this question
    (``{"answers": {id: {"text": ...}}}``), needed for ``shortanswer``. A missing or empty
    response scores 0.0; ``essay`` (graded by a trainer) and ``description`` return None.

    Raises ResponseError when the response cannot come from the question's form (an unknown id,
    a wrong shape): the caller should refuse it rather than record a score."""
    if question_type in ("essay", "description"):
        return None
    if response is None:
        return 0.0
    match question_type:
        case "single" | "truefalse":
            return _single(answer_key, response)
        case "multiple":
            return _multiple(answer_key, response)
        case "shortanswer":
            return _shortanswer(answer_key, response, texts, locale, ignore_diacritics)
        case "numerical":
            return _numerical(answer_key, response)
        case "matching":
            return _matching(answer_key, response)
        case "ordering":
            return _ordering(answer_key, response)
    raise ValueError(f"unknown question type '{question_type}'")


def _require_known(ids, known) -> None:
    unknown = [ident for ident in ids if not isinstance(ident, str) or ident not in known]
    if unknown:
        raise ResponseError(f"unknown ids in the response: {unknown!r}")


def _single(key: dict, response) -> float:
    if response == "":
        return 0.0
    fractions = {choice["id"]: choice["fraction"] for choice in key["choices"]}
    _require_known([response], fractions)
    return fractions[response]


def _multiple(key: dict, response) -> float:
    if not isinstance(response, list | tuple | set | frozenset):
        raise ResponseError("a multiple question takes a list of choice ids")
    fractions = {choice["id"]: choice["fraction"] for choice in key["choices"]}
    _require_known(response, fractions)
    # A set: choosing an id twice must not count it twice.
    return min(1.0, max(0.0, sum(fractions[ident] for ident in set(response))))


def _typed(response) -> str:
    if not isinstance(response, str):
        raise ResponseError("the answer to this question is typed text")
    return response


def _shortanswer(
    key: dict, response, texts: dict | None, locale: str, ignore_diacritics: bool
) -> float:
    fold = partial(normalise, locale=locale, ignore_diacritics=ignore_diacritics)
    typed = fold(_typed(response))
    if not typed:
        return 0.0
    if texts is None:
        raise ValueError("grading a short answer needs the texts of the trainee's locale")
    accepted = texts["answers"]
    return max(
        (a["fraction"] for a in key["answers"] if fold(accepted[a["id"]]["text"]) == typed),
        default=0.0,
    )


def _numerical(key: dict, response) -> float:
    number = parse_number(_typed(response))
    if number is None:
        return 0.0
    return max((a["fraction"] for a in key["answers"] if _within(number, a)), default=0.0)


def _within(number: float, answer: dict) -> bool:
    slack = answer["tolerance"] + EPSILON * max(1.0, abs(answer["value"]))
    return abs(number - answer["value"]) <= slack


def _matching(key: dict, response) -> float:
    if not isinstance(response, dict):
        raise ResponseError("a matching question takes {pair id: chosen pair id}")
    pairs = key["pairs"]
    _require_known(response.keys(), pairs)
    _require_known(response.values(), pairs)
    return sum(response.get(pair) == pair for pair in pairs) / len(pairs)


def _ordering(key: dict, response) -> float:
    if not isinstance(response, list | tuple):
        raise ResponseError("an ordering question takes a list of item ids")
    if not response:
        return 0.0
    order = key["order"]
    _require_known(response, order)
    if sorted(response) != sorted(order):
        raise ResponseError("an ordering response lists every item exactly once")
    return sum(given == right for given, right in zip(response, order, strict=True)) / len(order)
