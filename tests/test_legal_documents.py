"""The regulation-on-use and GI-description builders: required parts, editing, NFC text."""
from __future__ import annotations

import unicodedata

from app.wizard import legal_documents as docs

OWNER = {"name": "Hợp tác xã Khóm Cầu Đúc", "address": "Ấp Thạnh Lợi, phường Vị Tân, thành phố Cần Thơ",
         "legal_basis": "Giấy chứng nhận đăng ký hợp tác xã số 6300123456"}
MEMBERS = [{"name": "Nguyễn Văn An", "address": "Ấp 1"}, {"name": "Trần Thị Bình", "address": "Ấp 2"}]
COLLECTIVE = {"membership_conditions": "Là hộ trồng khóm.\n\n  Tán thành Điều lệ.  ",
              "use_conditions": "Chỉ dùng cho khóm của thành viên.", "breach_measures": "Thu hồi quyền sử dụng."}
CERTIFICATION = {"use_conditions": "Được Sở cấp quyền.", "certified_characteristics": "Độ Brix từ 14 %.",
                 "evaluation_methods": "Kiểm nghiệm.", "control_methods": "Kiểm tra hằng năm.",
                 "user_fees": "Không thu phí."}


def headings(document):
    return [a["heading"] for a in document["articles"]]


def test_collective_regulation_has_the_five_parts_of_article_105_4_in_order():
    regulation = docs.collective_regulation(OWNER, "KHÓM CẦU ĐÚC", MEMBERS, COLLECTIVE)
    assert regulation["title"] == "QUY CHẾ SỬ DỤNG NHÃN HIỆU TẬP THỂ “KHÓM CẦU ĐÚC”"
    refs = [a["legal_ref"] for a in regulation["articles"] if a["legal_ref"]]
    assert refs == [f"Điều 105 khoản 4 điểm {letter} Luật Sở hữu trí tuệ" for letter in ("a", "b", "c", "d", "đ")]
    assert [a["number"] for a in regulation["articles"]] == list(range(1, len(regulation["articles"]) + 1))
    assert headings(regulation) == ["Chủ sở hữu nhãn hiệu tập thể", "Điều kiện để trở thành thành viên",
                                    "Danh sách thành viên được phép sử dụng nhãn hiệu", "Điều kiện sử dụng nhãn hiệu",
                                    "Biện pháp xử lý hành vi vi phạm Quy chế", "Hiệu lực thi hành"]
    owner = regulation["articles"][0]["paragraphs"]
    assert owner == ["Tên tổ chức: Hợp tác xã Khóm Cầu Đúc.", f"Địa chỉ: {OWNER['address']}.",
                     f"Cơ sở pháp lý thành lập: {OWNER['legal_basis']}."]
    # one paragraph per non-empty line, trimmed
    assert regulation["articles"][1]["paragraphs"] == ["Là hộ trồng khóm.", "Tán thành Điều lệ."]
    assert "gồm 2 thành viên" in regulation["articles"][2]["paragraphs"][0]
    assert regulation["has_members_appendix"] is True
    assert docs.missing_parts(regulation) == []


def test_optional_parts_appear_only_when_answered_and_renumber():
    regulation = docs.collective_regulation(OWNER, "KHÓM", MEMBERS, {**COLLECTIVE, "control_body": "Ban kiểm soát kiểm tra.",
                                                                     "display_rules": "  "})
    assert "Kiểm tra, giám sát việc sử dụng nhãn hiệu" in headings(regulation)
    assert "Cách thể hiện nhãn hiệu trên sản phẩm, bao bì" not in headings(regulation)
    assert regulation["articles"][-1]["number"] == 7 and regulation["articles"][-1]["heading"] == "Hiệu lực thi hành"


def test_a_required_part_left_empty_stays_in_the_document_and_is_reported():
    regulation = docs.collective_regulation({**OWNER, "legal_basis": ""}, "", [], {**COLLECTIVE, "breach_measures": ""})
    assert regulation["title"] == "QUY CHẾ SỬ DỤNG NHÃN HIỆU TẬP THỂ"
    assert docs.missing_parts(regulation) == ["Chủ sở hữu nhãn hiệu tập thể",
                                              "Danh sách thành viên được phép sử dụng nhãn hiệu",
                                              "Biện pháp xử lý hành vi vi phạm Quy chế"]
    assert regulation["has_members_appendix"] is False


def test_certification_regulation_has_the_parts_of_article_105_5():
    regulation = docs.certification_regulation(OWNER, "KHÓM CẦN THƠ", CERTIFICATION)
    letters = [a["legal_ref"].split("điểm ")[1].split()[0] for a in regulation["articles"] if a["legal_ref"]]
    assert letters == ["a", "b", "c", "d", "d", "đ"]  # (d) evaluation and control, two articles
    assert docs.missing_parts(regulation) == []
    without_fees = docs.certification_regulation(OWNER, "KHÓM CẦN THƠ", {**CERTIFICATION, "user_fees": ""})
    assert docs.missing_parts(without_fees) == ["Chi phí người sử dụng nhãn hiệu phải trả"]


