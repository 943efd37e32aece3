"""Wizard steps, review comments, uploads, generated PDFs, audit log, and the reference
data that carries legal figures (Nice terms, official fees, form versions), loaded from
the CSV files in migrations/data/ as they stood at this revision.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 21:12:17.550998

"""
import csv
from datetime import date, datetime, timezone
from pathlib import Path

import sqlalchemy as sa
from alembic import op

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
#: Vietnamese OCOP group names in the term list -> ProductGroup values
OCOP_GROUPS = {
    "Thực phẩm": "food",
    "Đồ uống": "drinks",
    "Dược liệu và sản phẩm từ dược liệu": "herbal",
    "Hàng thủ công mỹ nghệ": "handicraft",
    "Sinh vật cảnh": "ornamental",
    "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch": "tourism",
}
#: collective and certification marks are filed on the trademark form and pay the same fees
MARK_KINDS = ("trademark", "collective", "certification")


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('fee_rates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('case_kind', sa.Enum('trademark', 'collective', 'certification', 'gi', name='casekind', native_enum=False, length=16), nullable=False),
    sa.Column('stage', sa.Enum('filing', 'grant', name='feestage', native_enum=False, length=16), nullable=False),
    sa.Column('unit', sa.Enum('application', 'class', 'class_after_first', 'extra_item', 'priority_claim', name='feeunit', native_enum=False, length=24), nullable=False),
    sa.Column('title_vi', sa.String(length=200), nullable=False),
    sa.Column('title_en', sa.String(length=200), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('included_items', sa.Integer(), nullable=True),
    sa.Column('legal_basis', sa.String(length=300), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('effective_to', sa.Date(), nullable=True),
    sa.Column('confirmed', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_fee_rates_amount_not_negative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fee_rates')),
    sa.UniqueConstraint('code', 'case_kind', 'effective_from', name='uq_fee_rates_code_kind_from')
    )
    op.create_table('form_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_kind', sa.Enum('trademark', 'collective', 'certification', 'gi', name='casekind', native_enum=False, length=16), nullable=False),
    sa.Column('form_number', sa.String(length=60), nullable=False),
    sa.Column('form_title', sa.String(length=200), nullable=False),
    sa.Column('legal_basis', sa.String(length=300), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('effective_to', sa.Date(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('confirmed', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_form_versions'))
    )
    op.create_table('nice_terms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ocop_group', sa.Enum('food', 'drinks', 'herbal', 'handicraft', 'ornamental', 'tourism', name='productgroup', native_enum=False, length=32), nullable=True),
    sa.Column('term_vi', sa.String(length=250), nullable=False),
    sa.Column('term_en', sa.String(length=250), nullable=False),
    sa.Column('nice_class', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('nice_class BETWEEN 1 AND 45', name=op.f('ck_nice_terms_nice_class_1_to_45')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nice_terms')),
    sa.UniqueConstraint('ocop_group', 'term_vi', 'nice_class', name='uq_nice_terms_group_term_class')
    )
    with op.batch_alter_table('nice_terms', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nice_terms_ocop_group'), ['ocop_group'], unique=False)

    op.create_table('audit_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_entries_actor_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entries'))
    )
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entries_entity'), ['entity'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entries_entity_id'), ['entity_id'], unique=False)

    op.create_table('case_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=40), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('resolved', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_case_comments_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_comments_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_comments'))
    )
    with op.batch_alter_table('case_comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_comments_case_id'), ['case_id'], unique=False)

    op.create_table('case_steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('complete', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_steps_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_case_steps_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_steps')),
    sa.UniqueConstraint('case_id', 'name', name='uq_case_steps_case_name')
    )
    with op.batch_alter_table('case_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_steps_case_id'), ['case_id'], unique=False)

    op.create_table('generated_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('data_hash', sa.String(length=64), nullable=False),
    sa.Column('stored_name', sa.String(length=80), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_generated_documents_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_generated_documents')),
    sa.UniqueConstraint('case_id', 'kind', 'data_hash', name='uq_generated_documents_case_kind_hash'),
    sa.UniqueConstraint('stored_name', name=op.f('uq_generated_documents_stored_name'))
    )
    with op.batch_alter_table('generated_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_generated_documents_case_id'), ['case_id'], unique=False)

    op.create_table('stored_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.Enum('mark_image', 'power_of_attorney', 'priority_document', 'map', 'other', name='filepurpose', native_enum=False, length=24), nullable=False),
    sa.Column('original_name', sa.String(length=255), nullable=False),
    sa.Column('stored_name', sa.String(length=80), nullable=False),
    sa.Column('content_type', sa.String(length=80), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('width_px', sa.Integer(), nullable=True),
    sa.Column('height_px', sa.Integer(), nullable=True),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_stored_files_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_stored_files_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stored_files')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_stored_files_stored_name'))
    )
    with op.batch_alter_table('stored_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stored_files_case_id'), ['case_id'], unique=False)


    load_reference_data()


