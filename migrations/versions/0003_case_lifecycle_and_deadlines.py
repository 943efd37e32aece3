"""Case lifecycle after filing, and legal time limits as data: deadline rules versioned by
filing date, validity periods, computed deadlines, holidays, reminders, notifications, internal
notes. Rules are loaded from migrations/data/0003_*.csv as they stood at this revision.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 21:54:00.296997

"""
import csv
from datetime import date, datetime, timezone
from pathlib import Path

import sqlalchemy as sa
from alembic import op

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('deadline_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('title_vi', sa.String(length=200), nullable=False),
    sa.Column('title_en', sa.String(length=200), nullable=False),
    sa.Column('case_kinds', sa.String(length=80), nullable=False),
    sa.Column('trigger', sa.String(length=40), nullable=False),
    sa.Column('closed_by', sa.String(length=200), nullable=False),
    sa.Column('months', sa.Integer(), nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.Column('from_expiry', sa.Boolean(), nullable=False),
    sa.Column('before', sa.Boolean(), nullable=False),
    sa.Column('extendable_times', sa.Integer(), nullable=False),
    sa.Column('extension_months', sa.Integer(), nullable=False),
    sa.Column('party', sa.Enum('applicant', 'office', name='party', native_enum=False, length=16), nullable=False),
    sa.Column('legal_basis', sa.String(length=300), nullable=False),
    sa.Column('filed_from', sa.Date(), nullable=True),
    sa.Column('filed_to', sa.Date(), nullable=True),
    sa.Column('confirmed', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deadline_rules'))
    )
    op.create_table('holidays',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_holidays')),
    sa.UniqueConstraint('day', name=op.f('uq_holidays_day'))
    )
    op.create_table('validity_periods',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('subject', sa.String(length=80), nullable=False),
    sa.Column('months', sa.Integer(), nullable=False),
    sa.Column('legal_basis', sa.String(length=300), nullable=False),
    sa.Column('confirmed', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_validity_periods')),
    sa.UniqueConstraint('code', name=op.f('uq_validity_periods_code'))
    )
    op.create_table('internal_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_internal_notes_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_internal_notes_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_internal_notes'))
    )
    with op.batch_alter_table('internal_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_internal_notes_case_id'), ['case_id'], unique=False)

    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_notifications_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notifications_user_id'), ['user_id'], unique=False)

    op.create_table('deadlines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('rule_id', sa.Integer(), nullable=False),
    sa.Column('trigger_event_id', sa.Integer(), nullable=True),
    sa.Column('trigger_date', sa.Date(), nullable=False),
    sa.Column('nominal_due', sa.Date(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('extensions', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('open', 'met', 'missed', 'cancelled', name='deadlinestate', native_enum=False, length=16), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_deadlines_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rule_id'], ['deadline_rules.id'], name=op.f('fk_deadlines_rule_id_deadline_rules'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['trigger_event_id'], ['case_events.id'], name=op.f('fk_deadlines_trigger_event_id_case_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deadlines'))
    )
    with op.batch_alter_table('deadlines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deadlines_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deadlines_due_date'), ['due_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_deadlines_state'), ['state'], unique=False)

    op.create_table('reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deadline_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('days_before', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['deadline_id'], ['deadlines.id'], name=op.f('fk_reminders_deadline_id_deadlines'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_reminders_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminders')),
    sa.UniqueConstraint('deadline_id', 'user_id', 'days_before', 'channel', name='uq_reminders_once')
    )
    with op.batch_alter_table('reminders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminders_deadline_id'), ['deadline_id'], unique=False)

    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('event_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('details', sa.JSON(), nullable=False, server_default=sa.text("'{}'")))
        batch_op.add_column(sa.Column('attachment_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('corrected_at', sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_case_events_attachment_id_stored_files'), 'stored_files', ['attachment_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('application_number', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('filing_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('filing_channel', sa.Enum('online', 'paper', name='filingchannel', native_enum=False, length=16), nullable=True))
        batch_op.add_column(sa.Column('publication_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('gazette_issue', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('certificate_number', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('grant_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('expiry_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default=sa.text('1')))
        batch_op.create_unique_constraint(batch_op.f('uq_cases_application_number'), ['application_number'])
        batch_op.create_unique_constraint(batch_op.f('uq_cases_certificate_number'), ['certificate_number'])

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('calendar_token', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_users_calendar_token'), ['calendar_token'])


    load_rules()


def _rows(name):
    with open(DATA_DIR / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def load_rules():
    now = datetime.now(timezone.utc).replace(tzinfo=None)  # naive UTC, as UTCDateTime stores it
    flag = lambda value: value == "true"  # noqa: E731
    day = lambda value: date.fromisoformat(value) if value else None  # noqa: E731
    rules = sa.table("deadline_rules", *(sa.column(c) for c in (
        "code", "title_vi", "title_en", "case_kinds", "trigger", "closed_by", "months", "days", "from_expiry",
        "before", "extendable_times", "extension_months", "party", "legal_basis", "filed_from", "filed_to",
        "confirmed", "active", "note", "created_at", "updated_at")))
    op.get_bind().execute(rules.insert(), [
        {**r, "months": int(r["months"]), "days": int(r["days"]), "from_expiry": flag(r["from_expiry"]),
         "before": flag(r["before"]), "extendable_times": int(r["extendable_times"]),
         "extension_months": int(r["extension_months"]), "filed_from": day(r["filed_from"]),
         "filed_to": day(r["filed_to"]), "confirmed": flag(r["confirmed"]), "active": True,
         "note": r["note"] or None, "created_at": now, "updated_at": now}
        for r in _rows("0003_deadline_rules.csv")
    ])
    periods = sa.table("validity_periods", *(sa.column(c) for c in (
        "code", "subject", "months", "legal_basis", "confirmed", "note", "created_at", "updated_at")))
    op.get_bind().execute(periods.insert(), [
        {**r, "months": int(r["months"]), "confirmed": flag(r["confirmed"]), "note": r["note"] or None,
         "created_at": now, "updated_at": now}
        for r in _rows("0003_validity_periods.csv")
    ])


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_users_calendar_token'), type_='unique')
        batch_op.drop_column('calendar_token')

    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_cases_certificate_number'), type_='unique')
        batch_op.drop_constraint(batch_op.f('uq_cases_application_number'), type_='unique')
        batch_op.drop_column('version')
        batch_op.drop_column('expiry_date')
        batch_op.drop_column('grant_date')
        batch_op.drop_column('certificate_number')
        batch_op.drop_column('gazette_issue')
        batch_op.drop_column('publication_date')
        batch_op.drop_column('filing_channel')
        batch_op.drop_column('filing_date')
        batch_op.drop_column('application_number')

    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_case_events_attachment_id_stored_files'), type_='foreignkey')
        batch_op.drop_column('corrected_at')
        batch_op.drop_column('attachment_id')
        batch_op.drop_column('details')
        batch_op.drop_column('event_date')

    with op.batch_alter_table('reminders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminders_deadline_id'))

    op.drop_table('reminders')
    with op.batch_alter_table('deadlines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deadlines_state'))
        batch_op.drop_index(batch_op.f('ix_deadlines_due_date'))
        batch_op.drop_index(batch_op.f('ix_deadlines_case_id'))

    op.drop_table('deadlines')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_user_id'))

    op.drop_table('notifications')
    with op.batch_alter_table('internal_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_internal_notes_case_id'))

    op.drop_table('internal_notes')
    op.drop_table('validity_periods')
    op.drop_table('holidays')
    op.drop_table('deadline_rules')
