"""Dossiers of collective marks, certification marks and geographical indications, and each of their
documents alone: rendered from hand-built summaries (the wizards' case_summary contract), read back."""
from __future__ import annotations

import io
import subprocess

import pytest
import sqlalchemy as sa
from pypdf import PdfReader
from weasyprint import HTML
from werkzeug.datastructures import FileStorage

from app.cases import dossier
from app.documents.storage import save_upload
from app.models import Case, CaseKind, CaseStatus, FilePurpose, GeneratedDocument, Role
from app.wizard import summary as wizard_summary
from tests.fixtures_images import jpeg_bytes, png_bytes
from tests.pdf_reading import fonts_of, image_count, nfc, page_texts, text_of

HOSTILE = '<img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png">'

COLLECTIVE_ARTICLES = [
    # (heading, legal reference): the five parts Art. 105(4) requires, then an optional one
    ("Chủ sở hữu nhãn hiệu tập thể", "Điều 105 khoản 4 điểm a Luật SHTT"),
    ("Điều kiện trở thành thành viên", "Điều 105 khoản 4 điểm b Luật SHTT"),
    ("Danh sách thành viên được phép sử dụng nhãn hiệu", "Điều 105 khoản 4 điểm c Luật SHTT"),
    ("Điều kiện sử dụng nhãn hiệu", "Điều 105 khoản 4 điểm d Luật SHTT"),
    ("Biện pháp xử lý hành vi vi phạm quy chế", "Điều 105 khoản 4 điểm đ Luật SHTT"),
    ("Cách thể hiện nhãn hiệu trên bao bì", ""),
]
CERTIFICATION_ARTICLES = [
    ("Chủ sở hữu nhãn hiệu chứng nhận", "Điều 105 khoản 5 điểm a Luật SHTT"),
    ("Điều kiện để được sử dụng nhãn hiệu", "Điều 105 khoản 5 điểm b Luật SHTT"),
    ("Các đặc tính của sản phẩm được chứng nhận", "Điều 105 khoản 5 điểm c Luật SHTT"),
    ("Phương pháp đánh giá các đặc tính và kiểm soát việc sử dụng nhãn hiệu", "Điều 105 khoản 5 điểm d Luật SHTT"),
    ("Chi phí người sử dụng nhãn hiệu phải trả", "Điều 105 khoản 5 điểm đ Luật SHTT"),
]
GI_SECTIONS = [
    "Tên chỉ dẫn địa lý",
    "Sản phẩm mang chỉ dẫn địa lý",
    "Tính chất, chất lượng đặc thù của sản phẩm",
    "Điều kiện tự nhiên và yếu tố con người",
    "Khu vực địa lý",
    "Bằng chứng về nguồn gốc sản phẩm",
    "Phương pháp sản xuất tại địa phương",
    "Mối liên hệ giữa tính chất sản phẩm và khu vực địa lý",
    "Cơ chế tự kiểm soát chất lượng",
]
MEMBERS = [
    {"name": "Bà Nguyễn Thị Ánh Tuyết", "address": "Ấp Mỹ Hòa", "ward": "Xã Hỏa Tiến", "produces": "Khóm tươi",
     "tax_code": "", "linked_organization": ""},
    {"name": "Tổ hợp tác Khóm Hỏa Lựu", "address": "Ấp 3", "ward": "Phường Vị Tân", "produces": "Mứt khóm, khóm sấy",
     "tax_code": "6300999888", "linked_organization": "Tổ hợp tác Khóm Hỏa Lựu"},
    {"name": HOSTILE, "address": "Ấp 4", "ward": "Xã Hỏa Tiến", "produces": "Khóm", "tax_code": "",
     "linked_organization": ""},
]


def articles(spec, text_of_article=lambda heading: f"Nội dung về {heading.lower()}."):
    return [{"number": n, "heading": heading, "paragraphs": [text_of_article(heading)], "legal_ref": ref}
            for n, (heading, ref) in enumerate(spec, start=1)]


def regulation(kind_words: str, spec, mark_name="KHÓM CẦU ĐÚC", **extra) -> dict:
    return {
        "title": f"QUY CHẾ SỬ DỤNG NHÃN HIỆU {kind_words} “{mark_name}”",
        "mark_name": mark_name,
        "owner": {"name": "Hợp tác xã Khóm Cầu Đúc Hỏa Tiến", "address": "Ấp 1, Xã Hỏa Tiến, Thành phố Cần Thơ",
                  "legal_basis": "Giấy chứng nhận đăng ký hợp tác xã số 6300123456"},
        "articles": articles(spec),
        "has_members_appendix": False,
        **extra,
    }


