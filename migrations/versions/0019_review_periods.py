"""The plan's period for the mid-term and final reviews: first year, the mid-term review's last
year and the final year, kept beside the report's heading (admin-editable).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 23:10:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

#: The strategy runs to 2030 (Decision 1068/QĐ-TTg of 22/8/2019) and the provincial plan measures
#: growth from 2020, so its period is 2021–2030 with a review at the end of 2025 (sơ kết) and a final
#: one in 2030 (tổng kết). UNCONFIRMED against the signed provincial plan, as its targets are.
COLUMNS = (("plan_first_year", 2021), ("midterm_last_year", 2025), ("plan_last_year", 2030))


def upgrade():
    for name, default in COLUMNS:
        # In place on both databases (a batch rebuild is not needed for a column with a default).
        op.add_column("report_settings", sa.Column(name, sa.Integer(), server_default=sa.text(str(default)),
                                                   nullable=False))


def downgrade():
    for name, _default in COLUMNS:
        if op.get_bind().dialect.name == "sqlite":
            op.execute(f"ALTER TABLE report_settings DROP COLUMN {name}")
        else:
            op.drop_column("report_settings", name)
