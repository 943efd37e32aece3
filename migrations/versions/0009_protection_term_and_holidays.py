"""Protection that follows the title's term, and time limits that follow the law: deadline rules
that are dates to know (informational), both regimes' opposition periods, current legal bases,
the late-renewal period, and Vietnam's public holidays 2024-2027 with their sources.

Reference data comes from migrations/data/0009_*.csv as it stands at this revision.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-10 10:00:00

"""
import csv
from datetime import date, datetime, timezone
from pathlib import Path

import sqlalchemy as sa
from alembic import op

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

RULES = sa.table("deadline_rules", *(sa.column(c) for c in (
    "id", "code", "title_vi", "title_en", "case_kinds", "trigger", "closed_by", "months", "days", "from_expiry",
    "before", "informational", "extendable_times", "extension_months", "party", "legal_basis", "filed_from",
    "filed_to", "confirmed", "active", "note", "created_at", "updated_at")))
PERIODS = sa.table("validity_periods", *(sa.column(c) for c in (
    "code", "subject", "months", "legal_basis", "confirmed", "note", "created_at", "updated_at")))
HOLIDAYS = sa.table("holidays", *(sa.column(c) for c in ("day", "name", "source", "confirmed")))
DEADLINES = sa.table("deadlines", sa.column("rule_id"))


def _rows(name):
    with open(DATA_DIR / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _flag(value):
    return value == "true"


def _day(value):
    return date.fromisoformat(value) if value else None


def _now():
    return datetime.now(timezone.utc).replace(tzinfo=None)  # naive UTC, as UTCDateTime stores it


def upgrade():
    with op.batch_alter_table("deadline_rules", schema=None) as batch_op:
        batch_op.add_column(sa.Column("informational", sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table("holidays", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source", sa.String(length=300), server_default="", nullable=False))
        batch_op.add_column(sa.Column("confirmed", sa.Boolean(), server_default=sa.true(), nullable=False))
    load_reference_data()


def load_reference_data():
    bind, now = op.get_bind(), _now()
    bind.execute(RULES.insert(), [
        {**r, "months": int(r["months"]), "days": int(r["days"]), "from_expiry": _flag(r["from_expiry"]),
         "before": _flag(r["before"]), "informational": _flag(r["informational"]),
         "extendable_times": int(r["extendable_times"]), "extension_months": int(r["extension_months"]),
         "filed_from": _day(r["filed_from"]), "filed_to": _day(r["filed_to"]), "confirmed": _flag(r["confirmed"]),
         "active": True, "note": r["note"] or None, "created_at": now, "updated_at": now}
        for r in _rows("0009_deadline_rules.csv")
    ])
    for r in _rows("0009_deadline_rule_changes.csv"):
        titles = {"title_vi": r["title_vi"], "title_en": r["title_en"]} if r["title_vi"] else {}
        bind.execute(RULES.update().where(RULES.c.code == r["code"]).values(
            legal_basis=r["legal_basis"], months=int(r["months"]), extension_months=int(r["extension_months"]),
            filed_to=_day(r["filed_to"]), informational=_flag(r["informational"]), confirmed=_flag(r["confirmed"]),
            note=r["note"] or None, updated_at=now, **titles))
    bind.execute(PERIODS.insert(), [
        {**r, "months": int(r["months"]), "confirmed": _flag(r["confirmed"]), "note": r["note"] or None,
         "created_at": now, "updated_at": now}
        for r in _rows("0009_validity_periods.csv")
    ])
    # An admin may already have entered some of these days: theirs are kept.
    known = set(bind.execute(sa.select(HOLIDAYS.c.day)).scalars())
    bind.execute(HOLIDAYS.insert(), [
        {**r, "day": _day(r["day"]), "confirmed": _flag(r["confirmed"])}
        for r in _rows("0009_holidays.csv") if _day(r["day"]) not in known
    ])


def downgrade():
    bind = op.get_bind()
    for r in _rows("0009_holidays.csv"):
        bind.execute(HOLIDAYS.delete().where(HOLIDAYS.c.day == _day(r["day"]), HOLIDAYS.c.source == r["source"]))
    bind.execute(PERIODS.delete().where(PERIODS.c.code.in_([r["code"] for r in _rows("0009_validity_periods.csv")])))
    new_rules = sa.select(RULES.c.id).where(RULES.c.code.in_([r["code"] for r in _rows("0009_deadline_rules.csv")]))
    bind.execute(DEADLINES.delete().where(DEADLINES.c.rule_id.in_(new_rules)))
    bind.execute(RULES.delete().where(RULES.c.code.in_([r["code"] for r in _rows("0009_deadline_rules.csv")])))
    changed = {r["code"] for r in _rows("0009_deadline_rule_changes.csv")}
    for r in _rows("0003_deadline_rules.csv"):
        if r["code"] in changed:
            bind.execute(RULES.update().where(RULES.c.code == r["code"]).values(
                title_vi=r["title_vi"], title_en=r["title_en"], legal_basis=r["legal_basis"], months=int(r["months"]),
                extension_months=int(r["extension_months"]), filed_to=_day(r["filed_to"]),
                confirmed=_flag(r["confirmed"]), note=r["note"] or None))
    with op.batch_alter_table("holidays", schema=None) as batch_op:
        batch_op.drop_column("confirmed")
        batch_op.drop_column("source")
    with op.batch_alter_table("deadline_rules", schema=None) as batch_op:
        batch_op.drop_column("informational")