MARK = {"wording": "KHÓM CẦU ĐÚC", "form": "combined", "form_title": "Kết hợp", "colour_mode": "colour",
        "colours": "vàng, xanh lá", "description": "Chữ KHÓM CẦU ĐÚC cách điệu.", "meaning": ""}
CHARACTERISTICS = {
    "title": "BẢN THUYẾT MINH VỀ TÍNH CHẤT ĐẶC THÙ CỦA KHÓM CẦU ĐÚC",
    "bases": ["Nguồn gốc địa lý", "Chất lượng"],
    "paragraphs": ["Khóm Cầu Đúc có vị ngọt thanh, độ Brix trung bình 16 %, mắt khóm nông.",
                   "Thịt quả màu vàng đậm, giòn, ít xơ."],
    "area_paragraphs": [],
}


def collective_summary(**extra) -> dict:
    return {
        "applicant": {"kind": "organization", "name": "Hợp tác xã Khóm Cầu Đúc Hỏa Tiến",
                      "address": "Ấp 1, Xã Hỏa Tiến, Thành phố Cần Thơ", "tax_code": "6300123456", "citizen_id": "",
                      "phone": "0912345678", "email": "htx@example.vn", "co_applicants": []},
        "mark": MARK,
        "members": MEMBERS,
        "regulation": regulation("TẬP THỂ", COLLECTIVE_ARTICLES, has_members_appendix=True),
        "characteristics": CHARACTERISTICS,
        "map": None,
        "gi": None,
        "gi_description": None,
        "parts": ["regulation", "members", "characteristics"],
        **extra,
    }


def certification_summary(**extra) -> dict:
    return {
        "applicant": {"kind": "organization", "name": "Sở Khoa học và Công nghệ thành phố Cần Thơ",
                      "address": "Số 2 Lý Thường Kiệt, Phường Ninh Kiều, Thành phố Cần Thơ", "tax_code": "1800111222",
                      "citizen_id": "", "phone": "02923820000", "email": "skhcn@cantho.gov.vn", "co_applicants": []},
        "mark": {**MARK, "wording": "KHÓM HẬU GIANG"},
        "members": [],
        "regulation": regulation("CHỨNG NHẬN", CERTIFICATION_ARTICLES, mark_name="KHÓM HẬU GIANG"),
        "characteristics": {**CHARACTERISTICS, "title": "BẢN THUYẾT MINH VỀ NGUỒN GỐC ĐỊA LÝ CỦA KHÓM HẬU GIANG",
                            "area_paragraphs": ["Khu vực gồm các xã Hỏa Tiến, Hỏa Lựu và Tân Tiến."]},
        "map": None,
        "gi": None,
        "gi_description": None,
        "parts": ["regulation", "characteristics", "map"],
        **extra,
    }


def gi_summary(**extra) -> dict:
    applicant = {"name": "Ủy ban nhân dân thành phố Cần Thơ", "address": "Số 2 Hòa Bình, Phường Ninh Kiều, Thành phố Cần Thơ",
                 "authority_basis": "Quyết định số 123/QĐ-UBND ngày 05/3/2026", "phone": "02923821111",
                 "email": "ubnd@cantho.gov.vn"}
    return {
        "applicant": {**applicant, "kind": "organization", "tax_code": "", "citizen_id": "", "co_applicants": []},
        "mark": None,
        "goods": [],
        "members": [],
        "regulation": None,
        "characteristics": None,
        "map": None,
        "gi": {"name": "Cầu Đúc", "product": "Khóm (dứa)", "applicant": applicant,
               "manager": {"name": "Sở Khoa học và Công nghệ thành phố Cần Thơ",
                           "address": "Số 2 Lý Thường Kiệt, Phường Ninh Kiều", "tax_code": "1800111222"}},
        "gi_description": {"title": "BẢN MÔ TẢ TÍNH CHẤT, CHẤT LƯỢNG, DANH TIẾNG CỦA KHÓM CẦU ĐÚC",
                           "articles": articles([(h, "Điều 106 khoản 2 Luật SHTT") for h in GI_SECTIONS])},
        "parts": ["description", "map"],
        **extra,
    }


