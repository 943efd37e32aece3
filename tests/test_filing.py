"""After approval — what happens next (issue 17): the case page tells, for the filing route chosen,
what to sign, where to file and pay (the office's details are data an admin keeps), and takes the
producer's application number and date as a proposal DOST confirms by recording the filing."""
from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from app.models import AuditEntry, Case, CaseStatus, FilingOffice, FilingPlan, Notification, NotificationKind, Role
from tests.conftest import text_of
from tests.pdf_reading import page_texts
from tests.wizard_helpers import fill_trademark, start_trademark

TODAY = date(2026, 11, 25)


@pytest.fixture
def approved(app, db, freeze_today, login_as, make_organization, make_product):
    """A real one-class trademark, filled through the wizard, submitted and approved on 20/11/2026."""
    freeze_today(date(2026, 11, 20))
    organization = make_organization(name="Hợp tác xã Khóm Cầu Đúc")
    organization.verified = True  # DOST approves only a verified organization
    db.session.commit()
    product = make_product(organization, name="Khóm Cầu Đúc")
    producer, _ = login_as(Role.PRODUCER, organization=organization)
    case_id = start_trademark(producer, product_id=product.id)
    fill_trademark(producer, case_id, [product.id], ["Khóm (dứa) tươi"])
    assert producer.post(f"/cases/{case_id}/submit").status_code == 302
    consultant, _ = login_as(Role.CONSULTANT)
    assert consultant.post(f"/cases/{case_id}/transition", data={"name": "approve"}).status_code == 302
    freeze_today(TODAY)
    return case_id, producer, consultant


def _hanoi(db) -> FilingOffice:
    return db.session.scalar(sa.select(FilingOffice).where(FilingOffice.code == "hanoi"))


def test_the_approved_case_page_tells_what_to_do_for_the_route_chosen(approved, db):
    case_id, producer, _ = approved
    page = text_of(producer.get(f"/cases/{case_id}"))
    assert "Đơn đã được duyệt: các bước tiếp theo" in page and "tờ khai, tại ô chữ ký ở trang cuối" in page
    assert "Tổ chức đóng dấu lên mỗi chữ ký." in page  # the applicant is a cooperative
    # Filing fees of one class with one item (data from the fee schedule), grant later
    assert "Phí, lệ phí khi nộp đơn: 1.000.000" in page
    # by post without saying where: refused next to the field, nothing saved
    response = producer.post(f"/cases/{case_id}/filing/plan", data={"plan-route": "post", "plan-office_id": ""})
    assert response.status_code == 422 and "Hãy chọn nơi bạn gửi hoặc mang hồ sơ đến." in text_of(response)
    assert producer.post(f"/cases/{case_id}/filing/plan", data={"plan-route": "fax"}).status_code == 422
    assert db.session.scalar(sa.select(sa.func.count()).select_from(FilingPlan)) == 0
    office = _hanoi(db)
    assert producer.post(f"/cases/{case_id}/filing/plan",
                         data={"plan-route": "post", "plan-office_id": str(office.id)}).status_code == 302
    page = text_of(producer.get(f"/cases/{case_id}"))
    assert "Gửi hồ sơ giấy qua bưu điện đến: Cục Sở hữu trí tuệ (trụ sở chính)" in page
    assert "384–386 Nguyễn Trãi, phường Thanh Xuân, Hà Nội" in page
    assert "Nộp phí, lệ phí đơn KHÓM CẦU ĐÚC – Hợp tác xã Khóm Cầu Đúc" in page  # the transfer content
    assert "Thông tin thanh toán này chưa được xác nhận" in page and "Nguồn:" not in page  # source: staff only
    assert producer.post(f"/cases/{case_id}/filing/plan", data={"plan-route": "online"}).status_code == 302
    page = text_of(producer.get(f"/cases/{case_id}"))
    assert "Đăng nhập dịch vụ công trực tuyến" in page and "https://dvctt.ipvietnam.gov.vn" in page


