"""Reference pages: the public fee schedule, and the admin editors with their audit trail."""
from __future__ import annotations

import re
from datetime import date

import pytest
import sqlalchemy as sa

from app import audit
from app.fees import estimate_fees
from app.models import CaseKind, FeeRate, FormVersion, NiceTerm, ProductGroup, Role
from tests.conftest import text_of
from tests.page_helpers import audit_entries, errors_next_to

P, C, O, A = Role.PRODUCER, Role.CONSULTANT, Role.OFFICE, Role.ADMIN
ON = date(2026, 5, 1)

#: Vietnamese texts from /tmp/vi-fees.po: these asserts pass once the fragment is merged
VI_UNCONFIRMED = "Chưa xác nhận"
VI_NICE_CLASS = "Nhóm Nice phải là một số từ 1 đến 45."


@pytest.fixture
def reference(db):
    """Ids of seeded rows (migration 0002 loads the fee rates, Nice terms and form versions)."""
    term = db.session.scalar(sa.select(NiceTerm).where(NiceTerm.term_vi == "Nước mắm", NiceTerm.nice_class == 30))
    version = db.session.scalar(sa.select(FormVersion).where(
        FormVersion.case_kind == CaseKind.TRADEMARK, FormVersion.form_number == "Mẫu số 08"))
    return {"rate": _rate(db, CaseKind.TRADEMARK, "filing").id, "term": term.id, "form": version.id}


def _rate(db, kind: CaseKind, code: str) -> FeeRate:
    stmt = sa.select(FeeRate).where(FeeRate.case_kind == kind, FeeRate.code == code).order_by(FeeRate.effective_from)
    return db.session.scalars(stmt).first()


def _fee_data(rate: FeeRate, **changes) -> dict:
    """The edit form as a browser would post it, with some fields changed."""
    data = {
        "amount": str(rate.amount), "title_vi": rate.title_vi, "title_en": rate.title_en,
        "legal_basis": rate.legal_basis, "effective_from": rate.effective_from.strftime("%d/%m/%Y"),
        "effective_to": rate.effective_to.strftime("%d/%m/%Y") if rate.effective_to else "", "note": rate.note or "",
    }
    if rate.confirmed:
        data["confirmed"] = "y"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


# Access ------------------------------------------------------------------------------

ADMIN_PAGES = [
    "/reference/admin/",
    "/reference/admin/fees",
    "/reference/admin/fees?kind=gi",
    "/reference/admin/fees/new",
    "/reference/admin/fees/new?copy={rate}",
    "/reference/admin/fees/{rate}",
    "/reference/admin/terms",
    "/reference/admin/terms?q=nuoc&nice_class=30&group=food",
    "/reference/admin/terms/new",
    "/reference/admin/terms/{term}",
    "/reference/admin/forms",
    "/reference/admin/forms/{form}",
]


@pytest.mark.parametrize("role", [P, C, O, A], ids=lambda r: r.value)
def test_roles_matrix(login_as, reference, role):
    client, _ = login_as(role)
    assert client.get("/reference/fees").status_code == 200
    for url in ADMIN_PAGES:
        assert client.get(url.format(**reference)).status_code == (200 if role == A else 403), url


@pytest.mark.parametrize("role", [P, C, O], ids=lambda r: r.value)
def test_non_admins_cannot_post_changes(login_as, reference, db, role):
    client, _ = login_as(role)
    rate = db.session.get(FeeRate, reference["rate"])
    assert client.post(f"/reference/admin/fees/{rate.id}", data=_fee_data(rate, amount="1")).status_code == 403
    assert client.post("/reference/admin/terms/new", data={"term_vi": "Gạo", "nice_class": "30"}).status_code == 403
    db.session.expire_all()
    assert db.session.get(FeeRate, reference["rate"]).amount == 150_000
    assert audit_entries("fee_rates") == []


def test_visitors_are_sent_to_the_login_page(client, reference):
    for url in ("/reference/fees", "/reference/admin/fees"):
        response = client.get(url)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_unknown_rows_are_404(login_as, reference):
    admin, _ = login_as(A)
    for url in ("/reference/admin/fees/9999", "/reference/admin/terms/9999", "/reference/admin/forms/9999",
                "/reference/admin/fees/new?copy=9999"):
        assert admin.get(url).status_code == 404, url


# The public fee schedule -------------------------------------------------------------


