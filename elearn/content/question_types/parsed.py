"""A quiz question as the quiz syntax reads it (``elearn.content.quiz_syntax``)."""

from dataclasses import dataclass, field


@dataclass
class Answer:
    id: str
    line: int
    text: str
    marker: str | None = None  # "x", " " or "NN%" for choices; None for pairs and steps
    right: str | None = None  # the right-hand side of a matching pair
    position: int | None = None  # the number of an ordering step
    feedback: list[str] = field(default_factory=list)


@dataclass
class Question:
    type: str
    id: str
    points: float
    line: int
    pool: str | None = None  # questions of a pool are drawn at random (quiz setting ``draw``)
    # Kept from a question bank (Moodle's tags and id number), for authors; trainees never see them.
    tags: list[str] = field(default_factory=list)
    idnumber: str | None = None
    prompt: list[str] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    feedback: list[str] = field(default_factory=list)

    @property
    def prompt_text(self) -> str:
        return "\n".join(self.prompt).strip()

    @property
    def feedback_text(self) -> str:
        return "\n".join(self.feedback).strip()
