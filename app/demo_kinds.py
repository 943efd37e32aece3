"""Demo data for the collective-mark, certification-mark and GI wizards: one complete,
approved case of each kind (members, regulation on use, GI description, map), filled in
through the same wizard steps and validation a user goes through, so that a new user can
open each dossier at once. Called by app/demo.py's seed().
"""
from __future__ import annotations

import io

import sqlalchemy as sa

from app import addresses
from app.auth import services as auth_services
from app.cases import workflow
from app.extensions import db
from app.models import Case, CaseKind, Organization, OrganizationKind, Product

CAN_THO = 92

AGENCY = dict(name="Sở Khoa học và Công nghệ thành phố Cần Thơ", kind=OrganizationKind.STATE_AGENCY,
              tax_code="1800156999", address_line="Số 2 Lý Thường Kiệt", ward="Phường Ninh Kiều",
              legal_representative="Trần Minh Khoa", phone="02923820000", email="sokhcn@demo.ocop.vn")

MEMBERS = (
    ("Nguyễn Văn Bảy", "Ấp Mỹ Ái, xã Phong Điền", "Phong Điền", "Bưởi Năm Roi tươi", ""),
    ("Lê Thị Tám", "Ấp Mỹ Phụng, xã Phong Điền", "Phong Điền", "Bưởi Năm Roi tươi", ""),
    ("Trần Văn Chín", "Ấp Nhơn Lộc, xã Phong Điền", "Phong Điền", "Bưởi Năm Roi, cây giống", ""),
    ("Phạm Thị Mười", "Ấp Thị Tứ, xã Phong Điền", "Phong Điền", "Bưởi Năm Roi tươi", ""),
    ("Võ Văn Một", "Ấp Tân Lợi, xã Phong Điền", "Phong Điền", "Mứt vỏ bưởi", ""),
    ("Hợp tác xã Khóm Cầu Đúc Hỏa Tiến", "Ấp Thạnh Lợi, phường Vị Tân", "Vị Tân", "Bưởi xen canh", "6300123456"),
)


def demo_map(title: str, places: tuple[str, ...]) -> bytes:
    """A simple area map: a bounded region, its communes and a north arrow (PNG, 1400 × 1000 px)."""
    from PIL import Image, ImageDraw, ImageFont

    from app.documents.pdf import FONT_DIR

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


def _approve(case: Case, producer_or_consultant, consultant) -> None:
    from app.wizard import services as wizard_services

    problems = wizard_services.submit(case, producer_or_consultant)
    assert not problems, problems
    workflow.transition(case, "approve", consultant, "Hồ sơ đầy đủ, sẵn sàng nộp.")


def _review(signatory: str, title: str) -> dict:
    return {"signatory_name": signatory, "signatory_title": title, "signing_place": "Cần Thơ"}