def test_fee_schedule_shows_every_kind_with_amounts_and_examples(login_as, reference):
    client, _ = login_as(P)
    response = client.get("/reference/fees")
    page = response.get_data(as_text=True)
    for kind in CaseKind:
        assert f'id="fees-{kind.value}"' in page
    text = text_of(response)
    assert "Lệ phí nộp đơn" in text and "Thông tư 263/2016/TT-BTC" not in text  # legal bases are for staff
    assert "Thông tư 263/2016/TT-BTC" in text_of(login_as(C)[0].get("/reference/fees"))
    assert "550.000 ₫" in text and "1.200.000 ₫" in text
    assert "01/01/2017" in text
    # The worked example for one class with up to 6 items: 1,000,000 at filing, 360,000 at grant.
    trademark = page[page.index('id="fees-trademark"'):page.index('id="fees-collective"')]
    assert "1.000.000" in trademark and "360.000" in trademark
    gi = page[page.index('id="fees-gi"'):]
    assert "1.470.000" in gi


@pytest.mark.parametrize("role, mark, explanation", [(C, "UNCONFIRMED</span>", "may differ from it"),
                                                       (P, "(may change)</span>", "Amounts marked * have not")])
def test_unconfirmed_rows_are_marked_once_and_explained_at_the_top(login_as, reference, role, mark, explanation):
    """Staff see a badge on each unconfirmed figure, producers a star; the data's own note (why it is
    unconfirmed, for the administrator) is not repeated on every row."""
    client, _ = login_as(role)
    client.post("/language/en", data={"next": "/reference/fees"})
    response = client.get("/reference/fees")
    page = response.get_data(as_text=True)
    trademark = page[page.index('id="fees-trademark"'):page.index('id="fees-collective"')]
    rows = re.findall(r"<tr>(.*?)</tr>", trademark, re.S)
    unconfirmed = [row for row in rows if mark in row]
    # grant per extra class, register, grant publication; classification per class and per item; the five renewal fees
    assert len(unconfirmed) == 10
    assert "Entry in the national register" in unconfirmed[1]
    assert "domain notes" not in page
    assert explanation in text_of(response)
    assert ("UNCONFIRMED" in page) is (role == C)


def test_unconfirmed_badge_is_vietnamese_by_default(login_as, reference):
    client, _ = login_as(C)
    assert VI_UNCONFIRMED in text_of(client.get("/reference/fees"))


def test_fee_schedule_uses_the_rates_in_force_today(login_as, reference, db):
    rate = db.session.get(FeeRate, reference["rate"])
    rate.effective_to = date(2020, 12, 31)
    db.session.add(FeeRate(code="filing", case_kind=CaseKind.TRADEMARK, stage=rate.stage, unit=rate.unit,
                           title_vi="Lệ phí nộp đơn (mới)", title_en="Filing fee (new)", amount=175_000,
                           legal_basis="Thông tư mới", effective_from=date(2021, 1, 1), confirmed=True))
    db.session.commit()
    client, _ = login_as(P)
    page = client.get("/reference/fees").get_data(as_text=True)
    trademark = page[page.index('id="fees-trademark"'):page.index('id="fees-collective"')]
    assert "Lệ phí nộp đơn (mới)" in trademark and "175.000" in trademark
    assert "1.025.000" in trademark  # the example follows the new rate


# Editing fee rates -------------------------------------------------------------------


def test_editing_a_fee_is_audited_and_changes_the_estimate(login_as, reference, db):
    admin, me = login_as(A)
    rate = db.session.get(FeeRate, reference["rate"])
    assert estimate_fees(CaseKind.TRADEMARK, {30: 6}, on=ON).filing_total == 1_000_000
    response = admin.post(f"/reference/admin/fees/{rate.id}", data=_fee_data(rate, amount="160.000"))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(FeeRate, rate.id).amount == 160_000
    [entry] = audit_entries("fee_rates")
    assert (entry.entity_id, entry.action, entry.actor_id) == (rate.id, "update", me.id)
    assert entry.changes == {"amount": [150_000, 160_000]}
    assert estimate_fees(CaseKind.TRADEMARK, {30: 6}, on=ON).filing_total == 1_010_000
    # Other kinds have their own rows and are untouched.
    assert estimate_fees(CaseKind.COLLECTIVE, {30: 6}, on=ON).filing_total == 1_000_000
    # The edit page shows who changed what.
    text = text_of(admin.get(f"/reference/admin/fees/{rate.id}"))
    assert me.full_name in text and "150.000 → 160.000" in text
    assert re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d", text)


