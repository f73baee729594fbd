"""Question types as xAPI interaction activities (xAPI-Data 2.4.4.1.1, interaction components
and response patterns). Pure: from what the attempt showed and what the trainee answered.

The correct response pattern is included only when ``reveal`` is true, i.e. when the quiz's
review policy lets trainees see the answers: a statement must not tell an LRS user more than
the platform tells the trainee."""

from markupsafe import Markup

INTERACTION_TYPES = {
    "single": "choice",
    "multiple": "choice",
    "truefalse": "true-false",
    "shortanswer": "fill-in",
    "numerical": "numeric",
    "matching": "matching",
    "ordering": "sequencing",
    "essay": "long-fill-in",
}
SEPARATOR = "[,]"


def plain(html: str) -> str:
    """The text of an HTML fragment, whole (names are never cut)."""
    return " ".join(Markup(html).striptags().split())  # nosec B704  # only stripped to text


def definition(shown: dict, locale: str, *, reveal: bool) -> dict:
    """The ``definition`` entries of an interaction beyond its name and type."""
    kind = shown["type"]
    answers = shown["texts"]["answers"]
    body = {"interactionType": INTERACTION_TYPES[kind]}
    # Components in the order the trainee saw them: the key's order would give the answer away.
    if kind in ("single", "multiple", "ordering"):
        body["choices"] = _components(shown["order"], answers, locale)
    elif kind == "matching":
        body["source"] = _components(shown["order"], answers, locale)
        targets = _targets(shown)
        body["target"] = [
            {"id": targets[pair], "description": {locale: plain(answers[pair]["right"])}}
            for pair in sorted(targets, key=targets.get)
        ]
    if reveal and (pattern := _correct(shown)):
        body["correctResponsesPattern"] = pattern
    return body


def response(shown: dict, given) -> str:
    """The trainee's answer in the interaction type's response format."""
    kind = shown["type"]
    if kind == "multiple" or kind == "ordering":
        return SEPARATOR.join(given or [])
    if kind == "matching":
        targets = _targets(shown)
        return SEPARATOR.join(f"{left}[.]{targets[right]}" for left, right in (given or {}).items())
    return "" if given is None else str(given)


def _targets(shown: dict) -> dict[str, str]:
    """Matching targets get ids of their own, numbered in the order of their text: a target
    named like its source would tell which one matches."""
    answers = shown["texts"]["answers"]
    ordered = sorted(shown["answer_key"]["pairs"], key=lambda pair: plain(answers[pair]["right"]))
    return {pair: f"target-{number}" for number, pair in enumerate(ordered, 1)}


def _components(ids, answers: dict, locale: str) -> list[dict]:
    return [{"id": ident, "description": {locale: plain(answers[ident]["html"])}} for ident in ids]


def _correct(shown: dict) -> list[str]:
    kind, key, answers = shown["type"], shown["answer_key"], shown["texts"]["answers"]
    if kind in ("single", "truefalse"):
        return [c["id"] for c in key["choices"] if c["fraction"] >= 1]
    if kind == "multiple":
        return [SEPARATOR.join(c["id"] for c in key["choices"] if c["fraction"] > 0)]
    if kind == "shortanswer":
        right = [a["id"] for a in key["answers"] if a["fraction"] >= 1]
        return ["{case_matters=false}" + answers[ident]["text"] for ident in right]
    if kind == "numerical":
        return [_range(a) for a in key["answers"] if a["fraction"] >= 1]
    if kind == "matching":
        targets = _targets(shown)
        return [SEPARATOR.join(f"{pair}[.]{targets[pair]}" for pair in key["pairs"])]
    if kind == "ordering":
        return [SEPARATOR.join(key["order"])]
    return []  # essays: no single right answer


def _range(answer: dict) -> str:
    low, high = answer["value"] - answer["tolerance"], answer["value"] + answer["tolerance"]
    return f"{low:g}" if low == high else f"{low:g}[:]{high:g}"