@pytest.fixture
def hand_summary(monkeypatch):
    """Make case_summary return the real summary of the case with the given keys replaced."""
    replaced: dict = {}
    real = wizard_summary.case_summary

    def summary(case):
        return {**real(case), **replaced}

    monkeypatch.setattr(dossier, "case_summary", summary)
    monkeypatch.setattr("app.cases.routes.case_summary", summary)
    return replaced


@pytest.fixture
def kind_case(login_as, make_organization, make_case, db):
    """Factory: (client of the owning producer, case) for a case of a kind."""

    def make(kind: CaseKind, status: CaseStatus = CaseStatus.DRAFT):
        organization = make_organization(name="Hợp tác xã Khóm Cầu Đúc Hỏa Tiến")
        case = make_case(organization, kind=kind, title="Khóm Cầu Đúc")
        if status != CaseStatus.DRAFT:
            case.status = status
            db.session.commit()
        client, user = login_as(Role.PRODUCER, organization=organization)
        return client, case, user

    return make


def upload_map(app, db, case, user, data: bytes, filename: str):
    with app.test_request_context():
        stored = save_upload(case, FilePurpose.MAP, FileStorage(io.BytesIO(data), filename=filename), user)
        db.session.commit()
    return {"file_id": stored.id, "content_type": stored.content_type, "original_name": stored.original_name}


def map_pdf() -> bytes:
    """A two-page map made elsewhere: an A3 landscape sheet and an A4 legend, with text to find."""
    html = """<style>@page { size: A3 landscape } @page legend { size: A4 } .legend { page: legend }</style>
              <p>MAP SHEET OF HOA TIEN WARD</p><p class="legend" style="break-before: page">MAP LEGEND PAGE</p>"""
    return HTML(string=html).write_pdf()


def pdftotext(pdf: bytes) -> str:
    return nfc(subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode())


def page_of(pages: list[str], needle: str) -> int:
    return next(i for i, page in enumerate(pages) if needle in page)


# --- collective mark ---------------------------------------------------------------------------


