"""The mark pre-check (issue 18): the register of earlier marks and its lookup keys, the protected
geographical indications (seeded from migrations/data/0016_protected_indications.csv: each row's
source and whether it was checked), and the latest check of each case.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 23:00:00

"""
import csv
from datetime import datetime, timezone
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def _stamps():
    return [sa.Column("created_at", sa.DateTime(), nullable=False), sa.Column("updated_at", sa.DateTime(), nullable=False)]


def _create_register():
    op.create_table(
        "earlier_marks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("mark_text", sa.String(length=500), nullable=False),
        sa.Column("owner", sa.String(length=300), nullable=False),
        sa.Column("nice_classes", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=80), nullable=False),
        sa.Column("filing_date", sa.Date(), nullable=True),
        sa.Column("registration_date", sa.Date(), nullable=True),
        sa.Column("source", sa.String(length=120), nullable=False),
        sa.Column("folded", sa.String(length=500), nullable=False),
        sa.Column("sound", sa.String(length=500), nullable=False),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_earlier_marks")),
        sa.UniqueConstraint("number", name=op.f("uq_earlier_marks_number")),
    )
    op.create_table(
        "earlier_mark_keys",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("mark_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["mark_id"], ["earlier_marks.id"], name=op.f("fk_earlier_mark_keys_mark_id_earlier_marks"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("key", "mark_id", name=op.f("pk_earlier_mark_keys")),
    )
    op.create_index(op.f("ix_earlier_mark_keys_mark_id"), "earlier_mark_keys", ["mark_id"], unique=False)


def _create_indications():
    return op.create_table(
        "protected_indications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("product", sa.String(length=200), nullable=False),
        sa.Column("nice_class", sa.Integer(), nullable=True),
        sa.Column("country", sa.String(length=80), nullable=False),
        sa.Column("basis", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protected_indications")),
    )


def _create_checks():
    op.create_table(
        "mark_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("nice_classes", sa.String(length=200), nullable=False),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column("checked_at", sa.DateTime(), nullable=False),
        sa.Column("checked_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_mark_checks_case_id_cases"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["checked_by_id"], ["users.id"], name=op.f("fk_mark_checks_checked_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mark_checks")),
        sa.UniqueConstraint("case_id", name=op.f("uq_mark_checks_case_id")),
    )


def upgrade():
    _create_register()
    indications = _create_indications()
    _create_checks()
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    with open(DATA_DIR / "0016_protected_indications.csv", newline="", encoding="utf-8") as handle:
        op.bulk_insert(indications, [
            dict(name=r["name"], product=r["product"], nice_class=int(r["nice_class"]) if r["nice_class"] else None,
                 country=r["country"], basis=r["basis"], source=r["source"], confirmed=r["confirmed"] == "1",
                 active=True, created_at=now, updated_at=now)
            for r in csv.DictReader(handle)
        ])


def downgrade():
    op.drop_table("mark_checks")
    op.drop_table("protected_indications")
    op.drop_index(op.f("ix_earlier_mark_keys_mark_id"), table_name="earlier_mark_keys")
    op.drop_table("earlier_mark_keys")
    op.drop_table("earlier_marks")
