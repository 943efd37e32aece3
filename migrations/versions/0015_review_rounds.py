"""Review rounds: what the applicant did about each comment, and a snapshot of every submission.

case_comments gains the applicant's answer (state open / dealt_with / answered, a short reply,
who and when); comments made before this revision start open, except those already closed by a
resubmission (resolved), which count as dealt with. case_submissions keeps every step's data and
the current files at each submission, so the consultant sees what changed since the last one; a
case sent for review before this revision and not reopened since (its steps are locked) gets its
last submission as number 1, so its next resubmission already has something to compare with.
No reference data: the logo's print threshold is configuration (config.py LOGO_MIN_LONG_SIDE_PX).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 23:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

COMMENTS = sa.table("case_comments", sa.column("resolved", sa.Boolean), sa.column("state", sa.String))
CASES = sa.table("cases", sa.column("id"), sa.column("status"))
EVENTS = sa.table("case_events", sa.column("id"), sa.column("case_id"), sa.column("transition"),
                  sa.column("actor_id"), sa.column("created_at"))
STEPS = sa.table("case_steps", sa.column("case_id"), sa.column("name"), sa.column("data", sa.JSON))
FILES = sa.table("stored_files", sa.column("id"), sa.column("case_id"), sa.column("purpose"), sa.column("sha256"))
SUBMISSIONS = sa.table("case_submissions", *(sa.column(c) for c in (
    "case_id", "number", "submitted_at", "submitted_by_id")), sa.column("steps", sa.JSON), sa.column("files", sa.JSON))
#: statuses in which the steps may have changed since the last submission: no snapshot for them
#: (a withdrawn case may have been withdrawn while sent back for changes)
EDITED_SINCE = ("draft", "changes_requested", "withdrawn")
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
    _snapshot_locked_cases()


def _snapshot_locked_cases():
    """The last submission of every case whose steps have not changed since it was sent."""
    bind = op.get_bind()
    last_submit = (sa.select(EVENTS.c.case_id, sa.func.max(EVENTS.c.id).label("event_id"))
                   .where(EVENTS.c.transition == "submit").group_by(EVENTS.c.case_id).subquery())
    rows = bind.execute(
        sa.select(CASES.c.id, EVENTS.c.actor_id, EVENTS.c.created_at)
        .join(last_submit, last_submit.c.case_id == CASES.c.id)
        .join(EVENTS, EVENTS.c.id == last_submit.c.event_id)
        .where(CASES.c.status.not_in(EDITED_SINCE))
    ).all()
    for case_id, actor_id, submitted_at in rows:
        steps = {step.name: step.data or {} for step in bind.execute(sa.select(STEPS).where(STEPS.c.case_id == case_id))}
        files = {}
        for stored in bind.execute(sa.select(FILES).where(FILES.c.case_id == case_id).order_by(FILES.c.id)):
            files[stored.purpose] = [stored.id, stored.sha256]  # the latest upload of each purpose wins
        bind.execute(SUBMISSIONS.insert().values(case_id=case_id, number=1, submitted_at=submitted_at,
                                                 submitted_by_id=actor_id, steps=steps, files=files))


def downgrade():
    with op.batch_alter_table("case_comments") as batch:
        batch.drop_constraint(op.f("fk_case_comments_settled_by_id_users"), type_="foreignkey")
        for column in reversed(NEW_COMMENT_COLUMNS):
            batch.drop_column(column)
    op.drop_index(op.f("ix_case_submissions_case_id"), table_name="case_submissions")
    op.drop_table("case_submissions")
