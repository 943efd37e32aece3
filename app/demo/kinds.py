"""Demo data for the collective-mark, certification-mark and GI wizards: one complete,
approved case of each kind (members, regulation on use, GI description, map), filled in
through the same wizard steps and validation a user goes through, so that a new user can
open each dossier at once. It also runs on its own on a demo database from before these
wizards existed.
"""
from __future__ import annotations

import io

import sqlalchemy as sa
from flask import current_app
from PIL import Image, ImageDraw, ImageFont

from app.auth.services import find_user_by_email
from app.cases import services as case_services
from app.demo.base import (
    CONSULTANT_EMAIL,
    approve,
    create_demo_organization,
    demo_logo,
    fill_wizard,
    submit,
    term_ids,
)
from app.documents.pdf import FONT_DIR
from app.extensions import db
from app.models import Case, CaseKind, Organization, OrganizationKind, Product

AGENCY = dict(name="Sở Khoa học và Công nghệ thành phố Cần Thơ", kind=OrganizationKind.STATE_AGENCY,
              tax_code="1800156999", address_line="Số 2 Lý Thường Kiệt", ward="Phường Ninh Kiều",
              legal_representative="Trần Minh Khoa", phone="02923820000", email="sokhcn@demo.ocop.vn")
POMELO = "Bưởi Năm Roi Phú Hữu"

MEMBERS = (
    ("Nguyễn Văn Bảy", "Ấp Mỹ Ái, xã Phong Điền", "Phong Điền", "Bưởi Năm Roi tươi", ""),
    ("Lê Thị Tám", "Ấp Mỹ Phụng, xã Phong Điền", "Phong Điền", "Bưởi Năm Roi tươi", ""),
    ("Trần Văn Chín", "Ấp Nhơn Lộc, xã Phong Điền", "Phong Điền", "Bưởi Năm Roi, cây giống", ""),
    ("Phạm Thị Mười", "Ấp Thị Tứ, xã Phong Điền", "Phong Điền", "Bưởi Năm Roi tươi", ""),
    ("Võ Văn Một", "Ấp Tân Lợi, xã Phong Điền", "Phong Điền", "Mứt vỏ bưởi", ""),
    # every member inside the area the regulation limits membership to (xã Phong Điền)
    ("Đỗ Thị Hai", "Ấp Nhơn Lộc 2, xã Phong Điền", "Phong Điền", "Bưởi Năm Roi tươi", ""),
)
NO_PRIORITY = {"priority_basis": "none", "representative_kind": "none"}
PINEAPPLE_COMMUNES = ("Vị Tân", "Hỏa Tiến", "Hỏa Lựu")

COLLECTIVE_REGULATION = {
    "membership_conditions": "Là hộ gia đình, cá nhân, tổ chức trồng bưởi Năm Roi trên địa bàn xã Phong Điền.\n"
                             "Tự nguyện gia nhập, tán thành Điều lệ của Hợp tác xã và cam kết thực hiện Quy chế này.",
    "use_conditions": "Chỉ sử dụng nhãn hiệu cho bưởi Năm Roi do chính thành viên trồng tại xã Phong Điền.\n"
                      "Trái bưởi đạt tiêu chuẩn cơ sở TCCS 01:2025/HTX về khối lượng, độ ngọt, không hạt.\n"
                      "Không chuyển giao quyền sử dụng nhãn hiệu cho người không phải thành viên.",
    "breach_measures": "Nhắc nhở và yêu cầu khắc phục trong 30 ngày.\n"
                       "Tạm đình chỉ quyền sử dụng nhãn hiệu 6 tháng nếu không khắc phục.\n"
                       "Thu hồi quyền sử dụng nhãn hiệu nếu tái phạm.",
    "display_rules": "Nhãn hiệu in trên tem dán từng trái và trên thùng carton, đúng mẫu đã đăng ký.",
    "control_body": "Ban kiểm soát Hợp tác xã kiểm tra vườn của thành viên mỗi vụ thu hoạch.",
    "right_duration": "Trong thời hạn hiệu lực của văn bằng và khi thành viên còn ở trong Hợp tác xã.",
}
COLLECTIVE_CHARACTERISTICS = {
    "bases": ["place_name", "quality"],
    "characteristics": "Bưởi Năm Roi Phong Điền có dạng quả hình quả lê, vỏ mỏng màu vàng xanh, "
                       "múi ráo, không hạt, vị ngọt thanh hơi chua nhẹ.\n"
                       "Đặc tính này có được nhờ đất phù sa ven sông Hậu và kỹ thuật chiết cành "
                       "truyền thống của nhà vườn Phong Điền.",
    "area_description": "",
}
CERTIFICATION_REGULATION = {
    "use_conditions": "Tổ chức, cá nhân trồng khóm trong khu vực địa lý nêu tại Quy chế, có đơn đề nghị "
                      "và được Sở Khoa học và Công nghệ cấp quyền sử dụng.",
    "certified_characteristics": "Nguồn gốc: khóm trồng tại các xã, phường Vị Tân, Hỏa Tiến, Hỏa Lựu.\n"
                                 "Chất lượng: trái 0,8–1,2 kg, độ Brix từ 14 % trở lên, thịt vàng đậm.",
    "evaluation_methods": "Lấy mẫu ngẫu nhiên mỗi vụ; đo độ Brix tại phòng thử nghiệm được công nhận; "
                          "đối chiếu sổ ghi chép sản xuất để xác định nguồn gốc.",
    "control_methods": "Kiểm tra định kỳ mỗi năm một lần và đột xuất khi có phản ánh; thu hồi quyền "
                       "sử dụng khi sản phẩm không đạt.",
    "user_fees": "Người sử dụng nhãn hiệu không phải trả phí.",
    "display_rules": "Tem nhãn hiệu in kèm mã số của người được cấp quyền.",
    "right_duration": "Ba năm, được cấp lại sau khi đánh giá lại.",
}
CERTIFICATION_CHARACTERISTICS = {
    "bases": ["place_name", "origin"],
    "characteristics": "Khóm trồng trên đất phèn nhẹ của vùng có vị ngọt đậm, thơm, ít xơ.",
    "area_description": "Khu vực gồm phường Vị Tân, xã Hỏa Tiến và xã Hỏa Lựu, thành phố "
                        "Cần Thơ, giới hạn bởi kênh Xà No ở phía bắc.",
}
GI_INDICATION = {"gi_name": "Cầu Đúc", "product_name": "Khóm",
                 "product_summary": "Khóm (dứa) Queen tươi, bán theo trái."}
