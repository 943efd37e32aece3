"""Notifications and after approval (issue 17): the kind and event of each in-app notification, the
e-mail outbox and each user's e-mail choices; the IP office's filing offices with their payment
details (seeded from migrations/data/0014_filing_offices.csv, each row with its source, none confirmed)
and each case's filing plan.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 23:10:00

"""
import csv
from datetime import datetime, timezone
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def upgrade():
    # In place on both databases (nullable columns and an index): a SQLite batch rebuild of
    # notifications is not needed.
    op.add_column("notifications", sa.Column("kind", sa.String(length=32), nullable=True))
    op.add_column("notifications", sa.Column("event_key", sa.String(length=80), nullable=True))
    op.create_index("uq_notifications_event", "notifications", ["user_id", "event_key"], unique=True)
    op.create_table(
        "email_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("event_key", sa.String(length=80), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("failed_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_email_outbox_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_outbox")),
        sa.UniqueConstraint("event_key", "user_id", name="uq_email_outbox_once"),
    )
    op.create_index(op.f("ix_email_outbox_next_attempt_at"), "email_outbox", ["next_attempt_at"], unique=False)
    op.create_table(
        "email_opt_outs",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_email_opt_outs_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "kind", name=op.f("pk_email_opt_outs")),
    )


    _filing_tables()


def _filing_tables():
    offices = op.create_table(
        "filing_offices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("portal_url", sa.String(length=200), nullable=False),
        sa.Column("payment_recipient", sa.String(length=200), nullable=False),
        sa.Column("payment_account", sa.String(length=60), nullable=False),
        sa.Column("payment_bank", sa.String(length=200), nullable=False),
        sa.Column("payment_note", sa.String(length=300), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_filing_offices")),
        sa.UniqueConstraint("code", name=op.f("uq_filing_offices_code")),
    )
    op.create_table(
        "filing_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("route", sa.String(length=16), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=True),
        sa.Column("application_number", sa.String(length=20), nullable=True),
        sa.Column("filing_date", sa.Date(), nullable=True),
        sa.Column("reported_by_id", sa.Integer(), nullable=True),
        sa.Column("reported_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_filing_plans_case_id_cases"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["office_id"], ["filing_offices.id"],
                                name=op.f("fk_filing_plans_office_id_filing_offices"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["reported_by_id"], ["users.id"], name=op.f("fk_filing_plans_reported_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_filing_plans")),
        sa.UniqueConstraint("case_id", name=op.f("uq_filing_plans_case_id")),
    )
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    with open(DATA_DIR / "0014_filing_offices.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    op.bulk_insert(offices, [
        {**row, "position": int(row["position"]), "confirmed": row["confirmed"] == "1", "active": True,
         "created_at": now, "updated_at": now}
        for row in rows
    ])


def downgrade():
    op.drop_table("filing_plans")
    op.drop_table("filing_offices")
    op.drop_table("email_opt_outs")
    op.drop_index(op.f("ix_email_outbox_next_attempt_at"), table_name="email_outbox")
    op.drop_table("email_outbox")
    op.drop_index("uq_notifications_event", table_name="notifications")
    if op.get_bind().dialect.name == "sqlite":
        # A batch rebuild would drop the table; SQLite 3.35+ drops a plain column in place.
        op.execute("ALTER TABLE notifications DROP COLUMN event_key")
        op.execute("ALTER TABLE notifications DROP COLUMN kind")
    else:
        op.drop_column("notifications", "event_key")
        op.drop_column("notifications", "kind")