def seed_kind_cases() -> None:
    """One approved case of each of the three kinds (see the module docstring). Looks up the
    demo organizations, products and consultant, so it can also run on an older demo database."""
    from flask import current_app

    from app.auth.services import find_user_by_email
    from app.demo import demo_logo, fill_wizard, term_ids
    from app.wizard import services as wizard_services

    consultant = find_user_by_email("tuvan@demo.ocop.vn")
    products = {p.name: p for p in db.session.scalars(sa.select(Product))}
    spec = dict(AGENCY)
    ward_code = addresses.ward_code_by_name(CAN_THO, spec.pop("ward"))
    agency = auth_services.create_organization(province_code=CAN_THO, ward_code=ward_code, **spec)
    agency.verified = True
    pomelo = products["Bưởi Năm Roi Phú Hữu"]
    no_priority = {"priority_basis": "none", "representative_kind": "none"}

    with current_app.test_request_context():
        # --- collective mark of the pomelo cooperative (prepared by DOST: it has no account) ---
        cooperative: Organization = pomelo.organization
        case = wizard_services.start_case(CaseKind.COLLECTIVE, cooperative, consultant, [pomelo])
        case.consultant = consultant
        members = {}
        for i, row in enumerate(MEMBERS):
            for name, value in zip(("name", "address", "ward", "produces", "tax_code"), row):
                members[f"members-{i}-{name}"] = value
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
            "members": members,
            "regulation": {
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
            },
            "characteristics": {"bases": ["place_name", "quality"],
                                "characteristics": "Bưởi Năm Roi Phong Điền có dạng quả hình quả lê, vỏ mỏng màu vàng xanh, "
                                                   "múi ráo, không hạt, vị ngọt thanh hơi chua nhẹ.\n"
                                                   "Đặc tính này có được nhờ đất phù sa ven sông Hậu và kỹ thuật chiết cành "
                                                   "truyền thống của nhà vườn Phong Điền.",
                                "area_description": ""},
            "priority": no_priority,
            "review": _review(cooperative.legal_representative or "Lê Văn Bưởi", "Giám đốc"),
        }, {"mark": {"mark_image": (demo_logo("BƯỞI NĂM ROI PHONG ĐIỀN", (110, 170, 40)), "logo.png")}})
        _approve(case, consultant, consultant)

        # --- certification mark of DOST for Cần Thơ pineapples (origin certified: map) ---
        case = wizard_services.start_case(CaseKind.CERTIFICATION, agency, consultant, [])
        case.consultant = consultant
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
            "regulation": {
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
            },
            "characteristics": {"bases": ["place_name", "origin"],
                                "characteristics": "Khóm trồng trên đất phèn nhẹ của vùng có vị ngọt đậm, thơm, ít xơ.",
                                "area_description": "Khu vực gồm phường Vị Tân, xã Hỏa Tiến và xã Hỏa Lựu, thành phố "
                                                    "Cần Thơ, giới hạn bởi kênh Xà No ở phía bắc."},
            "priority": no_priority,
            "review": _review(agency.legal_representative, "Giám đốc"),
        }, {"mark": {"mark_image": (demo_logo("KHÓM CẦN THƠ", (230, 180, 30)), "logo.png")},
            "characteristics": {"area_map": (demo_map("Bản đồ khu vực chứng nhận: KHÓM CẦN THƠ",
                                                      ("Vị Tân", "Hỏa Tiến", "Hỏa Lựu")), "ban-do-khom.png")}})
        _approve(case, consultant, consultant)

        # --- geographical indication "Cầu Đúc" for pineapples, filed by DOST for the State ---
        case = wizard_services.start_case(CaseKind.GI, agency, consultant, [])
        case.consultant = consultant
        fill_wizard(case, consultant, {
            "applicant": {"applicant_type": "authorised_body", "applicant_name": agency.name,
                          "applicant_address": agency.address,
                          "authority_basis": "Quyết định số 123/QĐ-UBND ngày 05/3/2026 của Ủy ban nhân dân thành phố "
                                             "Cần Thơ cho phép Sở Khoa học và Công nghệ nộp đơn",
                          "phone": agency.phone, "email": agency.email,
                          "manager_name": agency.name, "manager_address": agency.address,
                          "manager_tax_code": agency.tax_code},
            "indication": {"gi_name": "Cầu Đúc", "product_name": "Khóm",
                           "product_summary": "Khóm (dứa) Queen tươi, bán theo trái."},
            "characteristics": {"raw_materials": "Giống khóm Queen trồng từ chồi ngọn.",
                                "sensory": "Trái hình trụ, mắt nông; thịt vàng đậm, giòn; vị ngọt thanh, thơm đặc trưng.",
                                "physical_chemical": "Khối lượng trái 0,8–1,2 kg; độ Brix 15–18 %; độ chua 0,5–0,7 %.",
                                "microbiological": "",
                                "reputation": "Khóm Cầu Đúc được biết đến từ những năm 1940, là đặc sản được tiêu thụ "
                                              "khắp Đồng bằng sông Cửu Long."},
            "area": {"natural_factors": "Đất phèn nhẹ, tầng canh tác mỏng; khí hậu nhiệt đới gió mùa, nhiệt độ trung "
                                        "bình 27 °C; nguồn nước ngọt quanh năm từ kênh Xà No.",
                     "human_factors": "Kinh nghiệm lên liếp, xử lý ra hoa và thu hoạch truyền thống của nông dân Hỏa Tiến.",
                     "area_delimitation": "Khu vực gồm phường Vị Tân, xã Hỏa Tiến và xã Hỏa Lựu, thành phố Cần Thơ; "
                                          "phía bắc giáp kênh Xà No, phía nam giáp quốc lộ 61.",
                     "origin_evidence": "Sổ ghi chép sản xuất của các hộ, xác nhận vùng trồng của Ủy ban nhân dân xã, "
                                        "tài liệu lịch sử địa phương.",
                     "production_method": "Trồng trên liếp cao, mật độ 40.000 cây/ha, thu hoạch khi trái chín vàng "
                                          "một phần ba.",
                     "link": "Đất phèn nhẹ và nguồn nước kênh Xà No cho trái ít xơ, vị ngọt thanh; kỹ thuật lên liếp "
                             "giữ độ ẩm ổn định trong mùa khô.",
                     "quality_control": "Tổ chức quản lý kiểm tra vùng trồng mỗi vụ; người sử dụng tự ghi chép và "
                                        "lưu mẫu; thu hồi quyền sử dụng khi không đạt."},
            "representative": {"representative_kind": "none"},
            "review": _review(agency.legal_representative, "Giám đốc"),
        }, {"area": {"area_map": (demo_map("Bản đồ khu vực chỉ dẫn địa lý CẦU ĐÚC",
                                           ("Vị Tân", "Hỏa Tiến", "Hỏa Lựu")), "ban-do-cau-duc.png")}})
        _approve(case, consultant, consultant)
    db.session.flush()


def kind_cases_present() -> bool:
    """True once the demo cases of the three kinds exist (their agency is created with them)."""
    return db.session.scalar(sa.select(Organization.id).where(Organization.tax_code == AGENCY["tax_code"])) is not None
