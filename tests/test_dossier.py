"""The trademark PDF dossier: read back, draft mark, stored copies, safety of user text, access."""
from __future__ import annotations

import sqlalchemy as sa

from app.models import Case, GeneratedDocument, Role
from tests.pdf_reading import fonts_of, image_count, page_texts, text_of
from tests.wizard_helpers import MARK, PRIORITY, fill_trademark, post_step, start_trademark


def _filled_case(login_as, make_organization, make_product, **mark):
    organization = make_organization(name="Hợp tác xã Khóm Cầu Đúc Hỏa Tiến")
    product = make_product(organization, name="Khóm Cầu Đúc")
    client, user = login_as(Role.PRODUCER, organization=organization)
    case_id = start_trademark(client, product_id=product.id)
    fill_trademark(client, case_id, [product.id], ["Gạo", "Mật ong", "Khóm (dứa) tươi"])
    if mark:
        assert post_step(client, case_id, "mark", {**MARK, **mark}).status_code == 302
    return client, case_id


def test_dossier_reads_back_with_everything_entered(login_as, make_organization, make_product, fetches):
    client, case_id = _filled_case(login_as, make_organization, make_product)
    response = client.get(f"/cases/{case_id}/dossier.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = text_of(response.data)
    for expected in ("TỜ KHAI ĐĂNG KÝ NHÃN HIỆU", "Chủ đơn: Hợp tác xã Khóm Cầu Đúc", "KHÓM CẦU ĐÚC",
                     "Nhóm 30: Gạo; Mật ong", "Nhóm 31: Khóm (dứa) tươi",
                     "Mẫu số 04",  # a draft is filed from today: Circular 10/2026's form (from 01/04/2026)
                     "1.730.000", "Cần Thơ, ngày"):
        assert expected in text, expected
    # Two classes within 6 items each: 1,000,000 + 730,000 at filing.
    assert "Tổng số phí, lệ phí nộp theo đơn 1.730.000" in text
    assert all(font["embedded"] and font["postscript_name"].startswith("LiberationSerif") for font in fonts_of(response.data))
    assert image_count(response.data) >= 1  # the logo, at its printed size
    assert all(url.startswith("app://") for url, _ in fetches)


def test_draft_until_approved(app, login_as, make_organization, make_product, db):
    client, case_id = _filled_case(login_as, make_organization, make_product)
    pages = page_texts(client.get(f"/cases/{case_id}/dossier.pdf").data)
    assert all("BẢN NHÁP" in page for page in pages)
    client.post(f"/cases/{case_id}/submit")
    db.session.get(Case, case_id).organization.verified = True
    db.session.commit()
    consultant, _ = login_as(Role.CONSULTANT)
    assert consultant.post(f"/cases/{case_id}/transition", data={"name": "approve"}).status_code == 302
    final = page_texts(consultant.get(f"/cases/{case_id}/dossier.pdf").data)
    assert not any("BẢN NHÁP" in page for page in final)
    assert "Sẵn sàng nộp đơn" in final[0]


def test_unchanged_case_serves_the_stored_dossier(login_as, make_organization, make_product, db):
    client, case_id = _filled_case(login_as, make_organization, make_product)
    first = client.get(f"/cases/{case_id}/dossier.pdf").data
    second = client.get(f"/cases/{case_id}/dossier.pdf").data
    assert first == second
    count = sa.select(sa.func.count()).select_from(GeneratedDocument).where(GeneratedDocument.case_id == case_id)
    assert db.session.scalar(count) == 1
    post_step(client, case_id, "mark", {**MARK, "description": "Mô tả mới của nhãn hiệu."})
    third = client.get(f"/cases/{case_id}/dossier.pdf").data
    assert "Mô tả mới của nhãn hiệu." in text_of(third)
    assert db.session.scalar(count) == 2


def test_typed_html_and_urls_are_printed_not_fetched(login_as, make_organization, make_product, fetches):
    hostile = '<img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png">'
    client, case_id = _filled_case(login_as, make_organization, make_product,
                                   description=hostile, meaning="http://127.0.0.1:9/track.png")
    pdf = client.get(f"/cases/{case_id}/dossier.pdf").data
    text = text_of(pdf)
    assert 'src="file:///etc/passwd"' in text and "http://127.0.0.1:9/track.png" in text
    assert not any("passwd" in url or "127.0.0.1" in url for url, _ in fetches)
    assert image_count(pdf) == 1  # only the logo


def test_power_of_attorney_when_a_representative_files(app, db, login_as, make_organization, make_product):
    from app.wizard.summary import case_summary
    from tests.wizard_helpers import logo_png

    client, case_id = _filled_case(login_as, make_organization, make_product)
    representative = {**PRIORITY, "representative_kind": "ip_agent", "representative_name": "Công ty Luật SHTT Mê Kông",
                      "representative_address": "Phường Ninh Kiều, Thành phố Cần Thơ"}
    missing = post_step(client, case_id, "priority", representative)
    assert missing.status_code == 422  # the signed power of attorney must be uploaded
    ok = post_step(client, case_id, "priority", representative, files={"power_of_attorney": (logo_png(), "uy-quyen.png")})
    assert ok.status_code == 302
    text = text_of(client.get(f"/cases/{case_id}/dossier.pdf").data)
    assert "GIẤY ỦY QUYỀN" in text and "Công ty Luật SHTT Mê Kông" in text
    with app.test_request_context():
        documents = case_summary(db.session.get(Case, case_id))["documents"]
    assert [line["code"] for line in documents] == ["declaration", "mark_samples", "goods_list", "fee_receipts",
                                                    "power_of_attorney"]
    assert documents[-1]["attached"] and documents[-1]["title"] == "Giấy ủy quyền"


def test_dossier_access(login_as, make_organization, make_product, db):
    client, case_id = _filled_case(login_as, make_organization, make_product)
    stranger, _ = login_as(Role.PRODUCER)
    assert stranger.get(f"/cases/{case_id}/dossier.pdf").status_code == 404
    for role in (Role.CONSULTANT, Role.OFFICE, Role.ADMIN):
        other, _ = login_as(role)
        assert other.get(f"/cases/{case_id}/dossier.pdf").status_code == 200
    assert db.session.get(Case, case_id) is not None


def test_filed_case_dossier_is_not_a_draft(login_as, make_organization, make_product, db):
    from app.models import CaseStatus

    client, case_id = _filled_case(login_as, make_organization, make_product)
    case = db.session.get(Case, case_id)
    case.status = CaseStatus.PUBLISHED
    db.session.commit()
    assert not any("BẢN NHÁP" in page for page in page_texts(client.get(f"/cases/{case_id}/dossier.pdf").data))


def test_a_new_fee_rate_gives_a_new_dossier(login_as, make_organization, make_product, db):
    import sqlalchemy as sa

    from app.models import CaseKind, FeeRate

    client, case_id = _filled_case(login_as, make_organization, make_product)
    client.get(f"/cases/{case_id}/dossier.pdf")
    rate = db.session.scalar(sa.select(FeeRate).where(FeeRate.case_kind == CaseKind.TRADEMARK, FeeRate.code == "filing"))
    rate.amount = 160_000
    db.session.commit()
    text = text_of(client.get(f"/cases/{case_id}/dossier.pdf").data)
    assert "160.000" in text and "1.740.000" in text
