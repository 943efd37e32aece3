"""Review rounds: what the applicant did about each comment, and a snapshot of every submission.

case_comments gains the applicant's answer (state open / dealt_with / answered, a short reply,
who and when); comments made before this revision start open, except those already closed by a
resubmission (resolved), which count as dealt with. case_submissions keeps every step's data and
the current files at each submission, so the consultant sees what changed since the last one.
No reference data: the logo's print threshold is configuration (config.py LOGO_MIN_LONG_SIDE_PX).

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-07 23:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0013"
branch_labels = None
depends_on = None

COMMENTS = sa.table("case_comments", sa.column("resolved", sa.Boolean), sa.column("state", sa.String))
NEW_COMMENT_COLUMNS = ("state", "reply", "settled_by_id", "settled_at")


def upgrade():
    op.create_table(
        "case_submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_submissions_case_id_cases"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["submitted_by_id"], ["users.id"],
                                name=op.f("fk_case_submissions_submitted_by_id_users"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_submissions")),
        sa.UniqueConstraint("case_id", "number", name="uq_case_submissions_case_number"),
    )
    op.create_index(op.f("ix_case_submissions_case_id"), "case_submissions", ["case_id"], unique=False)
    # Batch mode is safe here (a SQLite rebuild of case_comments drops no row elsewhere: no table
    # refers to it), and SQLite needs it to add a column with a foreign key.
    with op.batch_alter_table("case_comments") as batch:
        batch.add_column(sa.Column("state", sa.String(length=16), server_default="open", nullable=False))
        batch.add_column(sa.Column("reply", sa.Text(), nullable=True))
        batch.add_column(sa.Column("settled_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("settled_at", sa.DateTime(), nullable=True))
        batch.create_foreign_key(op.f("fk_case_comments_settled_by_id_users"), "users", ["settled_by_id"], ["id"],
                                 ondelete="SET NULL")
    op.get_bind().execute(COMMENTS.update().where(COMMENTS.c.resolved.is_(True)).values(state="dealt_with"))


def downgrade():
    with op.batch_alter_table("case_comments") as batch:
        batch.drop_constraint(op.f("fk_case_comments_settled_by_id_users"), type_="foreignkey")
        for column in reversed(NEW_COMMENT_COLUMNS):
            batch.drop_column(column)
    op.drop_index(op.f("ix_case_submissions_case_id"), table_name="case_submissions")
    op.drop_table("case_submissions")
