"""Several priority claims per application, and the time limit for the priority documents.

The priority step keeps each earlier application as a row (priority_claims-N-country/number/date);
drafts saved with the single claim's fields are rewritten to the first row, so none is lost. A case
counts its claims (cases.priority_claims) and a deadline rule may apply only when a condition holds
for the case (deadline_rules.applies_when, e.g. "claims_priority"). The new rule comes from
migrations/data/0012_deadline_rules.csv as it stands at this revision.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 21:40:00

"""
import csv
from datetime import datetime, timezone
from pathlib import Path

import sqlalchemy as sa
from alembic import op

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

RULES = sa.table("deadline_rules", *(sa.column(c) for c in (
    "id", "code", "title_vi", "title_en", "case_kinds", "trigger", "closed_by", "months", "days", "from_expiry",
    "before", "informational", "extendable_times", "extension_months", "party", "legal_basis", "filed_from",
    "filed_to", "confirmed", "active", "applies_when", "note", "created_at", "updated_at")))
DEADLINES = sa.table("deadlines", sa.column("rule_id"))
STEPS = sa.table("case_steps", sa.column("id"), sa.column("case_id"), sa.column("name"), sa.column("data", sa.JSON))
CASES = sa.table("cases", sa.column("id"), sa.column("priority_claims"))
#: the single claim's fields before this revision, and the first row's fields after it
OLD_TO_NEW = {"priority_country": "priority_claims-0-country", "priority_number": "priority_claims-0-number",
              "priority_date": "priority_claims-0-date"}


def _rows(name):
    with open(DATA_DIR / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _flag(value):
    return value == "true"


def _now():
    return datetime.now(timezone.utc).replace(tzinfo=None)  # naive UTC, as UTCDateTime stores it


def _renamed(data, mapping):
    return {mapping.get(key, key): value for key, value in data.items()}


def _claims(data):
    """1 when the rewritten draft claims priority with something typed in the first row, else 0."""
    claimed = (data.get("priority_basis") or ["none"])[0] != "none"
    typed = any((data.get(key) or [""])[0].strip() for key in OLD_TO_NEW.values())
    return 1 if claimed and typed else 0


def _rewrite_priority_steps(mapping, count):
    bind = op.get_bind()
    for step in bind.execute(sa.select(STEPS).where(STEPS.c.name == "priority")).all():
        data = _renamed(step.data or {}, mapping)
        bind.execute(STEPS.update().where(STEPS.c.id == step.id).values(data=data))
        if count:
            bind.execute(CASES.update().where(CASES.c.id == step.case_id).values(priority_claims=_claims(data)))


def upgrade():
    # Plain ALTER TABLE, not batch mode: on SQLite a batch rebuilds the table, and dropping the old
    # "cases" would cascade to every case's steps, events and files.
    op.add_column("cases", sa.Column("priority_claims", sa.Integer(), server_default=sa.text("0"), nullable=False))
    op.add_column("deadline_rules", sa.Column("applies_when", sa.String(length=40), nullable=True))
    _rewrite_priority_steps(OLD_TO_NEW, count=True)
    now = _now()
    op.get_bind().execute(RULES.insert(), [
        {**r, "months": int(r["months"]), "days": int(r["days"]), "from_expiry": _flag(r["from_expiry"]),
         "before": _flag(r["before"]), "informational": _flag(r["informational"]),
         "extendable_times": int(r["extendable_times"]), "extension_months": int(r["extension_months"]),
         "filed_from": None, "filed_to": None, "confirmed": _flag(r["confirmed"]), "active": True,
         "applies_when": r["applies_when"] or None, "note": r["note"] or None, "created_at": now, "updated_at": now}
        for r in _rows("0012_deadline_rules.csv")
    ])


def downgrade():
    bind = op.get_bind()
    codes = [r["code"] for r in _rows("0012_deadline_rules.csv")]
    bind.execute(DEADLINES.delete().where(DEADLINES.c.rule_id.in_(sa.select(RULES.c.id).where(RULES.c.code.in_(codes)))))
    bind.execute(RULES.delete().where(RULES.c.code.in_(codes)))
    # back to one claim: the first row is kept, the others cannot be
    _rewrite_priority_steps({new: old for old, new in OLD_TO_NEW.items()}, count=False)
    # SQLite 3.35+ drops a column in place (see upgrade() for why not in batch mode)
    op.drop_column("deadline_rules", "applies_when")
    op.drop_column("cases", "priority_claims")
