"""The fee schedule completed by the legal review (migration 0007) and the form in force on the
filing date, checked against totals worked out by hand and read back from what the app shows.

By hand, from Circular 263/2016/TT-BTC as seeded (migrations/data/0002_fee_rates.csv and
0007_fee_rates.csv), in VND:
- trademark, 1 class of 6 items: filing 150,000 + 120,000 + 180,000 + 550,000 = 1,000,000;
  grant 120,000 + register 120,000 + publication 120,000 = 360,000; together 1,360,000.
- 3 classes of 6, 7 and 7 items: 270,000 + 3 × 730,000 + 2 extra items × 150,000 = 2,760,000 at filing.
- collective mark, 2 classes: filing 1,000,000 + 730,000 = 1,730,000; grant 360,000 + 100,000 = 460,000;
  together 2,190,000.
- GI: filing 150,000 + 120,000 + 1,200,000 = 1,470,000; grant 120,000 + publication 120,000 +
  register entry 120,000 = 360,000; together 1,830,000.
"""
from __future__ import annotations

import re
from datetime import date

import pytest
import sqlalchemy as sa

from app.cases.dossier import dossier_context
from app.fees import estimate_fees
from app.models import Case, CaseKind, CaseStatus, FeeStage, Role
from tests.conftest import text_of as page_text
from tests.kind_helpers import fill_gi, start_case, started_id
from tests.pdf_reading import text_of
from tests.wizard_helpers import start_trademark

ON = date(2026, 5, 1)


@pytest.mark.parametrize(("kind", "items", "filing", "grant", "total"), [
    (CaseKind.TRADEMARK, {30: 6}, 1_000_000, 360_000, 1_360_000),
    (CaseKind.TRADEMARK, {29: 6, 30: 7, 31: 7}, 2_760_000, 560_000, 3_320_000),
    (CaseKind.COLLECTIVE, {30: 2, 31: 1}, 1_730_000, 460_000, 2_190_000),
    (CaseKind.GI, {}, 1_470_000, 360_000, 1_830_000),
])
def test_the_totals_of_the_legal_review(db, kind, items, filing, grant, total):
    estimate = estimate_fees(kind, items, on=ON)
    assert (estimate.filing_total, estimate.grant_total, estimate.total) == (filing, grant, total)
    # renewal, extension and classification fees are charged when they arise, never in an application's estimate
    assert {line.stage for line in estimate.lines} <= {FeeStage.FILING, FeeStage.GRANT}


def test_the_gi_grant_owes_the_register_entry_fee(db):
    grant = estimate_fees(CaseKind.GI, {}, on=ON).grant_lines
    assert [(line.code, line.amount) for line in grant] == [("grant", 120_000), ("grant_register", 120_000),
                                                             ("grant_publication", 120_000)]


def test_the_wizard_shows_the_total_of_filing_and_grant(login_as, make_organization, reference_data):
    client, _ = login_as(Role.PRODUCER, organization=make_organization())
    case_id = start_trademark(client)
    one_class = client.get(f"/cases/{case_id}/fee-estimate?items=30:6").get_json()
    assert (one_class["filing_total"], one_class["grant_total"], one_class["total"]) == \
        ("1.000.000\xa0₫", "360.000\xa0₫", "1.360.000\xa0₫")
    three = client.get(f"/cases/{case_id}/fee-estimate?items=29:6&items=30:7&items=31:7").get_json()
    assert three["filing_total"] == "2.760.000\xa0₫"


def test_the_gi_dossier_prints_1_830_000(login_as, make_organization, reference_data):
    consultant, _ = login_as(Role.CONSULTANT)
    case_id = started_id(start_case(consultant, "gi", organization_id=make_organization().id))
    fill_gi(consultant, case_id)
    text = text_of(consultant.get(f"/cases/{case_id}/dossier.pdf").data)
    assert "Phí đăng bạ văn bằng" in text
    assert "Tổng cộng khi nộp đơn và khi được cấp văn bằng (dự tính): 1.830.000" in text


