"""Journeys 2–4 in a real browser (Debian's Chromium): a collective mark, a certification mark
and a geographical indication, each from an empty case to an approved case whose dossier and
own documents are downloaded and read back."""
from __future__ import annotations

import re

import openpyxl
import pytest
from playwright.sync_api import expect

from tests.browser import log_in, log_out, press
from tests.kind_helpers import map_png
from tests.pdf_reading import text_of
from tests.wizard_helpers import logo_png

pytestmark = pytest.mark.browser


def members_workbook(path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Họ và tên", "Địa chỉ", "Xã/phường", "Sản phẩm"])
    sheet.append(["Lê Thị Hồng", "Ấp Thạnh Hòa, xã Hỏa Tiến", "Hỏa Tiến", "Khóm sấy"])
    sheet.append(["Phạm Văn Hùng", "Ấp Thạnh Lợi, xã Hỏa Tiến", "Hỏa Tiến", "Khóm tươi"])
    workbook.save(path)


def fill_mark(page, wording, logo) -> None:
    page.check("input[name=mark_form][value=combined]")
    page.fill("#wording", wording)
    page.set_input_files("#mark_image", str(logo))
    page.check("input[name=colour_mode][value=colour]")
    page.fill("#colours", "vàng, xanh lá cây")
    page.fill("#description", f"Chữ {wording}, bên trên là hình trái khóm.")


def approve_and_download(page, site, case_url, context) -> str:
    """DOST approves the case; returns the text of the final dossier."""
    log_in(page, site, "tuvan@demo.ocop.vn")
    page.goto(case_url)
    page.get_by_role("button", name="Duyệt: sẵn sàng nộp đơn").click()
    expect(page.locator("#case-status")).to_have_text("Sẵn sàng nộp đơn")
    response = context.request.get(f"{case_url}/dossier.pdf")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = text_of(response.body())
    assert "BẢN NHÁP" not in text
    return text


def part_text(context, case_url, part) -> str:
    response = context.request.get(f"{case_url}/documents/{part}.pdf")
    assert response.ok and response.headers["content-type"] == "application/pdf", part
    return text_of(response.body())


@pytest.mark.parametrize("width", [1280, 360], ids=["desktop", "phone"])
def test_collective_mark_journey(browser, demo_site, tmp_path, width):
    logo, members = tmp_path / "logo.png", tmp_path / "thanh-vien.xlsx"
    logo.write_bytes(logo_png())
    members_workbook(members)
    wording = f"KHÓM HỎA TIẾN {width}"
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    log_in(page, demo_site, "htx@demo.ocop.vn")
    page.get_by_role("link", name="Đơn khác: nhãn hiệu tập thể, nhãn hiệu chứng nhận, chỉ dẫn địa lý").click()
    page.get_by_role("button", name="Bắt đầu: Nhãn hiệu tập thể").click()
    page.wait_for_url("**/steps/applicant")
    page.fill("#legal_basis", "Giấy chứng nhận đăng ký hợp tác xã số 6300123456")
    press(page, "Tiếp tục")
    page.wait_for_url("**/steps/products")
    page.get_by_label("Khóm Cầu Đúc Hậu Giang", exact=False).check()
    press(page, "Tiếp tục")
    page.wait_for_url("**/steps/mark")
    fill_mark(page, wording, logo)
    press(page, "Tiếp tục")
    page.wait_for_url("**/steps/goods")
    page.get_by_label("Khóm (dứa) tươi").check()
    press(page, "Tiếp tục")
    page.wait_for_url("**/steps/members")
    page.fill("#members-0-name", "Nguyễn Văn Khóm")
    page.fill("#members-0-address", "Ấp Thạnh Lợi, phường Vị Tân")
    page.set_input_files("#members_file", str(members))
    press(page, "Lưu nháp")
    expect(page.get_by_text("Đã thêm 2 thành viên")).to_be_visible()
    expect(page.locator("#members-2-name")).to_have_value("Phạm Văn Hùng")
    press(page, "Tiếp tục")
    page.wait_for_url("**/steps/regulation")
    expect(page.locator("#membership_conditions")).to_have_value(re.compile("Điều lệ của Hợp tác xã Khóm Cầu Đúc Hỏa Tiến"))  # suggested
    page.fill("#breach_measures", "")
    press(page, "Tiếp tục")  # a legally required part left empty is refused
    expect(page.locator("#breach_measures")).to_have_class(re.compile(r"\bis-invalid\b"))
    page.fill("#breach_measures", "Nhắc nhở; đình chỉ; thu hồi quyền sử dụng nhãn hiệu.")
    press(page, "Tiếp tục")
    page.wait_for_url("**/steps/characteristics")
    page.check("input[name=bases][value=place_name]")
    page.check("#permission_later")
    page.fill("#characteristics", "Khóm Hỏa Tiến ngọt thanh nhờ đất phèn nhẹ.")
    press(page, "Tiếp tục")
    page.wait_for_url("**/steps/priority")
    press(page, "Tiếp tục")
    page.wait_for_url("**/steps/review")
    page.fill("#signatory_title", "Giám đốc")
    press(page, "Lưu và kiểm tra")
    expect(page.get_by_text("Đã điền đủ các thông tin cần thiết", exact=False)).to_be_visible()
    page.get_by_role("button", name="Gửi để xem xét").last.click()
    page.wait_for_url("**/cases/*")
    case_url = page.url
    log_out(page, demo_site)

    text = approve_and_download(page, demo_site, case_url, context)
    assert wording in text and "QUY CHẾ SỬ DỤNG NHÃN HIỆU TẬP THỂ" in text
    for heading in ("Chủ sở hữu nhãn hiệu tập thể", "Điều kiện để trở thành thành viên",
                    "Danh sách thành viên được phép sử dụng nhãn hiệu", "Điều kiện sử dụng nhãn hiệu",
                    "Biện pháp xử lý hành vi vi phạm Quy chế"):
        assert heading in text, heading
    for name in ("Nguyễn Văn Khóm", "Lê Thị Hồng", "Phạm Văn Hùng"):
        assert name in text
    regulation = part_text(context, case_url, "regulation")
    assert "Điều 1." in regulation and "Biện pháp xử lý hành vi vi phạm Quy chế" in regulation
    assert "TỜ KHAI" not in regulation  # the regulation alone
    context.close()


def test_certification_mark_journey(browser, demo_site, tmp_path):
    logo, area_map = tmp_path / "logo.png", tmp_path / "ban-do.png"
    logo.write_bytes(logo_png())
    area_map.write_bytes(map_png())
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, demo_site, "tuvan@demo.ocop.vn")  # DOST prepares it for the certifying body
    page.get_by_role("link", name="Bắt đầu một đơn đăng ký").click()
    page.select_option("#organization_id", label="Sở Khoa học và Công nghệ thành phố Cần Thơ · Cơ quan nhà nước")
    page.get_by_role("button", name="Chọn", exact=True).click()
    page.get_by_role("button", name="Bắt đầu: Nhãn hiệu chứng nhận").click()
    page.wait_for_url("**/steps/applicant")
    expect(page.get_by_text("không tự sản xuất, kinh doanh hàng hóa được chứng nhận", exact=False).first).to_be_visible()
    page.fill("#legal_basis", "Quyết định số 15/2025/QĐ-UBND")
    press(page, "Tiếp tục")
    expect(page.locator("#does_not_trade")).to_have_class(re.compile(r"\bis-invalid\b"))  # the warning must be acknowledged
    page.check("#does_not_trade")
    press(page, "Tiếp tục")
    page.wait_for_url("**/steps/products")
    press(page, "Tiếp tục")
    page.wait_for_url("**/steps/mark")
    fill_mark(page, "KHÓM CHỨNG NHẬN", logo)
    press(page, "Tiếp tục")
    page.wait_for_url("**/steps/goods")
    page.locator("summary", has_text="Tất cả sản phẩm, dịch vụ khác").click()
    page.get_by_label("Khóm (dứa) tươi").check()
    press(page, "Tiếp tục")
    page.wait_for_url("**/steps/regulation")
    press(page, "Tiếp tục")  # the suggested wording covers every required part
    page.wait_for_url("**/steps/characteristics")
    page.check("input[name=bases][value=origin]")
    page.fill("#characteristics", "Khóm trồng trên đất phèn nhẹ có vị ngọt đậm.")
    page.fill("#area_description", "Các xã Hỏa Tiến, Hỏa Lựu, thành phố Cần Thơ.")
    page.set_input_files("#area_map", str(area_map))
    press(page, "Tiếp tục")
    page.wait_for_url("**/steps/priority")
    press(page, "Tiếp tục")
    page.wait_for_url("**/steps/review")
    page.fill("#signatory_title", "Giám đốc")
    press(page, "Lưu và kiểm tra")
    page.get_by_role("button", name="Gửi để xem xét").last.click()
    page.wait_for_url("**/cases/*")
    case_url = page.url
    log_out(page, demo_site)

    text = approve_and_download(page, demo_site, case_url, context)
    assert "QUY CHẾ SỬ DỤNG NHÃN HIỆU CHỨNG NHẬN" in text and "Sở Khoa học và Công nghệ thành phố Cần Thơ" in text
    for heading in ("Tổ chức là chủ sở hữu nhãn hiệu chứng nhận", "Điều kiện để được sử dụng nhãn hiệu",
                    "Các đặc tính của sản phẩm được chứng nhận", "Phương pháp đánh giá các đặc tính của sản phẩm",
                    "Phương pháp kiểm soát việc sử dụng nhãn hiệu", "Chi phí người sử dụng nhãn hiệu phải trả"):
        assert heading in text, heading
    assert "Các xã Hỏa Tiến, Hỏa Lựu" in text
    assert "Hỏa Tiến" in part_text(context, case_url, "characteristics")
    context.close()


