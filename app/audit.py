"""The audit trail: record who changed which columns of a record, from what to what.

Generic over models: the entity name is the table name, so reference data,
deadline rules and products all share one log (app/models/audit.py). Like every
service it flushes and never commits: the change and its trail land together
in the view's single commit.

Typical use::

    before = snapshot(rate, FIELDS)
    rate.amount = 160_000
    record_change(rate, "update", current_user, before)
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import AuditEntry, User

#: bookkeeping columns that are not part of what a person changed
UNAUDITED = frozenset({"id", "created_at", "updated_at"})


def audited_fields(obj: object) -> tuple[str, ...]:
    """The mapped columns of a record worth auditing (all but id and timestamps)."""
    return tuple(attr.key for attr in sa.inspect(type(obj)).column_attrs if attr.key not in UNAUDITED)


def snapshot(obj: object, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The record's values as JSON-safe data (dates ISO, enums as values), by field."""
    return {name: _plain(getattr(obj, name)) for name in (fields if fields is not None else audited_fields(obj))}


def record_change(
    entity: object, action: str, actor: User | None, before: dict | None = None
) -> AuditEntry | None:
    """Append an AuditEntry for `entity` and flush; None when an update changed nothing.

    - create: pass no `before`; every non-empty column is recorded as [None, value].
    - update: pass `before = snapshot(entity, fields)` taken before the change; only
      the fields in `before` whose value differs are recorded as [old, new].
    - delete: call before deleting; every non-empty column is recorded as [value, None].
    """
    db.session.flush()  # a new entity gets its id; pending changes are visible
    if action == "delete":
        values = before if before is not None else snapshot(entity)
        changes = {name: [value, None] for name, value in values.items() if value is not None}
    elif before is None:
        changes = {name: [None, value] for name, value in snapshot(entity).items() if value is not None}
    else:
        after = snapshot(entity, before.keys())
        changes = {name: [before[name], after[name]] for name in before if before[name] != after[name]}
        if not changes:
            return None
    entry = AuditEntry(
        entity=entity.__tablename__,
        entity_id=entity.id,
        action=action,
        changes=changes,
        actor_id=_actor_id(actor),
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def history(entity: object) -> list[AuditEntry]:
    """The record's audit entries, newest first, with their actors loaded."""
    stmt = (
        sa.select(AuditEntry)
        .where(AuditEntry.entity == entity.__tablename__, AuditEntry.entity_id == entity.id)
        .options(selectinload(AuditEntry.actor))
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    )
    return list(db.session.scalars(stmt))


def history_rows(
    entries: Iterable[AuditEntry],
    labels: dict[str, str] | None = None,
    shown: Callable[[str, Any], Any] | None = None,
    action_titles: dict[str, str] | None = None,
) -> list[dict]:
    """Audit entries in the shape templates/macros/history.html shows: one dict per entry.

    Each row is {"entry", "action", "changes"}: the action's title from `action_titles` (None
    when the page shows no action), and per changed column (label, old, new), the label from
    `labels` (else the column name) and the values through `shown(column, value)` (by default
    as recorded, "—" for none). A page that says "Added" lists only the new values of a creation
    (old is None): there was nothing before.
    """
    labels = labels or {}
    shown = shown or (lambda _name, value: "—" if value is None else value)
    rows = []
    for entry in entries:
        new_only = action_titles is not None and entry.action == "create"
        rows.append({
            "entry": entry,
            "action": action_titles.get(entry.action, entry.action) if action_titles is not None else None,
            "changes": [(labels.get(name, name), None if new_only else shown(name, old), shown(name, new))
                        for name, (old, new) in (entry.changes or {}).items()],
        })
    return rows


def _actor_id(actor: User | None) -> int | None:
    """The actor's id; also accepts flask_login's current_user (anonymous -> None)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    return actor.id


def _plain(value: Any) -> Any:
    """A value JSON can store and compare: ISO dates, enum values, Decimal as text."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value