def test_saving_without_a_change_records_nothing(login_as, reference, db):
    admin, _ = login_as(A)
    rate = db.session.get(FeeRate, reference["rate"])
    assert admin.post(f"/reference/admin/fees/{rate.id}", data=_fee_data(rate)).status_code == 302
    assert audit_entries("fee_rates") == []


def test_dates_and_flags_are_audited_as_plain_values(login_as, reference, db):
    admin, _ = login_as(A)
    rate = _rate(db, CaseKind.TRADEMARK, "grant_register")
    data = _fee_data(rate, effective_to="31/03/2026", confirmed="y", note="Checked in the gazette.")
    assert admin.post(f"/reference/admin/fees/{rate.id}", data=data).status_code == 302
    [entry] = audit_entries("fee_rates")
    assert entry.changes == {
        "effective_to": [None, "2026-03-31"],
        "confirmed": [False, True],
        "note": ["UNCONFIRMED against the circular (domain notes §4.3).", "Checked in the gazette."],
    }
    text = text_of(admin.get(f"/reference/admin/fees/{rate.id}"))
    assert "31/03/2026" in text


@pytest.mark.parametrize(
    "changes,field_id",
    [
        ({"amount": "-150000"}, "amount"),
        ({"amount": "mười nghìn"}, "amount"),
        ({"amount": "3.000.000.000"}, "amount"),  # more than the column holds on PostgreSQL
        ({"amount": ""}, "amount"),
        ({"legal_basis": "   "}, "legal_basis"),
        ({"title_vi": ""}, "title_vi"),
        ({"effective_from": "01/01/2017", "effective_to": "31/12/2016"}, "effective_to"),
        ({"effective_from": "2017-01-01"}, "effective_from"),  # dates are typed day first
    ],
)
def test_bad_fee_input_is_refused_next_to_the_field(login_as, reference, db, changes, field_id):
    admin, _ = login_as(A)
    rate = db.session.get(FeeRate, reference["rate"])
    response = admin.post(f"/reference/admin/fees/{rate.id}", data=_fee_data(rate, **changes))
    assert response.status_code == 422
    assert len(errors_next_to(response, field_id)) == 1
    db.session.expire_all()
    stored = db.session.get(FeeRate, rate.id)
    assert (stored.amount, stored.legal_basis, stored.effective_to) == (150_000, rate.legal_basis, None)
    assert audit_entries("fee_rates") == []


def test_negative_amount_message(login_as, reference, db):
    admin, _ = login_as(A)
    admin.post("/language/en", data={"next": "/"})
    rate = db.session.get(FeeRate, reference["rate"])
    response = admin.post(f"/reference/admin/fees/{rate.id}", data=_fee_data(rate, amount="-1"))
    assert errors_next_to(response, "amount") == ["The amount cannot be negative."]
    response = admin.post(f"/reference/admin/fees/{rate.id}", data=_fee_data(rate, effective_to="01/01/2016"))
    assert errors_next_to(response, "effective_to") == ["The end date cannot be before the start date."]


def test_new_rate_from_a_later_date_takes_over_from_then(login_as, reference, db):
    admin, me = login_as(A)
    source = db.session.get(FeeRate, reference["rate"])
    form = admin.get(f"/reference/admin/fees/new?copy={source.id}")
    assert form.status_code == 200
    page = form.get_data(as_text=True)
    assert 'value="filing"' in page and 'value="150000"' in page
    data = {
        "code": "filing", "case_kind": "trademark", "stage": "filing", "unit": "application", "sort_order": "10",
        "amount": "200000", "title_vi": source.title_vi, "title_en": source.title_en,
        "legal_basis": "Thông tư mới", "effective_from": "01/04/2026", "effective_to": "", "note": "",
    }
    response = admin.post("/reference/admin/fees/new", data=data)
    assert response.status_code == 302
    new = db.session.scalar(sa.select(FeeRate).where(FeeRate.effective_from == date(2026, 4, 1)))
    assert new.amount == 200_000 and not new.confirmed
    [entry] = audit_entries("fee_rates")
    assert (entry.action, entry.entity_id, entry.actor_id) == ("create", new.id, me.id)
    assert entry.changes["amount"] == [None, 200_000] and entry.changes["effective_from"] == [None, "2026-04-01"]
    assert estimate_fees(CaseKind.TRADEMARK, {30: 6}, on=date(2026, 5, 1)).filing_total == 1_050_000
    assert estimate_fees(CaseKind.TRADEMARK, {30: 6}, on=date(2026, 3, 31)).filing_total == 1_000_000
    # Posting the same code, kind and date again is refused next to the date.
    again = admin.post("/reference/admin/fees/new", data=data)
    assert again.status_code == 422
    assert len(errors_next_to(again, "effective_from")) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(FeeRate).where(FeeRate.code == "filing",
                             FeeRate.case_kind == CaseKind.TRADEMARK)) == 2


