"""URL values a database can hold: ids and page numbers within the range of an integer column;
and the keywords ``url_for`` reserves, which no query argument may pose as."""

from werkzeug.routing import IntegerConverter

# The largest value of the integer columns ids are kept in (PostgreSQL ``integer``); a larger
# number names nothing and is answered 404 instead of overflowing the query.
MAX_ID = 2**31 - 1

# Keywords ``url_for`` takes as options rather than as URL values.
URL_FOR_OPTIONS = frozenset({"endpoint", "_anchor", "_method", "_scheme", "_external"})


class IdConverter(IntegerConverter):
    """``<int:...>`` limited to what a database column can hold."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def bounded_int(values, name: str, default: int) -> int:
    """``values[name]`` as an integer between 1 and ``MAX_ID``, else ``default``."""
    value = values.get(name, default, type=int)
    return value if 1 <= value <= MAX_ID else default
