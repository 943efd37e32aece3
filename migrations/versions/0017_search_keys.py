"""Search keys: folded, indexed search columns for cases and organizations; trigram indexes on PostgreSQL.

The case and organization lists search one indexed column instead of folding every row in
Python (app/models/search_keys.py keeps the keys current). On PostgreSQL pg_trgm's GIN indexes
serve the substring search of cases, organizations and products.

Revision ID: 0017
Revises: 0013
Create Date: 2026-12-07 23:00:00

"""
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0013"
branch_labels = None
depends_on = None

TRIGRAM_INDEXES = (("ix_cases_search_key_trgm", "cases", "search_key"),
                   ("ix_organizations_search_key_trgm", "organizations", "search_key"),
                   ("ix_products_search_text_trgm", "products", "search_text"))


def _fold(text):
    # A frozen copy of app/text.py fold(): a migration must give the same result whatever the app becomes.
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _joined(*parts):
    return " ".join(part for part in parts if part)


def upgrade():
    # In place (no batch rebuild): other tables refer to both (see 0013).
    op.add_column("cases", sa.Column("search_key", sa.String(length=500), server_default="", nullable=False))
    op.add_column("organizations", sa.Column("search_key", sa.String(length=250), server_default="", nullable=False))
    op.create_index("ix_cases_search_key", "cases", ["search_key"])
    op.create_index("ix_organizations_search_key", "organizations", ["search_key"])
    connection = op.get_bind()
    organizations = connection.execute(sa.text("SELECT id, name, tax_code FROM organizations")).all()
    if organizations:
        connection.execute(sa.text("UPDATE organizations SET search_key = :key WHERE id = :id"),
                           [{"id": id_, "key": _fold(_joined(name, tax_code))[:250]}
                            for id_, name, tax_code in organizations])
    cases = connection.execute(sa.text(
        "SELECT c.id, c.title, c.application_number, c.certificate_number, o.name"
        " FROM cases c JOIN organizations o ON o.id = c.organization_id")).all()
    if cases:
        connection.execute(sa.text("UPDATE cases SET search_key = :key WHERE id = :id"),
                           [{"id": row[0], "key": _fold(_joined(*row[1:]))[:500]} for row in cases])
    if connection.dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, table, column in TRIGRAM_INDEXES:
            op.create_index(name, table, [column], postgresql_using="gin", postgresql_ops={column: "gin_trgm_ops"})


def downgrade():
    # The pg_trgm extension stays: other databases' objects on the server may use it.
    if op.get_bind().dialect.name == "postgresql":
        for name, table, _column in TRIGRAM_INDEXES:
            op.drop_index(name, table_name=table)
    op.drop_index("ix_organizations_search_key", table_name="organizations")
    op.drop_index("ix_cases_search_key", table_name="cases")
    for table in ("cases", "organizations"):
        if op.get_bind().dialect.name == "sqlite":
            op.execute(f"ALTER TABLE {table} DROP COLUMN search_key")
        else:
            op.drop_column(table, "search_key")