def test_moving_a_rate_onto_another_rates_date_is_refused(login_as, reference, db):
    admin, _ = login_as(A)
    old = db.session.get(FeeRate, reference["rate"])
    newer = FeeRate(code="filing", case_kind=CaseKind.TRADEMARK, stage=old.stage, unit=old.unit, title_vi="x",
                    title_en="x", amount=1, legal_basis="x", effective_from=date(2026, 4, 1))
    db.session.add(newer)
    db.session.commit()
    response = admin.post(f"/reference/admin/fees/{newer.id}", data=_fee_data(newer, effective_from="01/01/2017"))
    assert response.status_code == 422
    assert len(errors_next_to(response, "effective_from")) == 1
    db.session.expire_all()
    assert db.session.get(FeeRate, newer.id).effective_from == date(2026, 4, 1)


def test_new_rate_needs_a_known_kind_and_a_clean_code(login_as, reference, db):
    admin, _ = login_as(A)
    data = {"code": "Phí mới", "case_kind": "patent", "stage": "filing", "unit": "application", "sort_order": "1",
            "amount": "1000", "title_vi": "Phí", "title_en": "Fee", "legal_basis": "TT", "effective_from": "01/01/2026"}
    response = admin.post("/reference/admin/fees/new", data=data)
    assert response.status_code == 422
    assert len(errors_next_to(response, "code")) == 1 and len(errors_next_to(response, "case_kind")) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(FeeRate).where(FeeRate.title_vi == "Phí")) == 0


def test_admin_fee_list_shows_past_present_and_future_rows(login_as, reference, db):
    source = db.session.get(FeeRate, reference["rate"])
    db.session.add(FeeRate(code="filing", case_kind=CaseKind.TRADEMARK, stage=source.stage, unit=source.unit,
                           title_vi="Lệ phí nộp đơn tương lai", title_en="Future filing fee", amount=1,
                           legal_basis="x", effective_from=date(2099, 1, 1)))
    db.session.commit()
    admin, _ = login_as(A)
    admin.post("/language/en", data={"next": "/"})
    text = text_of(admin.get("/reference/admin/fees?kind=trademark"))
    assert "Future filing fee" in text and "Not yet in force" in text and "In force" in text
    assert "Collective mark" not in text.split("Status", 1)[1]


# Nice terms --------------------------------------------------------------------------


def test_term_search_ignores_accents_and_filters(login_as, reference):
    admin, _ = login_as(A)
    text = text_of(admin.get("/reference/admin/terms?q=nuoc mam"))
    assert "Nước mắm" in text and "Cá khô" not in text
    text = text_of(admin.get("/reference/admin/terms?q=DRIED"))
    assert "Cá khô" in text and "Nước mắm" not in text
    text = text_of(admin.get("/reference/admin/terms?group=drinks"))
    assert "Rượu gạo" in text and "Nước mắm" not in text
    text = text_of(admin.get("/reference/admin/terms?nice_class=29"))
    assert "Cá khô" in text and "Rượu gạo" not in text


def test_new_term_is_stored_nfc_and_audited(login_as, reference, db):
    import unicodedata

    admin, me = login_as(A)
    decomposed = unicodedata.normalize("NFD", "Bánh tét lá cẩm")
    response = admin.post("/reference/admin/terms/new", data={
        "term_vi": decomposed, "term_en": "Purple rice cakes", "nice_class": "30", "ocop_group": "food", "active": "y"})
    assert response.status_code == 302
    term = db.session.scalar(sa.select(NiceTerm).where(NiceTerm.term_en == "Purple rice cakes"))
    assert term.term_vi == "Bánh tét lá cẩm" and term.ocop_group == ProductGroup.FOOD and term.active
    [entry] = audit_entries("nice_terms")
    assert entry.action == "create" and entry.actor_id == me.id
    assert entry.changes["nice_class"] == [None, 30] and entry.changes["ocop_group"] == [None, "food"]