def test_collective_dossier_holds_every_document(kind_case, hand_summary, fetches):
    client, case, _ = kind_case(CaseKind.COLLECTIVE)
    hand_summary.update(collective_summary())
    response = client.get(f"/cases/{case.id}/dossier.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pages = page_texts(response.data)
    text = " ".join(pages)
    assert "HỒ SƠ ĐĂNG KÝ NHÃN HIỆU TẬP THỂ" in text and "TỜ KHAI ĐĂNG KÝ NHÃN HIỆU" in text
    # the mark type ticked: "tập thể", and no other
    assert "X Nhãn hiệu tập thể" in text
    assert "X Nhãn hiệu thông thường" not in text and "X Nhãn hiệu chứng nhận" not in text
    # form item 12: short description of the special characteristics, pointing to the explanation
    assert "10. MÔ TẢ TÓM TẮT ĐẶC ĐIỂM, TÍNH CHẤT ĐẶC THÙ CỦA HÀNG HÓA MANG NHÃN HIỆU" in text
    assert "X Nguồn gốc địa lý" in text and "Brix trung bình 16 %" in text
    assert "11. CÁC TÀI LIỆU CÓ TRONG ĐƠN" in text and "12. CAM KẾT CỦA CHỦ ĐƠN" in text
    # the regulation on use, its own document: each of the five parts of Art. 105(4), numbered
    assert "QUY CHẾ SỬ DỤNG NHÃN HIỆU TẬP THỂ “KHÓM CẦU ĐÚC”" in text
    for number, (heading, legal_ref) in enumerate(COLLECTIVE_ARTICLES, start=1):
        assert f"Điều {number}. {heading}" in text, heading
        assert f"Nội dung về {heading.lower()}." in text
        if legal_ref:
            assert f"({legal_ref})" in text
    # the members, as the regulation's appendix
    assert "DANH SÁCH THÀNH VIÊN ĐƯỢC PHÉP SỬ DỤNG NHÃN HIỆU TẬP THỂ “KHÓM CẦU ĐÚC”" in text
    assert "(Kèm theo Quy chế sử dụng nhãn hiệu tập thể “KHÓM CẦU ĐÚC”)" in text
    for member in MEMBERS[:2]:
        assert member["name"] in text and member["produces"] in text
    assert "Tổng số: 3 thành viên." in text
    assert "BẢN THUYẾT MINH VỀ TÍNH CHẤT ĐẶC THÙ CỦA KHÓM CẦU ĐÚC" in text
    # documents in order, each starting a page: declaration, regulation, members, explanation
    order = [page_of(pages, title) for title in ("TỜ KHAI ĐĂNG KÝ NHÃN HIỆU", "QUY CHẾ SỬ DỤNG",
                                                 "DANH SÁCH THÀNH VIÊN", "Cơ sở thuyết minh")]
    assert order == sorted(order) and len(set(order)) == 4
    # fees, draft mark, Vietnamese in embedded Liberation fonts, nothing fetched from outside
    assert "Lệ phí nộp đơn" in text and "Tổng số phí, lệ phí nộp theo đơn" in text
    assert all("BẢN NHÁP" in page for page in pages)
    assert all(font["embedded"] and font["postscript_name"].startswith("LiberationSerif")
               for font in fonts_of(response.data))
    assert "Bà Nguyễn Thị Ánh Tuyết" in pdftotext(response.data)
    assert all(url.startswith("app://") for url, _ in fetches)


def test_user_text_is_printed_not_fetched(kind_case, hand_summary, fetches):
    client, case, _ = kind_case(CaseKind.COLLECTIVE)
    hostile_regulation = regulation("TẬP THỂ", COLLECTIVE_ARTICLES)
    hostile_regulation["articles"][3]["paragraphs"] = [HOSTILE]
    hand_summary.update(collective_summary(regulation=hostile_regulation,
                                           characteristics={**CHARACTERISTICS, "paragraphs": [HOSTILE]}))
    pdf = client.get(f"/cases/{case.id}/dossier.pdf").data
    text = text_of(pdf)
    assert text.count('<img src="file:///etc/passwd">') >= 3  # regulation, member, explanation (and item 12)
    assert not any("passwd" in url or "127.0.0.1" in url for url, _ in fetches)
    assert image_count(pdf) == 0


def test_an_empty_required_article_prints_a_placeholder(kind_case, hand_summary):
    client, case, _ = kind_case(CaseKind.COLLECTIVE)
    draft_regulation = regulation("TẬP THỂ", COLLECTIVE_ARTICLES)
    draft_regulation["articles"][4]["paragraphs"] = []
    hand_summary.update(collective_summary(regulation=draft_regulation))
    text = text_of(client.get(f"/cases/{case.id}/documents/regulation.pdf").data)
    assert "Điều 5. Biện pháp xử lý hành vi vi phạm quy chế (Điều 105 khoản 4 điểm đ Luật SHTT) (chưa có nội dung)" in text


def test_each_collective_document_alone(kind_case, hand_summary, db):
    client, case, _ = kind_case(CaseKind.COLLECTIVE)
    hand_summary.update(collective_summary())
    regulation_pdf = client.get(f"/cases/{case.id}/documents/regulation.pdf")
    assert regulation_pdf.status_code == 200 and regulation_pdf.mimetype == "application/pdf"
    assert "quy-che-OCOP-" in regulation_pdf.headers["Content-Disposition"]
    pages = page_texts(regulation_pdf.data)
    assert "QUY CHẾ SỬ DỤNG NHÃN HIỆU TẬP THỂ" in pages[0] and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pages[0]
    text = " ".join(pages)
    assert all(f"Điều {n}. {h}" in text for n, (h, _) in enumerate(COLLECTIVE_ARTICLES, start=1))
    assert "TỜ KHAI" not in text and "DANH SÁCH THÀNH VIÊN" not in text
    assert all("BẢN NHÁP" in page for page in pages)

    members = text_of(client.get(f"/cases/{case.id}/documents/members.pdf").data)
    assert members.startswith("PHỤ LỤC") or "PHỤ LỤC" in members
    assert "Tổ hợp tác Khóm Hỏa Lựu" in members and "6300999888" in members and "Điều 1." not in members

    explanation = text_of(client.get(f"/cases/{case.id}/documents/characteristics.pdf").data)
    assert "BẢN THUYẾT MINH" in explanation and "Thịt quả màu vàng đậm" in explanation

    # not in this case: no description (GI), no map; and names that are no document at all
    for part in ("description", "map", "dossier", "..%2Fetc", "REGULATION"):
        assert client.get(f"/cases/{case.id}/documents/{part}.pdf").status_code == 404, part

    # each document is stored once per content, like the dossier
    again = client.get(f"/cases/{case.id}/documents/regulation.pdf").data
    assert again == regulation_pdf.data
    kinds = db.session.scalars(sa.select(GeneratedDocument.kind).where(GeneratedDocument.case_id == case.id)).all()
    assert sorted(kinds) == ["part-characteristics", "part-members", "part-regulation"]


def test_case_page_links_to_each_available_document(kind_case, hand_summary):
    client, case, _ = kind_case(CaseKind.COLLECTIVE)
    hand_summary.update(collective_summary())
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    for part in ("regulation", "members", "characteristics"):
        assert f'href="/cases/{case.id}/documents/{part}.pdf"' in html
    assert f"/cases/{case.id}/documents/map.pdf" not in html
    assert "Quy chế sử dụng nhãn hiệu" in html or "Regulation on use" in html


def test_part_access_follows_the_case(kind_case, hand_summary, login_as):
    client, case, _ = kind_case(CaseKind.COLLECTIVE)
    hand_summary.update(collective_summary())
    stranger, _ = login_as(Role.PRODUCER)
    assert stranger.get(f"/cases/{case.id}/documents/regulation.pdf").status_code == 404
    assert stranger.get(f"/cases/{case.id + 1000}/documents/regulation.pdf").status_code == 404
    for role in (Role.CONSULTANT, Role.OFFICE):
        other, _ = login_as(role)
        assert other.get(f"/cases/{case.id}/documents/regulation.pdf").status_code == 200
    anonymous = client.application.test_client()
    assert anonymous.get(f"/cases/{case.id}/documents/regulation.pdf").status_code in (302, 401)


def test_trademark_case_has_no_documents_alone(login_as, make_organization, make_case):
    organization = make_organization()
    case = make_case(organization)
    client, _ = login_as(Role.PRODUCER, organization=organization)
    for part in dossier.PARTS:
        assert client.get(f"/cases/{case.id}/documents/{part}.pdf").status_code == 404


# --- certification mark ---------------------------------------------------------------------------


def test_certification_dossier_with_a_map_image(app, db, kind_case, hand_summary, fetches):
    client, case, user = kind_case(CaseKind.CERTIFICATION, CaseStatus.APPROVED)
    map_info = upload_map(app, db, case, user, png_bytes(1600, 1000), "ban do hau giang.png")
    hand_summary.update(certification_summary(map=map_info))
    response = client.get(f"/cases/{case.id}/dossier.pdf")
    pages = page_texts(response.data)
    text = " ".join(pages)
    assert "HỒ SƠ ĐĂNG KÝ NHÃN HIỆU CHỨNG NHẬN" in text
    assert "X Nhãn hiệu chứng nhận" in text and "X Nhãn hiệu tập thể" not in text
    for number, (heading, legal_ref) in enumerate(CERTIFICATION_ARTICLES, start=1):
        assert f"Điều {number}. {heading}" in text and f"({legal_ref})" in text
    assert "DANH SÁCH THÀNH VIÊN" not in text  # no members for a certification mark
    assert "Mô tả khu vực địa lý Khu vực gồm các xã Hỏa Tiến" in text
    # the map last, on its own page, drawn from the upload (the only image: no mark image here)
    assert "BẢN ĐỒ KHU VỰC ĐỊA LÝ" in pages[-1] and "nhãn hiệu chứng nhận “KHÓM HẬU GIANG”" in pages[-1]
    assert image_count(response.data) == 1
    assert any(url.startswith("app://files/") and outcome == "ok" for url, outcome in fetches)
    # a wide map gets a landscape page
    last = PdfReader(io.BytesIO(response.data)).pages[-1]
    assert last.mediabox.width > last.mediabox.height
    assert not any("BẢN NHÁP" in page for page in pages)  # approved

    alone = client.get(f"/cases/{case.id}/documents/map.pdf").data
    assert len(page_texts(alone)) == 1 and image_count(alone) == 1


def test_a_new_map_gives_a_new_dossier(app, db, kind_case, hand_summary):
    client, case, user = kind_case(CaseKind.CERTIFICATION)
    hand_summary.update(certification_summary(map=upload_map(app, db, case, user, png_bytes(800, 600), "a.png")))
    first = client.get(f"/cases/{case.id}/dossier.pdf").data
    assert client.get(f"/cases/{case.id}/dossier.pdf").data == first
    hand_summary["map"] = upload_map(app, db, case, user, jpeg_bytes(600, 800), "b.jpg")
    second = client.get(f"/cases/{case.id}/dossier.pdf").data
    assert second != first
    last = PdfReader(io.BytesIO(second)).pages[-1]
    assert last.mediabox.width < last.mediabox.height  # the new, upright map: a portrait page


def test_a_stale_map_is_not_printed(app, db, kind_case, hand_summary):
    """A map uploaded earlier is left out when the answers no longer call for one (summary map None)."""
    client, case, user = kind_case(CaseKind.CERTIFICATION)
    upload_map(app, db, case, user, png_bytes(800, 600), "a.png")
    hand_summary.update(certification_summary(map=None, parts=["regulation", "characteristics"]))
    pdf = client.get(f"/cases/{case.id}/dossier.pdf").data
    assert "BẢN ĐỒ KHU VỰC ĐỊA LÝ" not in text_of(pdf) and image_count(pdf) == 0
    assert client.get(f"/cases/{case.id}/documents/map.pdf").status_code == 404


# --- geographical indication -----------------------------------------------------------------------


def test_gi_dossier_with_a_pdf_map(app, db, kind_case, hand_summary, fetches):
    client, case, user = kind_case(CaseKind.GI)
    hand_summary.update(gi_summary(map=upload_map(app, db, case, user, map_pdf(), "ban do cau duc.pdf")))
    response = client.get(f"/cases/{case.id}/dossier.pdf")
    assert response.status_code == 200
    pages = page_texts(response.data)
    text = " ".join(pages)
    assert "HỒ SƠ ĐĂNG KÝ CHỈ DẪN ĐỊA LÝ" in text and "TỜ KHAI ĐĂNG KÝ CHỈ DẪN ĐỊA LÝ" in text
    assert "TỜ KHAI ĐĂNG KÝ NHÃN HIỆU" not in text and "Loại nhãn hiệu" not in text
    # the declaration: the GI, its product, the applicant exercising the State's right, the manager
    for expected in ("Tên chỉ dẫn địa lý: Cầu Đúc", "Sản phẩm: Khóm (dứa)", "thực hiện quyền đăng ký chỉ dẫn địa lý của Nhà nước",
                     "Tên đầy đủ: Ủy ban nhân dân thành phố Cần Thơ",
                     "Căn cứ được thực hiện quyền đăng ký: Quyết định số 123/QĐ-UBND",
                     "4. TỔ CHỨC ĐƯỢC ĐỀ NGHỊ QUẢN LÝ CHỈ DẪN ĐỊA LÝ Tên đầy đủ: Sở Khoa học và Công nghệ thành phố Cần Thơ",
                     "Mã số thuế: 1800111222", "9. CAM KẾT CỦA NGƯỜI NỘP ĐƠN", "NGƯỜI NỘP ĐƠN"):
        assert expected in text, expected
    # GI fees: filing 150,000 + publication 120,000 + examination 1,200,000
    assert "Phí thẩm định nội dung đơn chỉ dẫn địa lý" in text and "1.200.000" in text
    assert "Tổng số phí, lệ phí nộp theo đơn 1.470.000" in text
    # the description, its own document with numbered sections
    assert "BẢN MÔ TẢ TÍNH CHẤT, CHẤT LƯỢNG, DANH TIẾNG CỦA KHÓM CẦU ĐÚC" in text
    description_page = page_of(pages, "1. Tên chỉ dẫn địa lý (Điều 106")
    for number, heading in enumerate(GI_SECTIONS, start=1):
        assert f"{number}. {heading} (Điều 106 khoản 2 Luật SHTT) Nội dung về {heading.lower()}." in text, heading
    # the map: its title page, then the uploaded PDF's two pages appended, as they are
    rendered = pages[:-2]
    assert "BẢN ĐỒ KHU VỰC ĐỊA LÝ" in rendered[-1] and "ban_do_cau_duc.pdf" in rendered[-1]
    assert "2 trang" in rendered[-1] and "chỉ dẫn địa lý “Cầu Đúc”" in rendered[-1]
    assert "MAP SHEET OF HOA TIEN WARD" in pages[-2] and "MAP LEGEND PAGE" in pages[-1]
    assert description_page < len(rendered) - 1
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) == len(rendered) + 2
    sheet = reader.pages[-2].mediabox
    assert round(float(sheet.width)) == 1191 and round(float(sheet.height)) == 842  # A3 landscape kept
    # a draft: the appended pages carry the draft mark too
    assert all("BẢN NHÁP" in page for page in pages)
    assert "MAP LEGEND PAGE" in pdftotext(response.data)
    assert not [url for url, outcome in fetches if outcome == "refused"]


