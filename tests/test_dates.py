"""Dates are typed and shown as dd/mm/yyyy in every form, whatever the browser's language."""
from __future__ import annotations

import re
from datetime import date

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from app.forms import parse_date
from app.models import CaseStep, Product, Role
from tests.page_helpers import errors_next_to
from tests.wizard_helpers import PRIORITY, filled_trademark, post_step

BAD_DATE = "Hãy nhập ngày theo dạng dd/mm/yyyy, ví dụ 15/11/2026."
BAD_INPUTS = ["31/02/2026", "2026-02-01", "abc", "5/2/26", "05/13/2026", "01/01/0001", "05/02/2026 x"]


@pytest.fixture
def producer(login_as, make_organization, make_product, reference_data, freeze_today):
    freeze_today(date(2026, 3, 1))
    return filled_trademark(login_as, make_organization, make_product)


def _claim(day: str) -> dict:
    return {**PRIORITY, "priority_basis": "paris", "priority_claims-0-country": "JP",
            "priority_claims-0-number": "2026-001234", "priority_claims-0-date": day}


def _saved(db, case_id: int) -> dict:
    db.session.remove()
    return db.session.scalar(sa.select(CaseStep.data).where(CaseStep.case_id == case_id, CaseStep.name == "priority"))


@pytest.mark.parametrize("typed", BAD_INPUTS)
def test_a_bad_date_gets_the_fields_message_and_the_draft_keeps_it(producer, db, typed):
    client, case_id = producer
    for action in ("continue", "save"):
        response = post_step(client, case_id, "priority", _claim(typed), action=action)
        if action == "continue":
            assert response.status_code == 422
            assert errors_next_to(response, "priority_claims-0-date") == [BAD_DATE]
            page = response.get_data(as_text=True)
            assert re.search(r'id="priority_claims-0-date"[^>]*value="{}"'.format(re.escape(typed)), page) or \
                re.search(r'value="{}"[^>]*id="priority_claims-0-date"'.format(re.escape(typed)), page)
        saved = _saved(db, case_id)
        assert saved["priority_claims-0-date"] == [typed] and saved["priority_claims-0-country"] == ["JP"]


def test_a_day_first_date_is_that_day(producer, db):
    client, case_id = producer
    response = post_step(client, case_id, "priority", _claim("05/02/2026"))
    assert response.status_code == 302
    page = client.get(f"/cases/{case_id}/steps/priority").get_data(as_text=True)
    field = re.search(r'<input[^>]*id="priority_claims-0-date"[^>]*>', page).group(0)
    assert 'value="05/02/2026"' in field and 'type="text"' in field and 'inputmode="numeric"' in field
    assert 'placeholder="dd/mm/yyyy"' in field and "pattern=" in field


@pytest.mark.parametrize("typed, day", [("05/02/2026", date(2026, 2, 5)), ("5/2/2026", date(2026, 2, 5)),
                                        (" 29/02/2028 ", date(2028, 2, 29)), ("31/12/2100", date(2100, 12, 31))])
def test_parse_date_reads_the_day_first(typed, day):
    assert parse_date(typed) == day


@pytest.mark.parametrize("typed", BAD_INPUTS + ["", "29/02/2027", "1/1/1899"])
def test_parse_date_refuses_anything_else(typed):
    with pytest.raises(ValueError):
        parse_date(typed)


def _product_form(organization, issued: str) -> dict:
    return {"name": "Khóm sấy dẻo", "organization_id": organization.id, "group": "food", "stars": "4",
            "ward_code": "", "certificate_number": "", "certificate_issued_on": issued, "certificate_expires_on": ""}


def test_product_dates_are_day_first(db, login_as, make_organization):
    organization = make_organization()
    client, _office = login_as(Role.OFFICE)
    refused = client.post("/products/new", data=_product_form(organization, "2025-03-15"))
    assert refused.status_code in (200, 422) and errors_next_to(refused, "certificate_issued_on") == [BAD_DATE]
    assert client.post("/products/new", data=_product_form(organization, "15/03/2025")).status_code == 302
    product = db.session.scalars(sa.select(Product).where(Product.name == "Khóm sấy dẻo")).one()
    assert product.certificate_issued_on == date(2025, 3, 15)
    page = client.get(f"/products/{product.id}/edit").get_data(as_text=True)
    assert re.search(r'<input[^>]*id="certificate_issued_on"[^>]*value="15/03/2025"', page)
    assert 'type="date"' not in page


def test_no_form_field_is_a_native_date_input(login_as):
    """An English browser shows a native date input as mm/dd/yyyy: no page may use one."""
    from pathlib import Path

    templates = Path(__file__).resolve().parent.parent / "templates"
    assert not [p for p in templates.rglob("*.html") if re.search(r"type=[\"']date[\"']", p.read_text())]


def test_migration_rewrites_saved_iso_dates_and_back(producer, db):
    client, case_id = producer
    post_step(client, case_id, "priority", {**_claim("05/02/2026"), "priority_claims-1-date": "abc"}, action="save")
    db.session.remove()
    downgrade(revision="0013")
    saved = _saved(db, case_id)
    assert saved["priority_claims-0-date"] == ["2026-02-05"] and saved["priority_claims-1-date"] == ["abc"]
    upgrade()
    saved = _saved(db, case_id)
    assert saved["priority_claims-0-date"] == ["05/02/2026"] and saved["priority_claims-1-date"] == ["abc"]
    assert saved["priority_claims-0-country"] == ["JP"]
