"""Annual implementation report: the plan's growth targets (seeded with the provincial plan's
figures, unconfirmed until checked against the signed plan), yearly counts kept outside the app,
and the printed report's heading and signature block.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 23:40:00

"""
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

PLAN = ("Kế hoạch thực hiện Chiến lược sở hữu trí tuệ đến năm 2030 của UBND tỉnh Hậu Giang "
        "(theo Quyết định 1068/QĐ-TTg ngày 22/8/2019)")


def upgrade():
    targets = op.create_table(
        "plan_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("metric", sa.String(length=32), nullable=False),
        sa.Column("min_growth_pct", sa.Float(), nullable=False),
        sa.Column("max_growth_pct", sa.Float(), nullable=True),
        sa.Column("base_year", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"], name=op.f("fk_plan_targets_updated_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_targets")),
        sa.UniqueConstraint("metric", name=op.f("uq_plan_targets_metric")),
    )
    op.create_table(
        "manual_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("metric", sa.String(length=32), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("entered_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("count >= 0", name=op.f("ck_manual_counts_count_not_negative")),
        sa.ForeignKeyConstraint(["entered_by_id"], ["users.id"], name=op.f("fk_manual_counts_entered_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_manual_counts")),
        sa.UniqueConstraint("year", "metric", name="uq_manual_counts_year_metric"),
    )
    with op.batch_alter_table("manual_counts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_manual_counts_year"), ["year"], unique=False)
    settings = op.create_table(
        "report_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parent_agency", sa.String(length=200), nullable=False),
        sa.Column("agency", sa.String(length=200), nullable=False),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.Column("number_suffix", sa.String(length=40), nullable=False),
        sa.Column("recipient", sa.String(length=200), nullable=False),
        sa.Column("signer_authority", sa.String(length=100), nullable=False),
        sa.Column("signer_title", sa.String(length=100), nullable=False),
        sa.Column("signer_name", sa.String(length=120), nullable=False),
        sa.Column("distribution", sa.Text(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"], name=op.f("fk_report_settings_updated_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_settings")),
    )
    now = datetime(2026, 11, 25)
    op.bulk_insert(targets, [
        dict(metric="industrial_property", min_growth_pct=3.0, max_growth_pct=5.0, base_year=2020, source=PLAN,
             confirmed=False, note="Đơn đăng ký sở hữu công nghiệp của tỉnh tăng bình quân 3–5 %/năm.",
             created_at=now, updated_at=now),
        dict(metric="copyright", min_growth_pct=2.0, max_growth_pct=None, base_year=2020, source=PLAN,
             confirmed=False, note="Đơn đăng ký quyền tác giả tăng bình quân 2 %/năm.", created_at=now, updated_at=now),
        dict(metric="related_rights", min_growth_pct=2.0, max_growth_pct=None, base_year=2020, source=PLAN,
             confirmed=False, note="Đơn đăng ký quyền liên quan tăng bình quân 2 %/năm.", created_at=now, updated_at=now),
        dict(metric="plant_variety", min_growth_pct=2.0, max_growth_pct=None, base_year=2020, source=PLAN,
             confirmed=False, note="Đơn đăng ký bảo hộ giống cây trồng tăng bình quân 2 %/năm.",
             created_at=now, updated_at=now),
    ])
    op.bulk_insert(settings, [dict(
        parent_agency="UBND THÀNH PHỐ CẦN THƠ", agency="SỞ KHOA HỌC VÀ CÔNG NGHỆ", place="Cần Thơ",
        number_suffix="BC-SKHCN", recipient="Ủy ban nhân dân thành phố Cần Thơ",
        signer_authority="KT. GIÁM ĐỐC", signer_title="PHÓ GIÁM ĐỐC", signer_name="",
        distribution="Như trên;\nBan Giám đốc Sở;\nVăn phòng Điều phối nông thôn mới;\nLưu: VT, QLCN.",
        created_at=now, updated_at=now,
    )])


def downgrade():
    op.drop_table("report_settings")
    with op.batch_alter_table("manual_counts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_manual_counts_year"))
    op.drop_table("manual_counts")
    op.drop_table("plan_targets")
