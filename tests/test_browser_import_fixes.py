"""The import preview's fixes on a 360-px phone: one row excluded with one click, one ward picked."""
from __future__ import annotations

import io

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from tests.browser import log_in

pytestmark = pytest.mark.browser


def list_with_problems() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["DANH SÁCH SẢN PHẨM OCOP"])
    sheet.append(["STT", "Tên sản phẩm", "Chủ thể", "Số sao", "Nhóm sản phẩm", "Địa chỉ"])
    sheet.append([1, "Khóm mật ong 360", "HTX Thử Màn Hình Nhỏ", "4 sao", "Thực phẩm", "P. Vị Tân, TP. Vị Thanh"])
    sheet.append([2, "Khóm lỗi sao 360", "HTX Thử Màn Hình Nhỏ", "9 sao", "Thực phẩm", "Phường Vị Tân"])
    sheet.append([3, "Khóm không rõ xã 360", "HTX Thử Màn Hình Nhỏ", "4 sao", "Thực phẩm", "Ấp 9, Xã Không Có"])
    sheet.append(["Tổng cộng: 3 sản phẩm"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_exclude_a_row_and_pick_a_ward_on_a_phone(browser, demo_site, tmp_path):
    spreadsheet = tmp_path / "danh-sach.xlsx"
    spreadsheet.write_bytes(list_with_problems())
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    log_in(page, demo_site, "vanphong@demo.ocop.vn")
    page.goto(f"{demo_site}/products/import")
    page.set_input_files("#file", str(spreadsheet))
    page.click("button[name=action][value=preview]")
    page.wait_for_load_state("load")
    expect(page.locator("tr.table-danger")).to_have_count(2)
    expect(page.locator("[data-skipped]")).to_contain_text("Tổng cộng: 3 sản phẩm")

    page.click("tr[data-line='4'] button[name=exclude]")  # one click
    page.wait_for_load_state("load")
    expect(page.locator("tr[data-line='4']")).to_contain_text("không nhập dòng này")
    expect(page.locator("[data-preview-summary]")).to_contain_text("1 dòng do bạn loại ra")

    ward = page.locator("tr[data-line='5'] select[name='ward-5']")
    ward.scroll_into_view_if_needed()
    expect(ward).to_be_visible()
    ward.select_option(label="Xã Tân Hòa")
    page.click("#preview-form button[name=action][value=preview]")
    page.wait_for_load_state("load")
    expect(page.locator("tr.table-danger")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # only the table scrolls sideways
    page.click("button[name=action][value=commit]")
    page.wait_for_url(f"{demo_site}/products/import")
    expect(page.locator(".alert-success")).to_contain_text("2 mới")
    context.close()
