"""Reading course files: front matter, YAML with line numbers, and the problems found."""

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml
from flask_babel import gettext as _

FRONT_MATTER_DELIMITER = "---"
ID_PATTERN = re.compile(r"^[a-z][a-z0-9-]{1,63}$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a course file, reported as ``file:line: message``."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class Problems(list[Problem]):
    def add(self, path: Path, line: int, message: str) -> None:
        self.append(Problem(path, line, str(message)))


@dataclass(frozen=True)
class SourceFile:
    """A Markdown file split into its front matter and its body, with line numbers kept."""

    path: Path
    meta: dict
    meta_lines: dict[str, int]
    body: str
    body_line: int

    def line_of(self, key: str) -> int:
        return self.meta_lines.get(key, 1)


def id_from(name: str, *, fallback_prefix: str, max_length: int = 64) -> str:
    """A valid id made from a name: "Cash couriers & hawala" -> "cash-couriers-hawala"; a name
    that gives no valid id ("2024", "Ядро") is put after ``fallback_prefix``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:max_length].rstrip("-")
    return base if ID_PATTERN.match(base) else f"{fallback_prefix}-{base}"[:max_length].rstrip("-")


def unique_id(name: str, taken: set[str], *, fallback_prefix: str) -> str:
    """``id_from(name)``, numbered when ``taken`` holds it already; added to ``taken``."""
    base = id_from(name, fallback_prefix=fallback_prefix, max_length=50)
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


def text_hash(text: str) -> str:
    """The 12-hex-digit hash translations record of the source they were made from."""
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:12]


def read_text(path: Path, problems: Problems) -> str | None:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.add(path, 1, _("the file is not valid UTF-8"))
        return None
    return text.replace("\r\n", "\n")


def load_yaml(text: str, path: Path, problems: Problems, first_line: int = 1):
    """Parse YAML; return ``(data, {top-level key: line})`` or ``(None, {})`` on a syntax error."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = first_line + (mark.line if mark else 0)
        problems.add(
            path, line, _("invalid YAML: %(error)s", error=getattr(error, "problem", error))
        )
        return None, {}
    lines = {}
    if isinstance(node, yaml.MappingNode):
        for key, _value in node.value:
            lines[key.value] = first_line + key.start_mark.line
    return data, lines


def read_source(path: Path, problems: Problems, *, front_matter_required=True) -> SourceFile | None:
    text = read_text(path, problems)
    if text is None:
        return None
    if not text.startswith(FRONT_MATTER_DELIMITER + "\n"):
        if front_matter_required:
            problems.add(path, 1, _("the file must start with front matter between '---' lines"))
            return None
        return SourceFile(path, {}, {}, text, 1)
    end = text.find("\n" + FRONT_MATTER_DELIMITER + "\n", len(FRONT_MATTER_DELIMITER))
    if end == -1:
        problems.add(path, 1, _("the front matter is not closed by a '---' line"))
        return None
    meta_text = text[len(FRONT_MATTER_DELIMITER) + 1 : end + 1]
    meta, lines = load_yaml(meta_text, path, problems, first_line=2)
    if meta is None:
        return None
    if not isinstance(meta, dict):
        problems.add(path, 2, _("the front matter must be a mapping of keys to values"))
        return None
    body_line = meta_text.count("\n") + 3
    return SourceFile(path, meta, lines, text[end + len(FRONT_MATTER_DELIMITER) + 2 :], body_line)
