"""``matching``: pairs ``- id: term -> what it matches``. The response maps each pair's id to
the id of the pair whose right-hand side the trainee chose; prompts and options are shown under
two separate sets of aliases, the options always shuffled."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from elearn.content.question_types.base import (
    SEPARATOR,
    FormAnswer,
    QuestionType,
    ResponseError,
    aliases,
    components,
    course_id,
    plain,
    require_known,
)
from elearn.content.question_types.parsed import Answer


class Matching(QuestionType):
    name = "matching"
    label = _l("Matching pairs")
    xapi_interaction = "matching"
    template = "quiz/types/_matching.html"
    answer_kind = "pair"
    min_answers = 3
    # Shown in the course's order these would pair the n-th prompt with the n-th option.
    shuffled = always_shuffled = aliased = True
    form_columns = ("text", "right", "answer_id")
    form_hint = _l(
        "Each row pairs a term with what it matches; trainees see the right-hand sides shuffled."
    )

    def answer_key(self, question, report) -> dict:
        return {"pairs": [a.id for a in self.fitting_answers(question, report)]}

    def model_response(self, key: dict, texts: dict):
        return {pair: pair for pair in key["pairs"]}

    def skeleton(self) -> list[str]:
        term, meaning = _("Term"), _("Its meaning")
        return [f"- pair-{n}: {term} -> {meaning}" for n in range(1, 4)]

    def grade(self, key, response, *, texts, locale, ignore_diacritics) -> float:
        if not isinstance(response, dict):
            raise ResponseError("a matching question takes {pair id: chosen pair id}")
        pairs = key["pairs"]
        require_known(response.keys(), pairs)
        require_known(response.values(), pairs)
        return sum(response.get(pair) == pair for pair in pairs) / len(pairs)

    def arrange(self, ids, rng, *, shuffle: bool) -> dict:
        shown = super().arrange(ids, rng, shuffle=shuffle)
        # The options get aliases of their own, unlike the prompts'.
        return shown | {"option_aliases": aliases(shown["order"], rng)}

    def read(self, form, name: str, shown: dict):
        prompt = shown.get("aliases", {})
        chosen = {
            item: form.get(f"{name}-{prompt.get(item, item)}", "")
            for item in shown["texts"]["answers"]
        }
        if not any(chosen.values()):
            return None
        return {
            item: course_id(shown, "option_aliases", value)
            for item, value in chosen.items()
            if value
        }

    def review(self, shown: dict, response):
        chosen = response if isinstance(response, dict) else {}
        pairs = shown["answer_key"]["pairs"]
        return (
            [_pair_line(shown, left, chosen.get(left)) for left in pairs],
            [_pair_line(shown, left, left) for left in pairs],
        )

    def xapi_components(self, shown: dict, locale: str) -> dict:
        answers = shown["texts"]["answers"]
        targets = _targets(shown)
        return {
            "source": components(shown["order"], shown, locale),
            "target": [
                {"id": targets[pair], "description": {locale: plain(answers[pair]["right"])}}
                for pair in sorted(targets, key=targets.get)
            ],
        }

    def xapi_response(self, shown: dict, given) -> str:
        targets = _targets(shown)
        return SEPARATOR.join(f"{left}[.]{targets[right]}" for left, right in (given or {}).items())

    def xapi_correct(self, shown: dict) -> list[str]:
        targets = _targets(shown)
        pairs = shown["answer_key"]["pairs"]
        return [SEPARATOR.join(f"{pair}[.]{targets[pair]}" for pair in pairs)]

    def form_answer(self, row: FormAnswer) -> Answer:
        return Answer(row.ident, 0, row.text, right=row.right)

    def moodle_answers(self, question: dict, text) -> list[Answer]:
        return [
            Answer(
                f"p{number}",
                0,
                text(pair["left"], pair["format"]),
                right=text(pair["right"], "plain"),
            )
            for number, pair in enumerate(question["pairs"], start=1)
            # Moodle's extra answer to choose from has no place here.
            if pair["left"]
        ]


def _pair_line(shown: dict, left: str, right: str | None) -> Markup:
    answers = shown["texts"]["answers"]
    shown_right = Markup(answers[right]["right"]) if right in answers else Markup("—")  # nosec B704  # HTML sanitised at import (content.markdown)
    return Markup("{} → {}").format(Markup(answers[left]["html"]), shown_right)  # nosec B704  # HTML sanitised at import (content.markdown)


def _targets(shown: dict) -> dict[str, str]:
    """Matching targets get ids of their own, numbered in the order of their text: a target
    named like its source would tell which one matches."""
    answers = shown["texts"]["answers"]
    ordered = sorted(shown["answer_key"]["pairs"], key=lambda pair: plain(answers[pair]["right"]))
    return {pair: f"target-{number}" for number, pair in enumerate(ordered, 1)}
