"""A change request in a real browser (desktop and 360-px phone): DOST comments on the mark step and
asks for changes; the producer's "continue" lands on that step with the comment, it edits, marks the
comment dealt with and sends again; DOST sees what changed."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import log_in, log_out, press

pytestmark = pytest.mark.browser

#: the demo cooperative's trademark waiting for DOST's review (app/demo/trademarks.py)
SUBMITTED = "MỨT KHÓM CẦU ĐÚC"


@pytest.mark.parametrize("width", [1280, 360], ids=["desktop", "phone"])
def test_change_request_round(browser, demo_site, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    comment = f"Ghi rõ màu đỏ của chữ ({width})."
    colours = f"vàng, xanh lá cây, đỏ {width}"

    log_in(page, demo_site, "tuvan@demo.ocop.vn")
    page.get_by_role("link", name=SUBMITTED).first.click()
    case_url = page.url
    page.select_option("#step", "mark")
    page.fill("#body", comment)
    press(page, "Thêm góp ý")
    page.fill("#note", "Xem góp ý ở bước Nhãn hiệu.")
    press(page, "Yêu cầu chỉnh sửa")
    expect(page.locator("#case-status")).to_have_text("Cần chỉnh sửa")
    log_out(page, demo_site)

    log_in(page, demo_site, "htx@demo.ocop.vn")
    page.goto(case_url)
    page.get_by_role("link", name="Tiếp tục soạn đơn đăng ký").click()
    page.wait_for_url("**/steps/mark")  # the commented step, not the first incomplete one
    expect(page.locator("#step-comments")).to_contain_text(comment)
    expect(page.locator(".wizard-steps")).to_contain_text("3. Nhãn hiệu ⚠ Sở đề nghị sửa")
    page.fill("#colours", colours)
    press(page, "Lưu nháp")
    page.get_by_label("Tôi đã sửa hồ sơ theo góp ý").check()
    press(page, "Lưu trả lời")
    expect(page.locator("#step-comments")).to_contain_text("Đã sửa")
    expect(page.locator(".wizard-steps")).not_to_contain_text("Sở đề nghị sửa")
    page.goto(case_url)
    page.get_by_role("button", name="Gửi để xem xét").click()
    expect(page.locator("#case-status")).to_have_text("Đã gửi, chờ xem xét")
    log_out(page, demo_site)

    log_in(page, demo_site, "tuvan@demo.ocop.vn")
    page.goto(case_url)
    changes = page.locator("#changes-since-last")
    expect(changes).to_contain_text("Nhãn hiệu")
    expect(changes.locator("tr", has_text="Màu sắc bảo hộ")).to_contain_text(colours)
    expect(changes.locator("tbody tr")).to_have_count(1)  # only what was edited
    expect(page.get_by_text("Đã sửa · Nguyễn Văn Khóm").first).to_be_visible()
    context.close()