def test_the_schedule_lists_renewal_extension_and_classification_fees(login_as):
    client, _ = login_as(Role.CONSULTANT)
    text = page_text(client.get("/reference/fees"))
    for title, amount in (("Lệ phí gia hạn thời hạn trả lời thông báo (mỗi lần gia hạn)", "200.000 ₫ mỗi lần gia hạn"),
                          ("Lệ phí gia hạn hiệu lực văn bằng (mỗi nhóm) Chưa xác nhận", "100.000 ₫ mỗi nhóm"),
                          ("Lệ phí gia hạn nộp muộn (mỗi tháng nộp muộn) Chưa xác nhận",
                           "10 % mỗi tháng nộp muộn, tính theo phần trăm lệ phí gia hạn"),
                          ("Phí phân loại hàng hóa/dịch vụ khi Cục SHTT phân loại (mỗi nhóm) Chưa xác nhận",
                           "100.000 ₫ mỗi nhóm Khi có yêu cầu")):
        assert re.search(re.escape(title) + r".{0,400}?" + re.escape(amount), text), title


@pytest.fixture
def filed_with_notice(app, db, freeze_today, login_as, make_organization, make_case):
    """A trademark filed on 01/10/2026 with a formality notice on 02/11/2026."""
    freeze_today(date(2026, 11, 25))
    case = make_case(make_organization(), title="KHÓM CẦU ĐÚC")
    case.status = CaseStatus.APPROVED
    db.session.commit()
    consultant, _ = login_as(Role.CONSULTANT)
    for version, event in enumerate([
        {"name": "file", "event_date": "01/10/2026", "application_number": "4-2026-45678", "filing_channel": "online"},
        {"name": "formality_notice", "event_date": "02/11/2026"},
    ], start=1):
        response = consultant.post(f"/cases/{case.id}/events", data={"version": str(version), "event_note": "", **event})
        assert response.status_code == 302
    return consultant, case.id


def test_an_extension_is_charged_its_fee(filed_with_notice, db):
    consultant, case_id = filed_with_notice
    answer = next(d for d in db.session.get(Case, case_id).deadlines if d.rule.code == "formality_answer")
    assert consultant.post(f"/cases/{case_id}/deadlines/{answer.id}/extend").status_code == 302
    db.session.expire_all()
    extension = db.session.get(Case, case_id).events[-1]
    assert extension.transition == "extend"
    assert extension.details["fee_code"] == "extension" and extension.details["fee_amount"] == 200_000
    assert "Thông tư 263/2016/TT-BTC" in extension.details["fee_legal_basis"]
    assert "lệ phí gia hạn 200.000" in page_text(consultant.get(f"/cases/{case_id}"))


@pytest.mark.parametrize(("kind", "filed", "number", "basis"), [
    (CaseKind.TRADEMARK, date(2026, 3, 31), "Mẫu số 08", "Phụ lục I, Nghị định 65/2023/NĐ-CP"),
    (CaseKind.TRADEMARK, date(2026, 4, 1), "Mẫu số 04", "Phụ lục I, Thông tư 10/2026/TT-BKHCN"),
    (CaseKind.COLLECTIVE, date(2026, 4, 1), "Mẫu số 04", "Phụ lục I, Thông tư 10/2026/TT-BKHCN"),
    (CaseKind.GI, date(2026, 3, 31), "Mẫu số 09", "Phụ lục I, Nghị định 65/2023/NĐ-CP"),
    (CaseKind.GI, date(2026, 4, 1), "", "Phụ lục I, Thông tư 10/2026/TT-BKHCN"),
])
def test_the_form_in_force_on_the_filing_date(db, make_organization, make_case, kind, filed, number, basis):
    case = make_case(make_organization(), kind=kind, filing_date=filed)
    form = dossier_context(case)["form"]
    assert form["number"] == number and form["legal_basis"].startswith(basis)
    assert form["confirmed"] is False  # none of them could be checked against the official text


def test_a_gi_dossier_after_1_april_2026_names_no_unknown_form_number(login_as, make_organization, db,
                                                                      reference_data):
    consultant, _ = login_as(Role.CONSULTANT)
    case_id = started_id(start_case(consultant, "gi", organization_id=make_organization().id))
    fill_gi(consultant, case_id)
    db.session.get(Case, case_id).filing_date = date(2026, 4, 2)
    db.session.commit()
    text = text_of(consultant.get(f"/cases/{case_id}/dossier.pdf").data)
    assert "chưa xác định" not in text
    assert "chưa tìm được số hiệu mẫu tờ khai theo Phụ lục I, Thông tư 10/2026/TT-" in text  # the PDF wraps after TT-
    assert "ngày nộp đơn (02/04/2026)" in text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Case)) == 1