def test_geographical_indication_journey(browser, demo_site, tmp_path):
    area_map = tmp_path / "ban-do.png"
    area_map.write_bytes(map_png())
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, demo_site, "tuvan@demo.ocop.vn")
    page.get_by_role("link", name="Bắt đầu một đơn đăng ký").click()
    page.select_option("#organization_id", label="Sở Khoa học và Công nghệ thành phố Cần Thơ · Cơ quan nhà nước")
    page.get_by_role("button", name="Chọn", exact=True).click()
    page.get_by_role("button", name="Bắt đầu: Chỉ dẫn địa lý").click()
    page.wait_for_url("**/steps/applicant")
    expect(page.locator("#applicant_name")).to_have_value("Sở Khoa học và Công nghệ thành phố Cần Thơ")
    page.fill("#applicant_address", "Số 2 Lý Thường Kiệt, phường Ninh Kiều, thành phố Cần Thơ")
    page.fill("#authority_basis", "Quyết định số 456/QĐ-UBND ngày 10/4/2026 của UBND thành phố Cần Thơ")
    press(page, "Tiếp tục")
    page.wait_for_url("**/steps/indication")
    page.fill("#gi_name", "Hỏa Lựu")
    page.fill("#product_name", "Bưởi")
    press(page, "Tiếp tục")
    page.wait_for_url("**/steps/characteristics")
    page.fill("#sensory", "Múi vàng, ráo, vị ngọt thanh.")
    page.fill("#reputation", "Được biết đến từ đầu thế kỷ XX.")
    press(page, "Tiếp tục")
    page.wait_for_url("**/steps/area")
    for field, value in (("#natural_factors", "Đất phù sa, nước ngọt quanh năm."),
                         ("#area_delimitation", "Xã Hỏa Lựu và phần phía nam xã Hỏa Tiến."),
                         ("#delimitation_method", "Khảo sát vùng trồng năm 2024."),
                         ("#origin_evidence", "Sổ ghi chép của nhà vườn."),
                         ("#production_method", "Chiết cành, bón phân hữu cơ."),
                         ("#method_stability", "Không đổi từ những năm 1990."),
                         ("#link", "Đất phù sa cho vị ngọt thanh."),
                         ("#quality_control", "Tổ chức quản lý kiểm tra mỗi vụ.")):
        page.fill(field, value)
    press(page, "Tiếp tục")
    expect(page.locator("#area_map")).to_have_class(re.compile(r"\bis-invalid\b"))  # the map is required
    page.set_input_files("#area_map", str(area_map))
    press(page, "Tiếp tục")
    page.wait_for_url("**/steps/representative")
    press(page, "Tiếp tục")
    page.wait_for_url("**/steps/review")
    page.fill("#signatory_title", "Giám đốc")
    press(page, "Lưu và kiểm tra")
    expect(page.locator("main")).to_contain_text("1.200.000")  # the GI examination fee
    page.get_by_role("button", name="Gửi để xem xét").last.click()
    page.wait_for_url("**/cases/*")
    case_url = page.url
    log_out(page, demo_site)

    text = approve_and_download(page, demo_site, case_url, context)
    assert "Bưởi Hỏa Lựu" in text or ("Hỏa Lựu" in text and "Bưởi" in text)
    for heading in ("Mô tả sản phẩm", "Điều kiện tự nhiên và yếu tố con người", "Khu vực địa lý tương ứng",
                    "Bằng chứng về nguồn gốc sản phẩm", "Phương pháp sản xuất, chế biến đặc thù",
                    "Mối liên hệ giữa tính chất", "Cơ chế tự kiểm tra chất lượng sản phẩm"):
        assert heading in " ".join(text.split()), heading
    description = part_text(context, case_url, "description")
    assert "BẢN MÔ TẢ" in description and "Chiết cành" in description
    context.close()
