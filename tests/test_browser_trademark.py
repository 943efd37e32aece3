"""Journey 1 in a real browser: a producer prepares a trademark application, DOST reviews it,
both download the PDF dossier. Played on a desktop window and on a 360-px phone."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import log_in, log_out, press
from tests.pdf_reading import text_of
from tests.wizard_helpers import logo_png

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 360], ids=["desktop", "phone"])
def test_trademark_journey(browser, demo_site, tmp_path, width):
    logo = tmp_path / "logo.png"
    logo.write_bytes(logo_png())
    wording = f"KHÓM VÀNG {width}"
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()

    # The producer starts from its home page.
    log_in(page, demo_site, "htx@demo.ocop.vn")
    page.get_by_role("button", name="Đăng ký nhãn hiệu", exact=True).click()
    page.wait_for_url("**/steps/applicant")
    expect(page.locator("#name")).to_have_value("Hợp tác xã Khóm Cầu Đúc Hỏa Tiến")  # prefilled from the organization
    press(page, "Tiếp tục")
    page.wait_for_url("**/steps/products")
    page.get_by_label("Khóm Cầu Đúc Hậu Giang", exact=False).check()
    press(page, "Tiếp tục")
    page.wait_for_url("**/steps/mark")
    page.check("input[name=mark_form][value=combined]")
    page.fill("#wording", wording)
    page.set_input_files("#mark_image", str(logo))
    page.check("input[name=colour_mode][value=colour]")
    page.fill("#colours", "vàng, xanh lá cây")
    page.fill("#description", "Chữ KHÓM VÀNG, bên trên là hình trái khóm.")
    press(page, "Tiếp tục")
    page.wait_for_url("**/steps/goods")
    page.get_by_label("Khóm (dứa) tươi").check()
    page.get_by_label("Mứt trái cây").check()
    expect(page.locator("#fee-total")).to_contain_text("1.730.000")
    press(page, "Lưu nháp")  # save and leave
    expect(page.get_by_text("Đã lưu nháp")).to_be_visible()
    log_out(page, demo_site)

    # Later, another device: a new browser context.
    context.close()
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    log_in(page, demo_site, "htx@demo.ocop.vn")
    page.get_by_role("link", name=wording).first.click()
    page.get_by_role("link", name="Tiếp tục soạn đơn đăng ký").click()
    page.wait_for_url("**/steps/priority")  # the first step not yet complete
    page.get_by_role("button", name="4. Sản phẩm/dịch vụ").click()  # step buttons save, then move
    page.wait_for_url("**/steps/goods")
    expect(page.get_by_label("Khóm (dứa) tươi")).to_be_checked()
    expect(page.get_by_label("Mứt trái cây")).to_be_checked()
    press(page, "Tiếp tục")
    page.wait_for_url("**/steps/priority")
    press(page, "Tiếp tục")
    page.wait_for_url("**/steps/review")
    page.fill("#signatory_title", "Giám đốc")
    press(page, "Lưu và kiểm tra")
    expect(page.get_by_text("Đã điền đủ các thông tin cần thiết", exact=False)).to_be_visible()
    expect(page.locator("#filing-total")).to_contain_text("1.730.000")
    page.get_by_role("button", name="Gửi để xem xét").last.click()
    page.wait_for_url("**/cases/*")
    case_url = page.url
    expect(page.locator("#case-status")).to_have_text("Đã gửi, chờ xem xét")
    log_out(page, demo_site)

    # DOST asks for one change on the goods step.
    log_in(page, demo_site, "tuvan@demo.ocop.vn")
    page.get_by_role("link", name=wording).first.click()
    page.select_option("#step", "goods")
    page.fill("#body", "Thêm nước ép khóm vào nhóm 32.")
    page.get_by_role("button", name="Thêm góp ý").click()
    page.fill("#note", "Vui lòng bổ sung danh mục.")
    page.get_by_role("button", name="Yêu cầu chỉnh sửa").click()
    expect(page.locator("#case-status")).to_have_text("Cần chỉnh sửa")
    log_out(page, demo_site)

    # The producer fixes it where the comment shows.
    log_in(page, demo_site, "htx@demo.ocop.vn")
    page.goto(case_url)
    page.get_by_role("link", name="Sản phẩm/dịch vụ").first.click()
    expect(page.get_by_text("Thêm nước ép khóm vào nhóm 32.")).to_be_visible()
    page.locator("summary", has_text="Tất cả sản phẩm, dịch vụ khác").click()  # drinks: not suggested for a food product
    page.get_by_label("Nước ép trái cây").check()
    press(page, "Lưu nháp")
    page.get_by_label("Tôi đã sửa hồ sơ theo góp ý").check()  # each comment is dealt with before sending again
    press(page, "Lưu trả lời")
    page.goto(case_url)
    page.get_by_role("button", name="Gửi để xem xét").click()
    expect(page.locator("#case-status")).to_have_text("Đã gửi, chờ xem xét")
    producer_pdf = context.request.get(f"{case_url}/dossier.pdf")
    log_out(page, demo_site)

    # DOST approves; both download the final dossier.
    log_in(page, demo_site, "tuvan@demo.ocop.vn")
    page.goto(case_url)
    page.get_by_role("button", name="Duyệt: sẵn sàng nộp đơn").click()
    expect(page.locator("#case-status")).to_have_text("Sẵn sàng nộp đơn")
    consultant_pdf = context.request.get(f"{case_url}/dossier.pdf")
    assert consultant_pdf.ok and consultant_pdf.headers["content-type"] == "application/pdf"
    text = text_of(consultant_pdf.body())
    assert wording in text and "Hợp tác xã Khóm Cầu Đúc Hỏa Tiến" in text
    assert "Nhóm 29: Mứt trái cây" in text and "Nhóm 31: Khóm (dứa) tươi" in text and "Nhóm 32: Nước ép trái cây" in text
    assert "2.460.000" in text  # three classes: 1,000,000 + 2 × 730,000
    assert "BẢN NHÁP" not in text
    assert "BẢN NHÁP" in text_of(producer_pdf.body())  # before approval it was a draft
    log_out(page, demo_site)
    log_in(page, demo_site, "htx@demo.ocop.vn")
    assert text_of(context.request.get(f"{case_url}/dossier.pdf").body()) == text
    context.close()