def test_gi_documents_alone(app, db, kind_case, hand_summary):
    client, case, user = kind_case(CaseKind.GI, CaseStatus.APPROVED)
    hand_summary.update(gi_summary(map=upload_map(app, db, case, user, map_pdf(), "map.pdf")))
    description = page_texts(client.get(f"/cases/{case.id}/documents/description.pdf").data)
    assert "BẢN MÔ TẢ" in description[0] and "ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ" in description[0]
    assert all(f"{n}. {h}" in " ".join(description) for n, h in enumerate(GI_SECTIONS, start=1))
    assert "TỜ KHAI" not in " ".join(description)
    map_pages = page_texts(client.get(f"/cases/{case.id}/documents/map.pdf").data)
    assert len(map_pages) == 3 and "BẢN ĐỒ KHU VỰC ĐỊA LÝ" in map_pages[0]
    assert "MAP SHEET OF HOA TIEN WARD" in map_pages[1] and "MAP LEGEND PAGE" in map_pages[2]
    assert not any("BẢN NHÁP" in page for page in map_pages)  # approved: no stamp
    for part in ("regulation", "members", "characteristics"):
        assert client.get(f"/cases/{case.id}/documents/{part}.pdf").status_code == 404


def test_gi_power_of_attorney_names_the_gi(kind_case, hand_summary):
    client, case, _ = kind_case(CaseKind.GI)
    hand_summary.update(gi_summary(representative={
        "kind": "ip_agent", "kind_title": "", "name": "Công ty Luật SHTT Mê Kông",
        "address": "Phường Ninh Kiều, Thành phố Cần Thơ", "phone": "", "email": ""}))
    text = text_of(client.get(f"/cases/{case.id}/dossier.pdf").data)
    assert "GIẤY ỦY QUYỀN" in text
    assert "nộp đơn đăng ký chỉ dẫn địa lý “Cầu Đúc” cho sản phẩm Khóm (dứa)" in text