@pytest.mark.parametrize(
    "data,field_id",
    [
        ({"term_vi": "Gạo", "nice_class": "46"}, "nice_class"),
        ({"term_vi": "Gạo", "nice_class": "0"}, "nice_class"),
        ({"term_vi": "Gạo", "nice_class": "ba mươi"}, "nice_class"),
        ({"term_vi": "", "nice_class": "30"}, "term_vi"),
        ({"term_vi": "nước mắm", "nice_class": "30", "ocop_group": "food"}, "term_vi"),  # duplicate
        ({"term_vi": "Gạo", "nice_class": "30", "ocop_group": "fruit"}, "ocop_group"),
    ],
)
def test_bad_term_input_is_refused(login_as, reference, db, data, field_id):
    admin, _ = login_as(A)
    seeded = db.session.scalar(sa.select(sa.func.count()).select_from(NiceTerm))
    response = admin.post("/reference/admin/terms/new", data={"term_en": "", "note": "", "ocop_group": "", **data})
    assert response.status_code == 422
    assert len(errors_next_to(response, field_id)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(NiceTerm)) == seeded
    assert audit_entries("nice_terms") == []


def test_nice_class_message_is_vietnamese(login_as, reference):
    admin, _ = login_as(A)
    response = admin.post("/reference/admin/terms/new", data={"term_vi": "Gạo", "nice_class": "46"})
    assert errors_next_to(response, "nice_class") == [VI_NICE_CLASS]


def test_same_term_in_another_group_or_class_is_allowed(login_as, reference, db):
    admin, _ = login_as(A)
    for data in ({"term_vi": "Nước mắm", "nice_class": "30", "ocop_group": "drinks"},
                 {"term_vi": "Nước mắm", "nice_class": "29", "ocop_group": "food"}):
        assert admin.post("/reference/admin/terms/new", data=data).status_code == 302


def test_editing_a_term_is_audited(login_as, reference, db):
    admin, me = login_as(A)
    term_id = reference["term"]
    seeded_note = db.session.get(NiceTerm, term_id).note
    response = admin.post(f"/reference/admin/terms/{term_id}", data={
        "term_vi": "Nước mắm", "term_en": "Fish sauce", "nice_class": "30", "ocop_group": "food", "note": "NCL 13"})
    assert response.status_code == 302
    db.session.expire_all()
    term = db.session.get(NiceTerm, term_id)
    assert term.note == "NCL 13" and term.active is False
    [entry] = audit_entries("nice_terms")
    assert entry.changes == {"note": [seeded_note, "NCL 13"], "active": [True, False]}
    # Saving it again unchanged is allowed (it is not a duplicate of itself) and records nothing.
    again = admin.post(f"/reference/admin/terms/{term_id}", data={
        "term_vi": "Nước mắm", "term_en": "Fish sauce", "nice_class": "30", "ocop_group": "food", "note": "NCL 13"})
    assert again.status_code == 302
    assert len(audit_entries("nice_terms")) == 1
    assert me.full_name in text_of(admin.get(f"/reference/admin/terms/{term_id}"))


def test_a_term_cannot_be_renamed_onto_another(login_as, reference, db):
    admin, _ = login_as(A)
    other = db.session.scalar(sa.select(NiceTerm).where(NiceTerm.term_vi == "Cá khô"))
    response = admin.post(f"/reference/admin/terms/{other.id}", data={
        "term_vi": "Nước mắm", "nice_class": "30", "ocop_group": "food", "active": "y"})
    assert response.status_code == 422
    assert len(errors_next_to(response, "term_vi")) == 1
    db.session.expire_all()
    assert db.session.get(NiceTerm, other.id).term_vi == "Cá khô"


