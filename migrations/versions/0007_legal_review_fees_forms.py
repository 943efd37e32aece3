"""Legal review (issue 12): the rest of the fee schedule and the declaration forms by filing date.

Fees (migrations/data/0007_fee_rates.csv, each with its legal basis and source): the GI's register
entry fee at grant, the fee for each extension of a time limit, the classification fee, renewal
fees per class and the late-renewal surcharge. New stages ("renewal", "on_request") and units
("extension", "percent_per_late_month") are values of VARCHAR columns: no schema change.

Forms: the trademark form of Decree 65/2023 (Mẫu số 08) applies to filings until 31/03/2026 and the
form of Circular 10/2026/TT-BKHCN (Mẫu số 04, unconfirmed) from 01/04/2026; the GI declaration is
Mẫu số 09 of Decree 65/2023 until 31/03/2026, and the form of Circular 10/2026 (number not found,
left empty for an admin to fill in) from 01/04/2026 (migrations/data/0007_form_versions.csv).

Periods: a mark's priority claim is refused later than 6 months after the first filing
(migrations/data/0007_validity_periods.csv).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-08 10:00:00

"""
import csv
from datetime import date, datetime, timezone
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
#: collective and certification marks are filed on the trademark form and pay the same fees
MARK_KINDS = ("trademark", "collective", "certification")
LAST_DAY_BEFORE_LAW_131 = date(2026, 3, 31)
DECREE_65_TRADEMARK_FORM = "Mẫu số 08"
CIRCULAR_10_TRADEMARK_FORM = "Mẫu số 04"
CIRCULAR_10_TRADEMARK_NOTE = (
    "UNCONFIRMED (third-party only): \"Mẫu số 04 Phụ lục I Thông tư 10/2026/TT-BKHCN (áp dụng từ 01/04/2026, "
    "thay Mẫu 08 NĐ 65/2023)\" (domain notes §1.1); Circular 20/2026/TT-BKHCN is said to have updated the forms "
    "from 01/07/2026, keeping Mẫu số 04. Applies to filings from 01/04/2026 (Decree 100/2026, domain notes §9).")
OLD_GI_FORM = {"case_kind": "gi", "form_number": "(chưa xác định)", "form_title": "Tờ khai đăng ký chỉ dẫn địa lý",
               "legal_basis": "Nghị định 65/2023/NĐ-CP", "effective_from": date(2023, 8, 23), "effective_to": None,
               "active": True, "confirmed": False,
               "note": "UNCONFIRMED: the GI form number was not found (domain notes §1.1)."}

fee_rates = sa.table("fee_rates", *(sa.column(c) for c in (
    "code", "case_kind", "stage", "unit", "title_vi", "title_en", "amount", "included_items", "legal_basis",
    "effective_from", "effective_to", "confirmed", "note", "sort_order", "created_at", "updated_at")))
validity_periods = sa.table("validity_periods", *(sa.column(c) for c in (
    "code", "subject", "months", "legal_basis", "confirmed", "note", "created_at", "updated_at")))
form_versions = sa.table("form_versions", *(sa.column(c) for c in (
    "case_kind", "form_number", "form_title", "legal_basis", "effective_from", "effective_to",
    "active", "confirmed", "note", "created_at", "updated_at")))


def _rows(name):
    with open(DATA_DIR / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _date(text):
    return date.fromisoformat(text) if text else None


def _for_all_mark_kinds(rows):
    for row in rows:
        for kind in MARK_KINDS if row["case_kind"] == "trademark" else (row["case_kind"],):
            yield {**row, "case_kind": kind}


def _now():
    return datetime.now(timezone.utc).replace(tzinfo=None)  # naive UTC, as UTCDateTime stores it


def _update_mark_form(form_number, **values):
    """Change the rows of a declaration form that every kind of mark is filed on."""
    op.get_bind().execute(form_versions.update()
                          .where(form_versions.c.case_kind.in_(MARK_KINDS), form_versions.c.form_number == form_number)
                          .values(**values))


def upgrade():
    connection = op.get_bind()
    now = _now()
    connection.execute(fee_rates.insert(), [
        {**r, "amount": int(r["amount"]), "included_items": int(r["included_items"]) if r["included_items"] else None,
         "sort_order": int(r["sort_order"]), "confirmed": r["confirmed"] == "true",
         "effective_from": _date(r["effective_from"]), "effective_to": _date(r["effective_to"]),
         "note": r["note"] or None, "created_at": now, "updated_at": now}
        for r in _for_all_mark_kinds(_rows("0007_fee_rates.csv"))
    ])
    connection.execute(validity_periods.insert(), [
        {**r, "months": int(r["months"]), "confirmed": r["confirmed"] == "true", "note": r["note"] or None,
         "created_at": now, "updated_at": now}
        for r in _rows("0007_validity_periods.csv")
    ])
    _update_mark_form(DECREE_65_TRADEMARK_FORM, effective_to=LAST_DAY_BEFORE_LAW_131, updated_at=now)
    _update_mark_form(CIRCULAR_10_TRADEMARK_FORM, active=True, note=CIRCULAR_10_TRADEMARK_NOTE, updated_at=now)
    connection.execute(form_versions.delete().where(form_versions.c.case_kind == "gi",
                                                    form_versions.c.form_number == OLD_GI_FORM["form_number"]))
    connection.execute(form_versions.insert(), [
        {**r, "active": r["active"] == "true", "confirmed": r["confirmed"] == "true",
         "effective_from": _date(r["effective_from"]), "effective_to": _date(r["effective_to"]),
         "note": r["note"] or None, "created_at": now, "updated_at": now}
        for r in _rows("0007_form_versions.csv")
    ])


def downgrade():
    connection = op.get_bind()
    now = _now()
    for row in _for_all_mark_kinds(_rows("0007_fee_rates.csv")):
        connection.execute(fee_rates.delete().where(fee_rates.c.code == row["code"],
                                                    fee_rates.c.case_kind == row["case_kind"],
                                                    fee_rates.c.effective_from == _date(row["effective_from"])))
    codes = [r["code"] for r in _rows("0007_validity_periods.csv")]
    connection.execute(validity_periods.delete().where(validity_periods.c.code.in_(codes)))
    connection.execute(form_versions.delete().where(form_versions.c.case_kind == "gi"))
    connection.execute(form_versions.insert(), [{**OLD_GI_FORM, "created_at": now, "updated_at": now}])
    _update_mark_form(CIRCULAR_10_TRADEMARK_FORM, active=False, updated_at=now)
    _update_mark_form(DECREE_65_TRADEMARK_FORM, effective_to=None, updated_at=now)