def test_available_parts_need_data_and_the_summary_list():
    data = collective_summary()
    assert dossier.available_parts(data) == ["regulation", "members", "characteristics"]
    assert dossier.available_parts({**data, "parts": ["regulation"]}) == ["regulation"]
    assert dossier.available_parts({**data, "members": []}) == ["regulation", "characteristics"]
    assert dossier.available_parts({k: v for k, v in data.items() if k != "parts"}) == [
        "regulation", "members", "characteristics"]
    assert dossier.available_parts({"regulation": None, "members": [], "parts": []}) == []


def test_dossier_template_by_kind(app):
    assert set(dossier.TEMPLATES) == set(CaseKind)
    for template in dossier.TEMPLATES.values():
        assert app.jinja_env.get_template(template) is not None
    assert set(dossier.PART_TITLES) == set(dossier.PART_DATA) == set(dossier.PARTS)


# --- end to end: cases filled through the real wizards ---------------------------------------------


def _summary_of(db, case_id):
    with db.session.no_autoflush:
        return wizard_summary.case_summary(db.session.get(Case, case_id))


def _assert_articles(text: str, document: dict, label: str = "Điều ") -> None:
    assert document["articles"], document
    for article in document["articles"]:
        assert f"{label}{article['number']}. {nfc(article['heading'])}" in text, article["heading"]
        for paragraph in article["paragraphs"]:
            assert nfc(" ".join(paragraph.split()))[:60] in text, paragraph