def test_a_key_taken_meanwhile_is_refused_next_to_the_field(login_as, reference, db, monkeypatch):
    """Another admin saves the same key after the form's own check passed: the database refuses it."""
    monkeypatch.setattr("app.reference.services.fee_rate_taken", lambda *args: False)
    monkeypatch.setattr("app.reference.services.nice_term_taken", lambda *args: False)
    admin, _ = login_as(A)
    rate = db.session.get(FeeRate, reference["rate"])
    copy = {**_fee_data(rate), "code": rate.code, "case_kind": rate.case_kind.value, "stage": rate.stage.value,
            "unit": rate.unit.value, "sort_order": str(rate.sort_order)}
    response = admin.post("/reference/admin/fees/new", data=copy)
    assert response.status_code == 422
    assert errors_next_to(response, "effective_from") == [
        "Khoản phí này đã có một mức bắt đầu hiệu lực vào ngày này. Hãy đổi ngày, hoặc sửa mức đã có."]
    response = admin.post("/reference/admin/terms/new", data={"term_vi": "Nước mắm", "nice_class": "30",
                                                             "ocop_group": "food"})
    assert response.status_code == 422 and len(errors_next_to(response, "term_vi")) == 1
    assert audit_entries("fee_rates") == [] and audit_entries("nice_terms") == []


def test_a_new_rows_history_lists_its_first_values(login_as, reference, db):
    admin, me = login_as(A)
    response = admin.post("/reference/admin/terms/new", data={
        "term_vi": "Mắm tôm", "term_en": "Shrimp paste", "nice_class": "30", "ocop_group": "food", "active": "y"})
    assert response.status_code == 302
    term = db.session.scalar(sa.select(NiceTerm).where(NiceTerm.term_vi == "Mắm tôm"))
    text = text_of(admin.get(f"/reference/admin/terms/{term.id}"))
    assert "Thêm mới" in text and me.full_name in text and "Nhóm (phân loại Nice): 30" in text
    assert "— → Mắm tôm" not in text  # "Added" already says there was nothing before


# Form versions -----------------------------------------------------------------------


def test_editing_a_form_version_is_audited(login_as, reference, db):
    admin, me = login_as(A)
    version_id = reference["form"]
    seeded_note = db.session.get(FormVersion, version_id).note
    data = {"form_number": "Mẫu số 08", "form_title": "Tờ khai đăng ký nhãn hiệu",
            "legal_basis": "Phụ lục I, Nghị định 65/2023/NĐ-CP", "effective_from": "23/08/2023",
            "effective_to": "31/03/2026", "active": "y", "confirmed": "y", "note": seeded_note}
    assert admin.post(f"/reference/admin/forms/{version_id}", data=data).status_code == 302
    [entry] = audit_entries("form_versions")
    # migration 0007 already closed the Decree 65 form on 31/03/2026 (Circular 10/2026's form follows)
    assert entry.changes == {"confirmed": [False, True]}
    assert entry.actor_id == me.id
    bad = admin.post(f"/reference/admin/forms/{version_id}", data={**data, "effective_to": "22/08/2023", "form_number": " "})
    assert bad.status_code == 422
    assert len(errors_next_to(bad, "effective_to")) == 1 and len(errors_next_to(bad, "form_number")) == 1
    assert len(audit_entries("form_versions")) == 1


# The audit helper --------------------------------------------------------------------


def test_record_change_flushes_and_records_only_real_changes(app, db, reference, make_user):
    actor = make_user(A)
    rate = db.session.get(FeeRate, reference["rate"])
    before = audit.snapshot(rate, ("amount", "effective_to", "case_kind"))
    assert before == {"amount": 150_000, "effective_to": None, "case_kind": "trademark"}
    assert audit.record_change(rate, "update", actor, before) is None
    rate.amount = 155_000
    rate.effective_to = date(2030, 1, 1)
    entry = audit.record_change(rate, "update", actor, before)
    assert entry.id is not None  # flushed, not committed
    assert entry.changes == {"amount": [150_000, 155_000], "effective_to": [None, "2030-01-01"]}
    db.session.rollback()
    assert audit_entries("fee_rates") == []


def test_record_change_on_create_lists_the_new_values(db, make_user):
    term = NiceTerm(term_vi="Gạo nếp cẩm", term_en="Purple sticky rice", nice_class=30, ocop_group=ProductGroup.FOOD)
    db.session.add(term)
    entry = audit.record_change(term, "create", None)
    assert entry.entity == "nice_terms" and entry.entity_id == term.id and entry.actor_id is None
    assert entry.changes == {"ocop_group": [None, "food"], "term_vi": [None, "Gạo nếp cẩm"], "term_en": [None, "Purple sticky rice"],
                             "nice_class": [None, 30], "active": [None, True]}
