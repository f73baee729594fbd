"""A table as the screen shows it: the HTML and the CSV export render the same cells, so an
export holds exactly the rows and figures on screen."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Cell:
    text: str
    status: str = ""  # a CSS modifier for the screen; not exported


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[Cell]]