def test_collective_case_from_the_wizard(login_as, make_organization, make_product, reference_data, db, fetches):
    from app.models import OrganizationKind
    from tests.kind_helpers import fill_collective, start_case, started_id

    organization = make_organization(name="Hợp tác xã Khóm Cầu Đúc", kind=OrganizationKind.COOPERATIVE)
    product = make_product(organization, name="Khóm Cầu Đúc")
    client, _ = login_as(Role.PRODUCER, organization=organization)
    case_id = started_id(start_case(client, "collective"))
    fill_collective(client, case_id, [product.id])
    summary = _summary_of(db, case_id)
    assert len(summary["regulation"]["articles"]) >= 5 and summary["members"]

    pdf = client.get(f"/cases/{case_id}/dossier.pdf").data
    text = text_of(pdf)
    assert "HỒ SƠ ĐĂNG KÝ NHÃN HIỆU TẬP THỂ" in text and "X Nhãn hiệu tập thể" in text
    _assert_articles(text, summary["regulation"])
    for member in summary["members"]:
        assert nfc(member["name"]) in text
    assert image_count(pdf) == 1  # the mark sample
    assert all(font["embedded"] for font in fonts_of(pdf))
    assert all(url.startswith("app://") for url, _ in fetches)

    html = client.get(f"/cases/{case_id}").get_data(as_text=True)
    for part in dossier.available_parts(summary):
        assert f"/cases/{case_id}/documents/{part}.pdf" in html
        assert client.get(f"/cases/{case_id}/documents/{part}.pdf").status_code == 200
    assert {"regulation", "members"} <= set(dossier.available_parts(summary))
    _assert_articles(text_of(client.get(f"/cases/{case_id}/documents/regulation.pdf").data), summary["regulation"])