GI_CHARACTERISTICS = {
    "raw_materials": "Giống khóm Queen trồng từ chồi ngọn.",
    "sensory": "Trái hình trụ, mắt nông; thịt vàng đậm, giòn; vị ngọt thanh, thơm đặc trưng.",
    "physical_chemical": "Khối lượng trái 0,8–1,2 kg; độ Brix 15–18 %; độ chua 0,5–0,7 %.",
    "microbiological": "",
    "reputation": "Khóm Cầu Đúc được biết đến từ những năm 1940, là đặc sản được tiêu thụ "
                  "khắp Đồng bằng sông Cửu Long.",
}
GI_AREA = {
    "natural_factors": "Đất phèn nhẹ, tầng canh tác mỏng; khí hậu nhiệt đới gió mùa, nhiệt độ trung "
                       "bình 27 °C; nguồn nước ngọt quanh năm từ kênh Xà No.",
    "human_factors": "Kinh nghiệm lên liếp, xử lý ra hoa và thu hoạch truyền thống của nông dân Hỏa Tiến.",
    "area_delimitation": "Khu vực gồm phường Vị Tân, xã Hỏa Tiến và xã Hỏa Lựu, thành phố Cần Thơ; "
                         "phía bắc giáp kênh Xà No, phía nam giáp quốc lộ 61.",
    "delimitation_method": "Khảo sát thổ nhưỡng và vùng trồng khóm thực tế năm 2024, đối chiếu bản đồ địa chính "
                           "và ranh giới hành chính sau ngày 01/7/2025.",
    "origin_evidence": "Sổ ghi chép sản xuất của các hộ, xác nhận vùng trồng của Ủy ban nhân dân xã, "
                       "tài liệu lịch sử địa phương.",
    "production_method": "Trồng trên liếp cao, mật độ 40.000 cây/ha, thu hoạch khi trái chín vàng "
                         "một phần ba.",
    "method_stability": "Kỹ thuật lên liếp và xử lý ra hoa được nông dân áp dụng ổn định từ những năm 1980, "
                        "ghi trong sổ tay kỹ thuật của Hội Khóm Cầu Đúc.",
    "link": "Đất phèn nhẹ và nguồn nước kênh Xà No cho trái ít xơ, vị ngọt thanh; kỹ thuật lên liếp "
            "giữ độ ẩm ổn định trong mùa khô.",
    "quality_control": "Tổ chức quản lý kiểm tra vùng trồng mỗi vụ; người sử dụng tự ghi chép và "
                       "lưu mẫu; thu hồi quyền sử dụng khi không đạt.",
}


