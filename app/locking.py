"""Optimistic locking in the UPDATE itself, for rows with a ``version`` column.

A form carries the version it was opened at; saving first runs ``UPDATE … SET version = version + 1
WHERE id = :id AND version = :seen``. Of simultaneous saves, exactly one matches the row; the
others wait for its lock, then match nothing and raise StaleVersion (the caller shows the
conflict page with the user's input). A version check in Python alone would let both pass.
"""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db


class StaleVersion(Exception):
    """Someone else saved the row after the form was opened."""


def claim(row, seen_version: int) -> None:
    """Raise the row's version in the database if it is still `seen_version`, else StaleVersion.

    The version in memory is left as loaded: the caller decides what to write next."""
    model = type(row)
    claimed = db.session.execute(
        sa.update(model).where(model.id == row.id, model.version == seen_version)
        .values(version=model.version + 1).execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1 or row.version != seen_version:
        raise StaleVersion()