def test_certification_case_from_the_wizard(login_as, make_organization, make_product, reference_data, db):
    from app.models import OrganizationKind
    from tests.kind_helpers import fill_certification, start_case, started_id

    agency = make_organization(name="Sở Khoa học và Công nghệ thành phố Cần Thơ", kind=OrganizationKind.STATE_AGENCY)
    product = make_product(agency, name="Khóm Cầu Đúc chứng nhận")
    client, _ = login_as(Role.PRODUCER, organization=agency)
    case_id = started_id(start_case(client, "certification"))
    fill_certification(client, case_id, [product.id])
    summary = _summary_of(db, case_id)

    pdf = client.get(f"/cases/{case_id}/dossier.pdf").data
    pages = page_texts(pdf)
    text = " ".join(pages)
    assert "X Nhãn hiệu chứng nhận" in text and "X Nhãn hiệu tập thể" not in text
    _assert_articles(text, summary["regulation"])
    assert "BẢN ĐỒ KHU VỰC ĐỊA LÝ" in pages[-1]
    assert image_count(pdf) == 2  # the mark sample and the map
    map_alone = client.get(f"/cases/{case_id}/documents/map.pdf").data
    assert image_count(map_alone) == 1 and "BẢN ĐỒ KHU VỰC ĐỊA LÝ" in text_of(map_alone)


def test_gi_case_from_the_wizard_with_a_pdf_map(login_as, make_organization, make_product, reference_data, db):
    from app.models import OrganizationKind
    from tests.kind_helpers import GI_AREA, fill_gi, start_case, started_id
    from tests.wizard_helpers import post_step

    association = make_organization(name="Hội Khóm Cầu Đúc", kind=OrganizationKind.ASSOCIATION)
    make_product(association, name="Khóm Cầu Đúc")
    consultant, _ = login_as(Role.CONSULTANT)
    case_id = started_id(start_case(consultant, "gi", organization_id=association.id))
    fill_gi(consultant, case_id)
    assert post_step(consultant, case_id, "area", GI_AREA,
                     files={"area_map": (map_pdf(), "ban-do.pdf")}).status_code == 302
    summary = _summary_of(db, case_id)
    assert summary["map"]["content_type"] == "application/pdf"

    pdf = consultant.get(f"/cases/{case_id}/dossier.pdf").data
    pages = page_texts(pdf)
    text = " ".join(pages)
    assert "TỜ KHAI ĐĂNG KÝ CHỈ DẪN ĐỊA LÝ" in text and f"Tên chỉ dẫn địa lý: {nfc(summary['gi']['name'])}" in text
    _assert_articles(text, summary["gi_description"], label="")
    assert "MAP SHEET OF HOA TIEN WARD" in pages[-2] and "MAP LEGEND PAGE" in pages[-1]
    assert "BẢN ĐỒ KHU VỰC ĐỊA LÝ" in pages[-3]
    assert all("BẢN NHÁP" in page for page in pages)
    description = text_of(consultant.get(f"/cases/{case_id}/documents/description.pdf").data)
    _assert_articles(description, summary["gi_description"], label="")
    assert len(page_texts(consultant.get(f"/cases/{case_id}/documents/map.pdf").data)) == 3