def demo_map(title: str, places: tuple[str, ...]) -> bytes:
    """A simple area map: a bounded region, its communes and a north arrow (PNG, 1400 × 1000 px)."""
    image = Image.new("RGB", (1400, 1000), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT_DIR / "LiberationSerif-Regular.ttf"), 40)
    bold = ImageFont.truetype(str(FONT_DIR / "LiberationSerif-Bold.ttf"), 52)
    draw.text((60, 30), title, fill=(0, 0, 0), font=bold)
    boundary = [(180, 220), (760, 160), (1220, 300), (1260, 720), (820, 900), (260, 820), (140, 520)]
    draw.polygon(boundary, fill=(236, 244, 226), outline=(0, 0, 0), width=6)
    draw.line([(500, 190), (560, 860)], fill=(90, 90, 90), width=3)  # boundaries between communes
    draw.line([(900, 230), (860, 880)], fill=(90, 90, 90), width=3)
    for (x, y), place in zip(((250, 480), (620, 520), (960, 500)), places):
        draw.text((x, y), place, fill=(0, 0, 0), font=font)
    draw.polygon([(1300, 60), (1270, 150), (1330, 150)], fill=(0, 0, 0))
    draw.text((1286, 160), "B", fill=(0, 0, 0), font=font)
    draw.text((60, 940), "Tỷ lệ minh họa. Đường đậm: ranh giới khu vực; đường mảnh: ranh giới xã.",
              fill=(60, 60, 60), font=ImageFont.truetype(str(FONT_DIR / "LiberationSerif-Italic.ttf"), 30))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def demo_permission(place: str, kind_words: str) -> bytes:
    """An illustrative letter of the city People's Committee allowing the owner to use `place` in its
    mark (PNG, 1240 × 1754 px, A4 at 150 dpi): a collective or certification mark that names a place
    needs one (IP Law Art. 87)."""
    image = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(image)
    regular = ImageFont.truetype(str(FONT_DIR / "LiberationSerif-Regular.ttf"), 34)
    bold = ImageFont.truetype(str(FONT_DIR / "LiberationSerif-Bold.ttf"), 38)
    lines = [(bold, "ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ"), (regular, "Số: 0000/UBND-KT (tài liệu minh họa)"),
             (bold, f"V/v cho phép sử dụng địa danh \"{place}\""), (bold, f"trong {kind_words}"),
             (regular, f"Ủy ban nhân dân thành phố đồng ý cho phép sử dụng địa danh \"{place}\""),
             (regular, f"để đăng ký {kind_words} cho sản phẩm đặc sản của địa phương.")]
    for row, (font, text) in enumerate(lines):
        draw.text((100, 120 + row * 90), text, fill=(0, 0, 0), font=font)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _review(signatory: str, title: str) -> dict:
    """The review step: who signs the declaration, as what, in Cần Thơ."""
    return {"signatory_name": signatory, "signatory_title": title, "signing_place": "Cần Thơ"}


def _start(kind: CaseKind, organization: Organization, consultant, products: list) -> Case:
    """A new case of `kind` that the consultant prepares and reviews."""
    case = case_services.start_case(kind, organization, consultant, products)
    case.consultant = consultant
    return case


def _submit_and_approve(case: Case, consultant) -> None:
    """The consultant submits the filled case and approves it at once."""
    submit(case, consultant)
    approve(case, consultant)


def _members_rows() -> dict:
    """The members step's form fields for MEMBERS (members-<row>-<field>)."""
    members = {}
    for i, row in enumerate(MEMBERS):
        for name, value in zip(("name", "address", "ward", "produces", "tax_code"), row):
            members[f"members-{i}-{name}"] = value
    return members


def seed_collective_mark(pomelo: Product, consultant) -> None:
    """The collective mark of the pomelo cooperative (prepared by DOST: it has no account)."""
    cooperative: Organization = pomelo.organization
    case = _start(CaseKind.COLLECTIVE, cooperative, consultant, [pomelo])
    fill_wizard(case, consultant, {
        "applicant": {"applicant_kind": "organization", "name": cooperative.name, "address": cooperative.address,
                      "tax_code": cooperative.tax_code, "phone": "0939123456", "email": "",
                      "legal_basis": "Giấy chứng nhận đăng ký hợp tác xã số 6300345678 do Sở Tài chính thành phố "
                                     "Cần Thơ cấp ngày 20/5/2018"},
        "products": {"products": [str(pomelo.id)]},
        "mark": {"wording": "BƯỞI NĂM ROI PHONG ĐIỀN", "mark_form": "combined", "colour_mode": "colour",
                 "colours": "xanh lá cây, vàng, đen",
                 "description": "Nhãn hiệu gồm chữ BƯỞI NĂM ROI PHONG ĐIỀN, bên trên là hình trái bưởi cách điệu.",
                 "meaning": ""},
        "goods": {"terms": term_ids(("Bưởi tươi", 31), ("Trái cây tươi", 31))},
        "members": _members_rows(),
        "regulation": COLLECTIVE_REGULATION,
        "characteristics": COLLECTIVE_CHARACTERISTICS,
        "priority": NO_PRIORITY,
        "review": _review(cooperative.legal_representative or "Lê Văn Bưởi", "Giám đốc"),
    }, {"mark": {"mark_image": (demo_logo("BƯỞI NĂM ROI PHONG ĐIỀN", (110, 170, 40)), "logo.png")},
        "characteristics": {"place_permission": (demo_permission("Phong Điền", "nhãn hiệu tập thể"),
                                                 "cho-phep-dia-danh.png")}})
    _submit_and_approve(case, consultant)


