"""Collective marks, certification marks and geographical indications: no schema change.

Their members, regulation on use and GI description are wizard answers, kept as drafts in
case_steps like every other step (so "save draft", conflicts and resuming work the same way);
the map is an upload (stored_files, purpose "map"); their fees and form versions were loaded
by 0002 for every kind. This revision marks the point where the new wizards start.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 23:30:00

"""


revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
