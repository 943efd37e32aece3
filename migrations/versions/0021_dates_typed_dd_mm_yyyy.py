"""Dates typed as dd/mm/yyyy: saved drafts' priority dates rewritten from the ISO form.

Until this revision the wizard's date fields were <input type="date">, whose value the browser
sends as 2026-02-05, and a draft keeps the raw input. Date fields are now text typed as
dd/mm/yyyy (an English browser's date input shows mm/dd/yyyy), which refuses the ISO form, so a
draft saved before would reopen with an error on a date the user typed correctly: its priority
dates are rewritten (2026-02-05 -> 05/02/2026). Anything else typed is left as it was. No schema
change; downgrade writes the ISO form back.

Revision ID: 0021
Revises: 0019
Create Date: 2026-12-07 23:00:00

"""
import re

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0019"
branch_labels = None
depends_on = None

STEPS = sa.table("case_steps", sa.column("id"), sa.column("name"), sa.column("data", sa.JSON))
DATE_KEY = re.compile(r"priority_claims-\d+-date")
ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
DAY_FIRST = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def _to_day_first(value):
    match = ISO.fullmatch(value.strip())
    return f"{match[3]}/{match[2]}/{match[1]}" if match else value


def _to_iso(value):
    match = DAY_FIRST.fullmatch(value.strip())
    return f"{match[3]}-{int(match[2]):02d}-{int(match[1]):02d}" if match else value


def _rewrite(convert):
    bind = op.get_bind()
    for step in bind.execute(sa.select(STEPS).where(STEPS.c.name == "priority")).all():
        data = dict(step.data or {})
        changed = {key: [convert(value) if isinstance(value, str) else value for value in values]
                   for key, values in data.items() if DATE_KEY.fullmatch(key) and isinstance(values, list)}
        if any(changed[key] != data[key] for key in changed):
            bind.execute(STEPS.update().where(STEPS.c.id == step.id).values(data={**data, **changed}))


def upgrade():
    _rewrite(_to_day_first)


def downgrade():
    _rewrite(_to_iso)