def test_user_text_is_normalised_to_nfc_and_kept_verbatim():
    decomposed = unicodedata.normalize("NFD", "Thành viên phải trồng khóm <b>sạch</b> & đúng quy trình")
    regulation = docs.collective_regulation(OWNER, "KHÓM", MEMBERS, {**COLLECTIVE, "use_conditions": decomposed})
    text = regulation["articles"][3]["paragraphs"][0]
    assert text == unicodedata.normalize("NFC", decomposed)
    assert "<b>" in text  # kept as typed: the templates escape it when printing


def test_gi_description_sections_of_article_106():
    description = docs.gi_description(
        {"gi_name": "Cầu Đúc", "product_name": "Khóm", "product_summary": ""},
        {"raw_materials": "Giống Queen.", "sensory": "Ngọt thanh.", "physical_chemical": "", "microbiological": "",
         "reputation": ""},
        {"natural_factors": "Đất phèn.", "human_factors": "", "area_delimitation": "Ba xã.",
         "delimitation_method": "Khảo sát thổ nhưỡng.", "origin_evidence": "Sổ ghi chép.",
         "production_method": "Trồng trên liếp.", "method_stability": "Không đổi từ năm 1990.",
         "link": "Đất phèn cho vị ngọt.", "quality_control": "Kiểm tra mỗi vụ."},
        has_map=True,
    )
    assert description["title"].endswith("“CẦU ĐÚC”")
    assert len(description["articles"]) == 8 and docs.missing_parts(description) == []
    product = description["articles"][1]["paragraphs"]
    assert product == ["Nguyên liệu: Giống Queen.", "Chỉ tiêu cảm quan: Ngọt thanh."]
    area, production = description["articles"][3], description["articles"][5]
    assert area["paragraphs"] == ["Ba xã.", "Phương pháp xác định khu vực địa lý: Khảo sát thổ nhưỡng.",
                                  "Ranh giới khu vực được thể hiện trên bản đồ kèm theo Bản mô tả này."]
    assert area["legal_ref"] == "Điều 106 khoản 2 điểm b Luật Sở hữu trí tuệ"
    assert production["paragraphs"] == ["Trồng trên liếp.", "Tính ổn định của phương pháp sản xuất: Không đổi từ năm 1990."]
    assert production["legal_ref"] == "Điều 106 khoản 2 điểm d Luật Sở hữu trí tuệ"


def test_an_area_without_its_delimitation_method_or_a_method_without_its_stability_is_missing():
    description = docs.gi_description({"gi_name": "Cầu Đúc", "product_name": "Khóm"}, {"sensory": "Ngọt thanh."},
                                      {"area_delimitation": "Ba xã.", "production_method": "Trồng trên liếp."},
                                      has_map=True)
    missing = docs.missing_parts(description)
    assert "Khu vực địa lý tương ứng với chỉ dẫn địa lý" in missing
    assert "Phương pháp sản xuất, chế biến đặc thù của địa phương" in missing


def test_gi_description_needs_a_characteristic_besides_raw_materials():
    description = docs.gi_description({"gi_name": "Cầu Đúc", "product_name": "Khóm"}, {"raw_materials": "Giống Queen."},
                                      {}, has_map=False)
    missing = docs.missing_parts(description)
    assert "Mô tả sản phẩm: nguyên liệu, tính chất, chất lượng đặc thù, danh tiếng" in missing
    assert len(missing) == 7  # everything but the name


def test_suggested_wordings_fill_every_required_part():
    collective = docs.suggested_collective_regulation("Hợp tác xã Khóm Cầu Đúc", "khóm tươi", "Thành phố Cần Thơ")
    regulation = docs.collective_regulation(OWNER, "KHÓM", MEMBERS, collective)
    assert docs.missing_parts(regulation) == []
    assert "khóm tươi" in collective["use_conditions"]
    certification = docs.suggested_certification_regulation("Sở KH&CN", "khóm", "Cần Thơ")
    assert docs.missing_parts(docs.certification_regulation(OWNER, "KHÓM", certification)) == []


def test_gi_description_needs_a_measurable_characteristic_not_reputation_alone():
    indication = {"gi_name": "Cầu Đúc", "product_name": "Khóm"}
    reputation_only = docs.gi_description(indication, {"reputation": "Nổi tiếng từ năm 1940."}, {}, has_map=False)
    assert "Mô tả sản phẩm: nguyên liệu, tính chất, chất lượng đặc thù, danh tiếng" in docs.missing_parts(reputation_only)
    measured = docs.gi_description(indication, {"reputation": "Nổi tiếng từ năm 1940.", "physical_chemical": "Độ Brix 15–18 %."},
                                   {}, has_map=False)
    assert "Mô tả sản phẩm: nguyên liệu, tính chất, chất lượng đặc thù, danh tiếng" not in docs.missing_parts(measured)
