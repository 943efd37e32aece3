"""Filling the collective-mark, certification-mark and GI wizards through the web."""
from __future__ import annotations

import io
import re

from PIL import Image

from tests.conftest import text_of
from tests.wizard_helpers import APPLICANT, MARK, PRIORITY, REVIEW, catalogue_ids, logo_png, post_step

COLLECTIVE_APPLICANT = {**APPLICANT, "legal_basis": "Giấy chứng nhận đăng ký hợp tác xã số 6300123456 do Sở Tài chính thành phố Cần Thơ cấp ngày 12/3/2019"}
CERTIFICATION_APPLICANT = {**APPLICANT, "name": "Sở Khoa học và Công nghệ thành phố Cần Thơ",
                           "legal_basis": "Quyết định số 15/QĐ-UBND của UBND thành phố Cần Thơ", "does_not_trade": "y"}
MEMBERS = [
    ("Nguyễn Văn An", "Ấp Thạnh Lợi, xã Hỏa Tiến", "Hỏa Tiến", "Khóm tươi", ""),
    ("Trần Thị Bình", "Ấp Thạnh Hòa, xã Hỏa Tiến", "Hỏa Tiến", "Khóm sấy", ""),
]
COLLECTIVE_REGULATION = {
    "membership_conditions": "Là hộ trồng khóm tại xã Hỏa Tiến.\nTán thành Điều lệ hợp tác xã.",
    "use_conditions": "Chỉ dùng cho khóm do thành viên trồng tại xã Hỏa Tiến.",
    "breach_measures": "Nhắc nhở; đình chỉ quyền sử dụng; thu hồi quyền sử dụng.",
    "display_rules": "In trên nhãn đúng mẫu.", "control_body": "", "right_duration": "",
}
CERTIFICATION_REGULATION = {
    "use_conditions": "Tổ chức, cá nhân trồng khóm tại vùng Cầu Đúc được Sở cấp quyền.",
    "certified_characteristics": "Khóm trồng tại vùng Cầu Đúc; độ Brix từ 14 %.",
    "evaluation_methods": "Lấy mẫu, kiểm nghiệm độ Brix tại phòng thử nghiệm được công nhận.",
    "control_methods": "Kiểm tra định kỳ hằng năm và đột xuất.",
    "user_fees": "Người sử dụng không phải trả phí.",
    "display_rules": "", "right_duration": "",
}
CHARACTERISTICS = {"bases": ["place_name", "quality"],
                   "characteristics": "Khóm Cầu Đúc có vị ngọt thanh, thơm đặc trưng do trồng trên đất phèn.",
                   "area_description": ""}
GI_APPLICANT = {"applicant_type": "authorised_body", "applicant_name": "Sở Khoa học và Công nghệ thành phố Cần Thơ",
                "applicant_address": "Số 2 Lý Thường Kiệt, phường Ninh Kiều, thành phố Cần Thơ",
                "authority_basis": "Quyết định số 123/QĐ-UBND ngày 05/3/2026 của UBND thành phố Cần Thơ",
                "phone": "02923820000", "email": "sokhcn@example.vn",
                "manager_name": "Hội Khóm Cầu Đúc", "manager_address": "Xã Hỏa Tiến, thành phố Cần Thơ",
                "manager_tax_code": ""}
GI_INDICATION = {"gi_name": "Cầu Đúc", "product_name": "Khóm", "product_summary": "Khóm tươi bán theo trái."}
GI_CHARACTERISTICS = {"raw_materials": "Giống khóm Queen.", "sensory": "Vỏ mỏng, thịt vàng, vị ngọt thanh.",
                      "physical_chemical": "Độ Brix 15–18 %.", "microbiological": "", "reputation": "Nổi tiếng từ năm 1940."}
GI_AREA = {"natural_factors": "Đất phèn nhẹ, khí hậu nhiệt đới gió mùa.", "human_factors": "Kinh nghiệm trồng khóm lâu đời.",
           "area_delimitation": "Các xã Hỏa Tiến, Tân Tiến, Hỏa Lựu.",
           "delimitation_method": "Khảo sát thổ nhưỡng và vùng trồng thực tế năm 2024.",
           "origin_evidence": "Sổ ghi chép sản xuất của các hộ.",
           "production_method": "Trồng trên liếp, thu hoạch khi trái chín vàng 1/3.",
           "method_stability": "Áp dụng ổn định từ những năm 1990.",
           "link": "Đất phèn cho vị ngọt thanh đặc trưng.", "quality_control": "Hội kiểm tra hằng năm; thu hồi quyền khi vi phạm."}


def map_png() -> bytes:
    image = Image.new("RGB", (800, 600), "white")
    for x in range(100, 700):
        image.putpixel((x, 300), (0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def start_case(client, kind: str, **extra):
    return client.post("/cases/new", data={"kind": kind, **extra})


def started_id(response) -> int:
    assert response.status_code == 302, response.data[:500]
    return int(re.search(r"/cases/(\d+)/steps/", response.headers["Location"]).group(1))


def members_data(rows=MEMBERS) -> dict:
    data = {}
    for i, row in enumerate(rows):
        for name, value in zip(("name", "address", "ward", "produces", "tax_code"), row):
            data[f"members-{i}-{name}"] = value
    return data


def _post_all(client, case_id, steps):
    for step, data, files in steps:
        response = post_step(client, case_id, step, data, files=files)
        assert response.status_code == 302, (step, text_of(response)[:3000])


def _mark_and_goods(client, case_id, product_ids):
    _post_all(client, case_id, [
        ("products", {"products": [str(p) for p in product_ids]}, None),
        ("mark", MARK, {"mark_image": (logo_png(), "logo.png")}),
    ])
    _post_all(client, case_id, [("goods", {"terms": catalogue_ids(client, case_id, "Mật ong")}, None)])


def fill_collective(client, case_id: int, product_ids: list[int]) -> None:
    _post_all(client, case_id, [("applicant", COLLECTIVE_APPLICANT, None)])
    _mark_and_goods(client, case_id, product_ids)
    _post_all(client, case_id, [("members", members_data(), None), ("regulation", COLLECTIVE_REGULATION, None),
                                ("characteristics", CHARACTERISTICS, {"place_permission": (logo_png(), "cong-van.png")}),
                                ("priority", PRIORITY, None),
                                ("review", REVIEW, None)])


def fill_certification(client, case_id: int, product_ids: list[int]) -> None:
    _post_all(client, case_id, [("applicant", CERTIFICATION_APPLICANT, None)])
    _mark_and_goods(client, case_id, product_ids)
    _post_all(client, case_id, [
        ("regulation", CERTIFICATION_REGULATION, None),
        ("characteristics", {**CHARACTERISTICS, "bases": ["place_name", "origin"], "permission_later": "y",
                             "area_description": "Vùng trồng khóm gồm các xã Hỏa Tiến, Tân Tiến."},
         {"area_map": (map_png(), "ban-do.png")}),
        ("priority", PRIORITY, None), ("review", REVIEW, None)])


def fill_gi(client, case_id: int) -> None:
    _post_all(client, case_id, [
        ("applicant", GI_APPLICANT, None),
        ("indication", GI_INDICATION, None),
        ("characteristics", GI_CHARACTERISTICS, None),
        ("area", GI_AREA, {"area_map": (map_png(), "ban-do.png")}),
        ("representative", {"representative_kind": "none"}, None),
        ("review", REVIEW, None),
    ])
