"""Contributions of other agencies to the annual report: the agencies (seeded from
migrations/data/0010_agencies.csv), the figures each reports (0010_figure_definitions.csv), DOST's
yearly collection rounds, contributions with their values and reminders, and the contributor role's
agency on users.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26 09:00:00

"""
import csv
from datetime import datetime, timezone
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def _rows(name):
    with open(DATA_DIR / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _stamps():
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    return {"created_at": now, "updated_at": now}


def _create_agencies():
    return op.create_table(
        "agencies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("contact_name", sa.String(length=120), nullable=True),
        sa.Column("contact_email", sa.String(length=254), nullable=True),
        sa.Column("contact_phone", sa.String(length=20), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agencies")),
        sa.UniqueConstraint("code", name=op.f("uq_agencies_code")),
    )


def _create_figure_definitions():
    table = op.create_table(
        "figure_definitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("section", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name=op.f("fk_figure_definitions_agency_id_agencies"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_figure_definitions")),
        sa.UniqueConstraint("code", name=op.f("uq_figure_definitions_code")),
    )
    with op.batch_alter_table("figure_definitions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_figure_definitions_agency_id"), ["agency_id"], unique=False)
    return table


def _create_rounds_and_contributions():
    op.create_table(
        "collection_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("opened_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["opened_by_id"], ["users.id"], name=op.f("fk_collection_rounds_opened_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_collection_rounds")),
        sa.UniqueConstraint("year", name=op.f("uq_collection_rounds_year")),
    )
    op.create_table(
        "contributions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("return_note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name=op.f("fk_contributions_agency_id_agencies"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["round_id"], ["collection_rounds.id"],
                                name=op.f("fk_contributions_round_id_collection_rounds"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contributions")),
        sa.UniqueConstraint("round_id", "agency_id", name="uq_contributions_round_agency"),
    )
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contributions_agency_id"), ["agency_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contributions_round_id"), ["round_id"], unique=False)


def _create_values_and_reminders():
    op.create_table(
        "contribution_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contribution_id", sa.Integer(), nullable=False),
        sa.Column("definition_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=True),
        sa.Column("day", sa.Date(), nullable=True),
        sa.Column("narrative", sa.Text(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=True),
        sa.Column("stored_name", sa.String(length=64), nullable=True),
        sa.Column("content_type", sa.String(length=64), nullable=True),
        sa.CheckConstraint("amount IS NULL OR amount >= 0", name=op.f("ck_contribution_values_amount_not_negative")),
        sa.ForeignKeyConstraint(["contribution_id"], ["contributions.id"],
                                name=op.f("fk_contribution_values_contribution_id_contributions"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["definition_id"], ["figure_definitions.id"],
                                name=op.f("fk_contribution_values_definition_id_figure_definitions"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contribution_values")),
        sa.UniqueConstraint("contribution_id", "definition_id", name="uq_contribution_values_figure"),
    )
    with op.batch_alter_table("contribution_values", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contribution_values_contribution_id"), ["contribution_id"], unique=False)
    op.create_table(
        "contribution_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contribution_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("moment", sa.String(length=24), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["contribution_id"], ["contributions.id"],
                                name=op.f("fk_contribution_reminders_contribution_id_contributions"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_contribution_reminders_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contribution_reminders")),
        sa.UniqueConstraint("contribution_id", "user_id", "moment", "channel", name="uq_contribution_reminders_once"),
    )
    with op.batch_alter_table("contribution_reminders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contribution_reminders_contribution_id"), ["contribution_id"],
                              unique=False)


def _seed(agencies, figures):
    stamps = _stamps()
    agency_rows = _rows("0010_agencies.csv")
    op.bulk_insert(agencies, [
        dict(id=n, code=r["code"], name=r["name"], contact_name=r["contact_name"] or None,
             contact_email=r["contact_email"] or None, contact_phone=r["contact_phone"] or None, active=True, **stamps)
        for n, r in enumerate(agency_rows, start=1)
    ])
    ids = {r["code"]: n for n, r in enumerate(agency_rows, start=1)}
    op.bulk_insert(figures, [
        dict(agency_id=ids[r["agency_code"]], code=r["code"], label=r["label"], unit=r["unit"],
             definition=r["definition"], section=r["section"], position=int(r["position"]), active=True, **stamps)
        for r in _rows("0010_figure_definitions.csv")
    ])
    if op.get_bind().dialect.name == "postgresql":  # explicit ids: move the sequence past them
        op.execute("SELECT setval('agencies_id_seq', (SELECT MAX(id) FROM agencies))")


def upgrade():
    agencies = _create_agencies()
    figures = _create_figure_definitions()
    _create_rounds_and_contributions()
    _create_values_and_reminders()
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("agency_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_users_agency_id"), ["agency_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_users_agency_id_agencies"), "agencies", ["agency_id"], ["id"],
                                    ondelete="RESTRICT")
        batch_op.create_check_constraint("contributor_has_agency", "(role = 'contributor') = (agency_id IS NOT NULL)")
    _seed(agencies, figures)


def downgrade():
    op.execute("DELETE FROM users WHERE role = 'contributor'")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint("contributor_has_agency", type_="check")
        batch_op.drop_constraint(batch_op.f("fk_users_agency_id_agencies"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_users_agency_id"))
        batch_op.drop_column("agency_id")
    for table in ("contribution_reminders", "contribution_values", "contributions", "collection_rounds",
                  "figure_definitions", "agencies"):
        op.drop_table(table)
