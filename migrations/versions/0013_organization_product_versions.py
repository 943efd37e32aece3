"""Optimistic locking for organization and product edits: a version raised by every edit.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 21:50:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

TABLES = ("organizations", "products")


def upgrade():
    for table in TABLES:
        # In place on both databases (SQLite adds a NOT NULL column that has a default); a batch rebuild
        # would drop the table that other rows refer to.
        op.add_column(table, sa.Column("version", sa.Integer(), server_default=sa.text("0"), nullable=False))


def downgrade():
    for table in TABLES:
        if op.get_bind().dialect.name == "sqlite":
            # A batch rebuild would drop and re-create the table, which the rows of cases, users and
            # products refer to (refused with foreign keys on); SQLite 3.35+ drops a plain column in place.
            op.execute(f"ALTER TABLE {table} DROP COLUMN version")
        else:
            op.drop_column(table, "version")
