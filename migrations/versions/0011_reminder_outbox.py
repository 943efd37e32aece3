"""Reminder e-mails as an outbox: reminders.sent_at is empty while an e-mail waits for the mail server.

Reminders recorded before this revision were all sent (the old code sent, then recorded), so their
sent_at stays as it is.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 21:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.alter_column("sent_at", existing_type=sa.DateTime(), nullable=True)


def downgrade():
    # a waiting e-mail was never sent: without its row the older code records and sends it again
    op.execute(sa.text("DELETE FROM reminders WHERE sent_at IS NULL"))
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.alter_column("sent_at", existing_type=sa.DateTime(), nullable=False)