def seed_certification_mark(agency: Organization, consultant) -> None:
    """DOST's certification mark for Cần Thơ pineapples (origin certified, so with a map)."""
    case = _start(CaseKind.CERTIFICATION, agency, consultant, [])
    fill_wizard(case, consultant, {
        "applicant": {"applicant_kind": "organization", "name": agency.name, "address": agency.address,
                      "tax_code": agency.tax_code, "phone": agency.phone, "email": agency.email,
                      "legal_basis": "Quyết định số 15/2025/QĐ-UBND của Ủy ban nhân dân thành phố Cần Thơ quy định "
                                     "chức năng, nhiệm vụ của Sở Khoa học và Công nghệ",
                      "does_not_trade": "y"},
        "products": {},
        "mark": {"wording": "KHÓM CẦN THƠ", "mark_form": "combined", "colour_mode": "colour",
                 "colours": "vàng, xanh lá cây",
                 "description": "Nhãn hiệu gồm chữ KHÓM CẦN THƠ và hình trái khóm trong vòng tròn.",
                 "meaning": ""},
        "goods": {"terms": term_ids(("Khóm (dứa) tươi", 31))},
        "regulation": CERTIFICATION_REGULATION,
        "characteristics": CERTIFICATION_CHARACTERISTICS,
        "priority": NO_PRIORITY,
        "review": _review(agency.legal_representative, "Giám đốc"),
    }, {"mark": {"mark_image": (demo_logo("KHÓM CẦN THƠ", (230, 180, 30)), "logo.png")},
        "characteristics": {"area_map": (demo_map("Bản đồ khu vực chứng nhận: KHÓM CẦN THƠ", PINEAPPLE_COMMUNES),
                                         "ban-do-khom.png"),
                            "place_permission": (demo_permission("Cần Thơ", "nhãn hiệu chứng nhận"),
                                                 "cho-phep-dia-danh.png")}})
    _submit_and_approve(case, consultant)


def seed_geographical_indication(agency: Organization, consultant) -> None:
    """The geographical indication "Cầu Đúc" for pineapples, filed by DOST for the State."""
    case = _start(CaseKind.GI, agency, consultant, [])
    fill_wizard(case, consultant, {
        "applicant": {"applicant_type": "authorised_body", "applicant_name": agency.name,
                      "applicant_address": agency.address,
                      "authority_basis": "Quyết định số 123/QĐ-UBND ngày 05/3/2026 của Ủy ban nhân dân thành phố "
                                         "Cần Thơ cho phép Sở Khoa học và Công nghệ nộp đơn",
                      "phone": agency.phone, "email": agency.email,
                      "manager_name": agency.name, "manager_address": agency.address,
                      "manager_tax_code": agency.tax_code},
        "indication": GI_INDICATION,
        "characteristics": GI_CHARACTERISTICS,
        "area": GI_AREA,
        "representative": {"representative_kind": "none"},
        "review": _review(agency.legal_representative, "Giám đốc"),
    }, {"area": {"area_map": (demo_map("Bản đồ khu vực chỉ dẫn địa lý CẦU ĐÚC", PINEAPPLE_COMMUNES),
                              "ban-do-cau-duc.png")}})
    _submit_and_approve(case, consultant)


def seed_kind_cases() -> None:
    """One approved case of each of the three kinds (see the module docstring). Looks up the
    demo organizations, products and consultant, so it can also run on an older demo database."""
    consultant = find_user_by_email(CONSULTANT_EMAIL)
    products = {p.name: p for p in db.session.scalars(sa.select(Product))}
    agency = create_demo_organization(AGENCY)
    with current_app.test_request_context():
        seed_collective_mark(products[POMELO], consultant)
        seed_certification_mark(agency, consultant)
        seed_geographical_indication(agency, consultant)
    db.session.flush()


def kind_cases_present() -> bool:
    """True once the demo cases of the three kinds exist (their agency is created with them)."""
    return db.session.scalar(sa.select(Organization.id).where(Organization.tax_code == AGENCY["tax_code"])) is not None