def test_the_producer_reports_the_filing_and_dost_confirms_it(approved, db):
    case_id, producer, consultant = approved
    bad = {
        "12345": ("24/11/2026", "Số đơn có dạng"),
        "4-2025-01234": ("24/11/2026", "Năm trong số đơn phải là năm nộp đơn."),
        "4-2026-01234": ("26/11/2026", "Ngày nộp đơn không thể ở tương lai."),
        "4-2026-01235": ("19/11/2026", "Ngày nộp đơn không thể trước ngày Sở KH&CN duyệt đơn (20/11/2026)."),
    }
    for number, (day, message) in bad.items():
        response = producer.post(f"/cases/{case_id}/filing/report", data={"report-application_number": number,
                                                                          "report-filing_date": day})
        assert response.status_code == 422 and message in text_of(response), number
    assert producer.post(f"/cases/{case_id}/filing/report", data={"report-application_number": "4-2026-01234",
                                                                   "report-filing_date": ""}).status_code == 422
    assert producer.post(f"/cases/{case_id}/filing/report",
                         data={"report-application_number": "4-2026-01234", "report-filing_date": "24/11/2026"}).status_code == 302
    case = db.session.get(Case, case_id)
    assert case.status == CaseStatus.APPROVED and case.application_number is None  # a proposal, not a status
    page = consultant.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "Đã báo: đơn số 4-2026-01234 nộp ngày 24/11/2026" in page and 'id="confirm-filing-form"' in page
    # the confirm button posts the existing "record the filing" event with what was reported
    response = consultant.post(f"/cases/{case_id}/events", data={
        "name": "file", "version": str(case.version), "application_number": "4-2026-01234",
        "event_date": "24/11/2026", "filing_channel": "online", "event_note": ""})
    assert response.status_code == 302
    db.session.expire_all()
    case = db.session.get(Case, case_id)
    assert case.status == CaseStatus.FILED and case.application_number == "4-2026-01234"
    assert case.filing_date == date(2026, 11, 24)
    kinds = db.session.scalars(sa.select(Notification.kind).where(Notification.case_id == case_id)).all()
    assert NotificationKind.FILED in kinds
    # filed: the guide is gone, and reporting again is refused
    assert "Đơn đã được duyệt: các bước tiếp theo" not in text_of(producer.get(f"/cases/{case_id}"))
    assert producer.post(f"/cases/{case_id}/filing/report", data={"report-application_number": "4-2026-01234",
                                                                   "report-filing_date": "24/11/2026"}).status_code == 409


def test_nobody_else_plans_or_reports_and_a_draft_has_no_guide(approved, db, login_as, make_case):
    case_id, _, _ = approved
    stranger, _ = login_as(Role.PRODUCER)
    assert stranger.post(f"/cases/{case_id}/filing/plan", data={"plan-route": "online"}).status_code == 404
    assert stranger.get(f"/cases/{case_id}/filing-guide.pdf").status_code == 404
    office, _ = login_as(Role.OFFICE)
    assert office.post(f"/cases/{case_id}/filing/plan", data={"plan-route": "online"}).status_code == 403
    draft_owner, owner = login_as(Role.PRODUCER)
    draft = make_case(owner.organization)
    assert draft_owner.post(f"/cases/{draft.id}/filing/plan", data={"plan-route": "online"}).status_code == 409
    assert draft_owner.get(f"/cases/{draft.id}/filing-guide.pdf").status_code == 404


def test_the_printable_guide_is_one_page_in_vietnamese(approved, db):
    case_id, producer, _ = approved
    producer.post(f"/cases/{case_id}/filing/plan", data={"plan-route": "in_person", "plan-office_id": str(_hanoi(db).id)})
    response = producer.get(f"/cases/{case_id}/filing-guide.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pages = page_texts(response.data)
    assert len(pages) == 1
    text = pages[0]
    for expected in ("HƯỚNG DẪN NỘP ĐƠN", "KHÓM CẦU ĐÚC", "Mang hồ sơ giấy đến nộp tại: Cục Sở hữu trí tuệ",
                     "384–386 Nguyễn Trãi", "1.000.000", "Nội dung chuyển khoản", "Biên lai nộp phí",
                     "chưa được xác nhận"):
        assert expected in text, expected
    assert producer.get(f"/cases/{case_id}/filing-guide.pdf").data == response.data  # stored, served again


def test_an_admin_keeps_the_payment_details_with_their_source(approved, db, login_as):
    case_id, producer, _ = approved
    office = _hanoi(db)
    admin, _ = login_as(Role.ADMIN)
    data = {"name": office.name, "address": office.address, "portal_url": "dvctt.ipvietnam.gov.vn",
            "payment_recipient": "Cục Sở hữu trí tuệ", "payment_account": "0011001234567",
            "payment_bank": "Vietcombank", "payment_note": "LP {title} {applicant} {other}", "source": "",
            "confirmed": "y", "active": "y", "position": "1"}
    response = admin.post(f"/filing/offices/{office.id}", data=data)
    page = text_of(response)
    assert response.status_code == 422
    assert "Địa chỉ web phải bắt đầu bằng https://" in page and "Vui lòng điền mục này." in page
    data.update(portal_url="https://dvctt.ipvietnam.gov.vn", source="Thông báo của Cục SHTT số 1/TB-SHTT (thử)")
    assert admin.post(f"/filing/offices/{office.id}", data=data).status_code == 302
    assert db.session.scalar(sa.select(AuditEntry).where(AuditEntry.entity == "filing_offices"))
    assert producer.post(f"/filing/offices/{office.id}", data=data).status_code == 403
    producer.post(f"/cases/{case_id}/filing/plan", data={"plan-route": "online"})
    page = text_of(producer.get(f"/cases/{case_id}"))
    # the unknown {other} stays as typed; confirmed details lose the warning
    assert "LP KHÓM CẦU ĐÚC Hợp tác xã Khóm Cầu Đúc {other}" in page and "0011001234567" in page
    assert "chưa được xác nhận" not in page