def _rows(name):
    with open(DATA_DIR / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _date(text):
    return date.fromisoformat(text) if text else None


def _for_all_mark_kinds(rows):
    for row in rows:
        kinds = MARK_KINDS if row["case_kind"] == "trademark" else (row["case_kind"],)
        for kind in kinds:
            yield {**row, "case_kind": kind}


def load_reference_data():
    # Stored as naive UTC, as app.models.base.UTCDateTime does.
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    tables = {t.name: t for t in (
        sa.table("nice_terms", *(sa.column(c) for c in (
            "ocop_group", "term_vi", "term_en", "nice_class", "note", "active", "created_at", "updated_at"))),
        sa.table("fee_rates", *(sa.column(c) for c in (
            "code", "case_kind", "stage", "unit", "title_vi", "title_en", "amount", "included_items", "legal_basis",
            "effective_from", "effective_to", "confirmed", "note", "sort_order", "created_at", "updated_at"))),
        sa.table("form_versions", *(sa.column(c) for c in (
            "case_kind", "form_number", "form_title", "legal_basis", "effective_from", "effective_to",
            "active", "confirmed", "note", "created_at", "updated_at"))),
    )}
    connection = op.get_bind()
    connection.execute(tables["nice_terms"].insert(), [
        {"ocop_group": OCOP_GROUPS[r["ocop_group"]], "term_vi": r["term_vi"], "term_en": r["term_en"],
         "nice_class": int(r["nice_class"]), "note": r["note"] or None, "active": True,
         "created_at": now, "updated_at": now}
        for r in _rows("0002_nice_terms_ocop.csv")
    ])
    connection.execute(tables["fee_rates"].insert(), [
        {**r, "amount": int(r["amount"]), "included_items": int(r["included_items"]) if r["included_items"] else None,
         "sort_order": int(r["sort_order"]), "confirmed": r["confirmed"] == "true",
         "effective_from": _date(r["effective_from"]), "effective_to": _date(r["effective_to"]),
         "note": r["note"] or None, "created_at": now, "updated_at": now}
        for r in _for_all_mark_kinds(_rows("0002_fee_rates.csv"))
    ])
    connection.execute(tables["form_versions"].insert(), [
        {**r, "active": r["active"] == "true", "confirmed": r["confirmed"] == "true",
         "effective_from": _date(r["effective_from"]), "effective_to": _date(r["effective_to"]),
         "note": r["note"] or None, "created_at": now, "updated_at": now}
        for r in _for_all_mark_kinds(_rows("0002_form_versions.csv"))
    ])


def downgrade():
    with op.batch_alter_table('stored_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stored_files_case_id'))

    op.drop_table('stored_files')
    with op.batch_alter_table('generated_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_generated_documents_case_id'))

    op.drop_table('generated_documents')
    with op.batch_alter_table('case_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_steps_case_id'))

    op.drop_table('case_steps')
    with op.batch_alter_table('case_comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_comments_case_id'))

    op.drop_table('case_comments')
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entries_entity_id'))
        batch_op.drop_index(batch_op.f('ix_audit_entries_entity'))

    op.drop_table('audit_entries')
    with op.batch_alter_table('nice_terms', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nice_terms_ocop_group'))

    op.drop_table('nice_terms')
    op.drop_table('form_versions')
    op.drop_table('fee_rates')
