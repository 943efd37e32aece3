"""Declarative base, naming convention and the UTC timestamp type shared by all models."""
from __future__ import annotations

from datetime import datetime, timezone
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app import clock

# Stable constraint names keep Alembic diffs identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class TitledEnum(StrEnum):
    """A StrEnum whose members carry their translated title: ``DRAFT = "draft", _l("Draft")``.

    The value is what the database stores; the title is what people read (lists, badges, select
    options), kept beside the member instead of in a separate dict that can drift from it.
    """

    def __new__(cls, value: str, title=None):
        member = str.__new__(cls, value)
        member._value_ = value
        member._title = title if title is not None else value
        return member

    @property
    def title(self) -> str:  # deliberately shadows str.title(): a member's title is its label
        return str(self._title)

    @classmethod
    def choices(cls, members=None) -> list[tuple[str, object]]:
        """(value, lazy title) pairs for a select field, in the order the members are declared."""
        return [(member.value, member._title) for member in (cls if members is None else members)]


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC: the column default (pass the function, not its result)."""
    return clock.now()


class UTCDateTime(sa.types.TypeDecorator):
    """Stores naive UTC and always returns aware UTC datetimes.

    SQLite forgets time zones; storing naive UTC everywhere gives one meaning on
    both databases, and views convert to Asia/Ho_Chi_Minh only for display.
    """

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc)


class Base(DeclarativeBase):
    """Base class of every model."""

    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class TimestampMixin:
    """created_at / updated_at in UTC."""

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


def string_enum(enum_cls: type, length: int = 32) -> sa.Enum:
    """A StrEnum stored as its value in a VARCHAR, so a new member needs no type change."""
    return sa.Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


def render_migration_item(type_: str, obj, autogen_context):
    """Alembic hook: write UTCDateTime as plain sa.DateTime() in migration files."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


def include_migration_object(obj, _name, type_, reflected, _compare_to) -> bool:
    """Alembic hook: an index made on one database only (`Index.ddl_if(dialect=…)`, e.g. a pg_trgm
    index) is compared only on that database, so SQLite is not told it is missing."""
    condition = getattr(obj, "_ddl_if", None)
    if type_ == "index" and not reflected and condition is not None and condition.dialect:
        from flask import current_app

        return current_app.extensions["sqlalchemy"].engine.dialect.name == condition.dialect
    return True
