"""The pre-check in the wizards: after saving the mark (and goods) step, without JavaScript, never
blocking the save; on the review step and the consultant's case page; the one-page PDF sheet."""
import io

import sqlalchemy as sa
from pypdf import PdfReader

from app.marks.services import latest_check
from app.models import CaseKind, MarkCheck, Role
from tests.conftest import text_of
from tests.pdf_reading import text_of as pdf_text
from tests.wizard_helpers import MARK, filled_trademark, post_step, start_trademark


def test_continue_saves_the_step_and_shows_the_findings_without_javascript(db, login_as):
    client, _user = login_as(Role.PRODUCER)
    case_id = start_trademark(client)
    response = post_step(client, case_id, "mark", {**MARK, "wording": "Nước mắm Phú Quốc Phong Điền"})
    assert response.status_code in (302, 422)  # saved either way: the check never blocks it
    stored = db.session.scalar(sa.select(MarkCheck).where(MarkCheck.case_id == case_id))
    assert stored.text == "Nước mắm Phú Quốc Phong Điền"
    assert {f["kind"] for f in stored.findings} >= {"gi", "place"}
    page = text_of(client.get(f"/cases/{case_id}/steps/mark"))
    assert "Tra cứu sơ bộ" in page and "“Phú Quốc” là chỉ dẫn địa lý được bảo hộ" in page
    assert "“Phong Điền” là địa danh" in page


def test_continue_warns_and_goes_on(login_as):
    client, _user = login_as(Role.PRODUCER)
    case_id = start_trademark(client)
    response = post_step(client, case_id, "mark", {**MARK, "wording": "Champagne Sông Hậu", "mark_form": "word"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/steps/goods")
    page = text_of(client.get(response.headers["Location"]))
    assert "Tra cứu sơ bộ dấu hiệu:" in page and "bạn vẫn có thể tiếp tục" in page


def test_review_step_case_page_and_pdf_sheet(db, app, login_as, make_organization, make_product, make_user):
    client, case_id = filled_trademark(login_as, make_organization, make_product)
    stored = db.session.scalar(sa.select(MarkCheck).where(MarkCheck.case_id == case_id))
    assert stored.nice_classes == "31"  # the goods step re-checked with its class
    review = text_of(client.get(f"/cases/{case_id}/steps/review"))
    assert "“KHÓM CẦU ĐÚC”, nhóm 31" in review
    assert "In phiếu tra cứu sơ bộ" not in review  # the sheet is the consultant's
    assert client.get(f"/marks/cases/{case_id}/check.pdf").status_code == 403
    consultant, _user = login_as(Role.CONSULTANT)
    page = text_of(consultant.get(f"/cases/{case_id}"))
    assert "Tra cứu sơ bộ dấu hiệu" in page and "In phiếu tra cứu sơ bộ (PDF)" in page
    response = consultant.get(f"/marks/cases/{case_id}/check.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    sheet = pdf_text(response.data)
    assert "PHIẾU TRA CỨU SƠ BỘ" in sheet and "KHÓM CẦU ĐÚC" in sheet and "không phải ý kiến pháp lý" in sheet
    assert len(PdfReader(io.BytesIO(response.data)).pages) == 1


def test_a_gi_application_is_not_checked_as_a_mark(db, login_as, make_case, make_user):
    consultant, user = login_as(Role.CONSULTANT)
    case = make_case(make_user(Role.PRODUCER).organization, kind=CaseKind.GI)
    assert latest_check(case) is None
    assert "Tra cứu sơ bộ dấu hiệu" not in text_of(consultant.get(f"/cases/{case.id}"))
