"""Search keys: folded, indexed search columns for cases and organizations; trigram indexes on
PostgreSQL; QR tokens for products already protected; per-address counts of public requests.

The case and organization lists search one indexed column instead of folding every row in
Python (app/models/search_keys.py keeps the keys current). On PostgreSQL pg_trgm's GIN indexes
serve the substring search of cases, organizations and products. No reference data (no CSV).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 23:00:00

"""
import secrets
import unicodedata
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
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
    op.create_index("ix_cases_updated_at", "cases", ["updated_at"])
    op.create_index("ix_cases_status_expiry_date", "cases", ["status", "expiry_date"])
    op.create_index("ix_deadlines_state_due_date", "deadlines", ["state", "due_date", "rule_id"])
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
    _backfill_verification_tokens(connection)
    op.create_table(
        "public_request_counts",
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("window", sa.DateTime(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("address", "window", name=op.f("pk_public_request_counts")),
    )
    op.create_index(op.f("ix_public_request_counts_window"), "public_request_counts", ["window"])
    if connection.dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, table, column in TRIGRAM_INDEXES:
            op.create_index(name, table, [column], postgresql_using="gin", postgresql_ops={column: "gin_trgm_ops"})
    # Fresh planner statistics for the new indexes: without them SQLite guesses its way through the list
    # queries (README, "Benchmarks": run PRAGMA optimize after big imports).
    op.execute("ANALYZE")


def _backfill_verification_tokens(connection):
    """Tokens are now made when a case is granted (app/cases/workflow.py), no longer by the first visit of
    the public catalogue: products covered by a granted case that have no active token get one here."""
    rows = connection.execute(sa.text(
        "SELECT DISTINCT cp.product_id FROM case_products cp JOIN cases c ON c.id = cp.case_id"
        " WHERE c.status = 'granted' AND NOT EXISTS (SELECT 1 FROM product_verifications v"
        " WHERE v.product_id = cp.product_id AND v.revoked_at IS NULL)")).scalars().all()
    if rows:
        now = datetime.now(timezone.utc).replace(tzinfo=None)  # naive UTC, as UTCDateTime stores it
        connection.execute(sa.text("INSERT INTO product_verifications (product_id, token, created_at)"
                                   " VALUES (:product_id, :token, :created_at)"),
                           [{"product_id": pid, "token": secrets.token_urlsafe(16), "created_at": now} for pid in rows])


def downgrade():
    # Backfilled QR tokens stay: they may already be printed on labels.
    op.drop_index(op.f("ix_public_request_counts_window"), table_name="public_request_counts")
    op.drop_table("public_request_counts")
    # The pg_trgm extension stays: other databases' objects on the server may use it.
    if op.get_bind().dialect.name == "postgresql":
        for name, table, _column in TRIGRAM_INDEXES:
            op.drop_index(name, table_name=table)
    op.drop_index("ix_organizations_search_key", table_name="organizations")
    op.drop_index("ix_cases_search_key", table_name="cases")
    op.drop_index("ix_cases_updated_at", table_name="cases")
    op.drop_index("ix_cases_status_expiry_date", table_name="cases")
    op.drop_index("ix_deadlines_state_due_date", table_name="deadlines")
    for table in ("cases", "organizations"):
        if op.get_bind().dialect.name == "sqlite":
            op.execute(f"ALTER TABLE {table} DROP COLUMN search_key")
        else:
            op.drop_column(table, "search_key")
