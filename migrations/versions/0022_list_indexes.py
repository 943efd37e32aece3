"""Indexes for the lists at national scale (issue 19).

Deadlines: the list counts each group (overdue, within 7 / 30 days, later, office, dates to know) as
a range of (state, rule_id, due_date), and pages it in (state, due_date, id) order from an index that
also holds rule_id, so neither reads the table; the earlier (state, due_date, rule_id) index could
serve neither (its rule_id comes before the id the list is ordered by) and goes. Both end with
case_id, so "my deadlines" (the consultant's cases) is checked in the index as well.

Products: the office home counts products by group and by stars in one GROUP BY over (group, stars),
read from the index alone, and lists the certificates expiring within 90 days by
certificate_expires_on (which had no index: every product was read).

Public catalogue: its freshness check (ETag) takes the newest products.updated_at,
organizations.updated_at, product_verifications.created_at and revoked_at and stored_files.created_at:
each MAX now reads one end of an index instead of the whole table.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-08 00:40:00

"""
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

FRESHNESS = (("products", "updated_at"), ("organizations", "updated_at"), ("product_verifications", "created_at"),
             ("product_verifications", "revoked_at"), ("stored_files", "created_at"))


def upgrade():
    op.drop_index("ix_deadlines_state_due_date", table_name="deadlines")
    op.create_index("ix_deadlines_state_rule_due", "deadlines", ["state", "rule_id", "due_date", "case_id"])
    op.create_index("ix_deadlines_state_due_id_rule", "deadlines", ["state", "due_date", "id", "rule_id", "case_id"])
    op.create_index("ix_products_group_stars", "products", ["group", "stars"])
    op.create_index("ix_products_certificate_expires_on", "products", ["certificate_expires_on"])
    for table, column in FRESHNESS:
        op.create_index(f"ix_{table}_{column}", table, [column])
    op.execute("ANALYZE deadlines")
    for table in ("products", "organizations", "product_verifications", "stored_files"):
        op.execute(f"ANALYZE {table}")


def downgrade():
    for table, column in FRESHNESS:
        op.drop_index(f"ix_{table}_{column}", table_name=table)
    op.drop_index("ix_products_certificate_expires_on", table_name="products")
    op.drop_index("ix_products_group_stars", table_name="products")
    op.drop_index("ix_deadlines_state_due_id_rule", table_name="deadlines")
    op.drop_index("ix_deadlines_state_rule_due", table_name="deadlines")
    op.create_index("ix_deadlines_state_due_date", "deadlines", ["state", "due_date", "rule_id"])
