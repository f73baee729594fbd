"""Ids made from names, for items created in the browser and questions imported from Moodle."""

import pytest

from elearn.content.source import ID_PATTERN, id_from


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Cash couriers & hawala", "cash-couriers-hawala"),
        ("Ședința de instruire", "sedinta-de-instruire"),
        ("2024 typologies", "item-2024-typologies"),
        ("Ядро", "item"),
        ("x" * 80, "x" * 64),
    ],
)
def test_ids_are_made_from_names(name, expected):
    made = id_from(name, fallback_prefix="item")
    assert made == expected and ID_PATTERN.match(made)
