"""Journey 6 in a real browser: the office imports its list, filters it, refers a product to DOST,
a consultant accepts the referral, and the producer sees the new draft application."""
from __future__ import annotations

import io
import re

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from tests.browser import log_in, log_out

pytestmark = pytest.mark.browser


def office_list(product_name: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["DANH SÁCH SẢN PHẨM OCOP NĂM 2025"])
    sheet.merge_cells("A1:F1")
    sheet.append([])
    sheet.append(["STT", "Tên sản phẩm", "Chủ thể", "Mã số thuế", "Số sao", "Nhóm sản phẩm", "Xã/Phường", "Ngày cấp"])
    sheet.append([1, product_name, "Hợp tác xã Khóm Cầu Đúc Hỏa Tiến", "6300123456", "4 sao", "Thực phẩm",
                  "Phường Vị Tân", "15/03/2025"])
    sheet.append([2, "Bánh tráng khóm", "Hợp tác xã Khóm Cầu Đúc Hỏa Tiến", "6300123456", "3*", "Thực phẩm",
                  "Phường Vị Tân", "15/03/2025"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_registry_journey(browser, demo_site, tmp_path):
    product_name = "Khóm sấy giòn Hỏa Tiến"
    spreadsheet = tmp_path / "danh-sach-ocop.xlsx"
    spreadsheet.write_bytes(office_list(product_name))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()

    # The office imports its list: preview first, then commit.
    log_in(page, demo_site, "vanphong@demo.ocop.vn")
    page.goto(f"{demo_site}/products/import")
    page.set_input_files("#file", str(spreadsheet))
    page.click("button[name=action][value=preview]")
    page.wait_for_load_state("load")
    expect(page.locator("tr.table-danger")).to_have_count(0)
    page.click("button[name=action][value=commit]")
    page.wait_for_url(f"{demo_site}/products/import")
    expect(page.locator(".alert-success")).to_be_visible()

    # It filters the list (accent-insensitive search, 4 stars, not registered) and refers the product.
    page.goto(f"{demo_site}/products/")
    page.fill("#q", "khom say gion")
    page.select_option("#stars", "4")
    page.select_option("#ip", "none")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_load_state("load")
    rows = page.locator("#products tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(product_name)
    rows.first.locator("input[name=product_ids]").check()
    page.fill("#refer-form textarea[name=note]", "Sản phẩm 4 sao chưa có nhãn hiệu")
    page.click("#refer-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/products/\d+$"))
    expect(page.locator("[data-needs-support]")).to_have_count(1)
    log_out(page, demo_site)

    # A DOST consultant accepts the referral: a draft trademark application is started.
    log_in(page, demo_site, "tuvan@demo.ocop.vn")
    page.goto(f"{demo_site}/products/referrals")
    card = page.locator("[data-referral]", has_text=product_name)
    card.locator("form[action$='/accept'] button").click()
    page.wait_for_url(re.compile(r".*/cases/\d+$"))
    case_path = re.search(r"/cases/\d+$", page.url).group(0)
    log_out(page, demo_site)

    # The producer finds the new draft on its product's page.
    log_in(page, demo_site, "htx@demo.ocop.vn")
    page.goto(f"{demo_site}/products/?q=khom say gion")
    page.get_by_role("link", name=product_name).click()
    page.wait_for_load_state("load")
    expect(page.locator(f"a[href$='{case_path}']")).to_have_count(1)
    expect(page.locator("[data-ip-status=pending]")).to_have_count(1)
    page.locator(f"a[href$='{case_path}']").click()
    page.wait_for_url(f"**{case_path}")
    context.close()
