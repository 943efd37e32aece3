"""Input the database would choke on, refused before any view sees it (a 4xx, never a 500).

PostgreSQL refuses NUL in text and integers beyond 32 bits, SQLite does not: without these
checks the same crafted request gave a 500 on one database and not on the other.
"""
from __future__ import annotations

import re

from flask import abort, request
from werkzeug.routing import IntegerConverter

#: the largest value of the INTEGER columns that ids are kept in
MAX_DATABASE_INT = 2**31 - 1

#: control characters; tab, line feed and carriage return are fine in form text (text areas)
FORM_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: in a URL (path or query string) none is
URL_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def database_int(raw) -> int:
    """int(raw) within the database's INTEGER range, else ValueError: as ``type=`` of
    ``request.args.get``/``request.form.get`` a huge number reads as absent instead of overflowing."""
    value = int(raw)
    if not -MAX_DATABASE_INT <= value <= MAX_DATABASE_INT:
        raise ValueError(f"{raw!r} is beyond the database's INTEGER")
    return value


class DatabaseIntConverter(IntegerConverter):
    """``<int:…>`` in routes: an id no row can have (above the INTEGER range) is a 404 at routing."""

    def __init__(self, url_map, fixed_digits=0, min=None, max=MAX_DATABASE_INT, signed=False):
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def has_control_characters() -> bool:
    """True if the path, the query string or a form field holds a control character."""
    if URL_CONTROL.search(request.path):
        return True
    # `next` is exempt: safe_next ignores an unsafe one, and a login must not fail over it.
    if any(URL_CONTROL.search(key) or (key != "next" and URL_CONTROL.search(value))
           for key, value in request.args.items(multi=True)):
        return True
    if request.method in ("POST", "PUT", "PATCH"):
        return any(FORM_CONTROL.search(text) for item in request.form.items(multi=True) for text in item)
    return False


def refuse_control_characters():
    """Before each request: 400 with an explanation when the input holds control characters."""
    if has_control_characters():
        abort(400, description="control")


def seen_version(raw: str | None) -> int:
    """The version a form was opened at (optimistic locking): missing or not a number is a 400."""
    if raw is None or not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        abort(400)
    return int(raw)
