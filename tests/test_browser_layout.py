"""Phones, keyboards, no JavaScript and print, in Chromium: no cell of the fee, deadline and staff
tables is cut off at 360 px; the navigation works without scripts and from the keyboard (skip link,
phone menu, visible focus ring, current page marked); printing leaves out navigation, filters and
buttons and keeps statuses in words."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app import models
from app.extensions import db
from tests.browser import log_in

pytestmark = pytest.mark.browser

#: the tables that must fit a phone: staff lists, deadline tables, the fee schedule, a case's deadlines
PHONE_PAGES = ("/", "/products/", "/organizations/", "/cases/", "/deadlines/", "/reference/fees", "{filed_case}")

#: every visible cell of the page's tables whose content is cut (wider than its box) or that lies
#: outside the window, as "page text: reason"
CLIPPED_CELLS = """() => {
  const cut = [];
  for (const cell of document.querySelectorAll('main table td, main table th')) {
    const box = cell.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || getComputedStyle(cell).visibility === 'hidden') continue;
    if (cell.closest('thead') && getComputedStyle(cell.closest('thead')).position === 'absolute') continue;
    const text = cell.innerText.trim().slice(0, 60);
    if (cell.scrollWidth > cell.clientWidth + 1) cut.push(`${text}: content ${cell.scrollWidth} px in ${cell.clientWidth} px`);
    if (box.left < -0.5 || box.right > window.innerWidth + 0.5) cut.push(`${text}: at ${box.left}-${box.right} px`);
  }
  return cut;
}"""


@pytest.fixture(scope="module")
def filed_case(demo_server):
    app, _ = demo_server
    with app.app_context():
        # a filed case with deadlines, the one whose list has an overdue one if any
        return db.session.scalar(sa.select(models.Deadline.case_id).order_by(models.Deadline.due_date).limit(1))


@pytest.fixture
def consultant(browser, demo_site):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = context.new_page()
    log_in(page, demo_site, "tuvan@demo.ocop.vn")
    yield page
    context.close()


def test_no_table_cell_is_clipped_on_a_360_px_phone(consultant, demo_site, filed_case):
    clipped, cells = [], 0
    for path in PHONE_PAGES:
        url = demo_site + path.format(filed_case=f"/cases/{filed_case}")
        consultant.goto(url)
        cells += consultant.locator("main table td").count()
        clipped += [f"{path}: {cut}" for cut in consultant.evaluate(CLIPPED_CELLS)]
        assert consultant.evaluate("document.documentElement.scrollWidth") <= 360, path
    assert clipped == [], "\n".join(clipped)
    assert cells > 100  # the demo's lists were really there
    # a status and an amount are whole and readable on the card
    consultant.goto(demo_site + "/reference/fees")
    amount = consultant.locator("#fees-trademark td[data-label='Số tiền']").first
    assert amount.is_visible() and re.search(r"\d\.\d{3}", amount.inner_text())


def test_print_leaves_out_navigation_filters_and_buttons(consultant, demo_site, filed_case):
    consultant.set_viewport_size({"width": 1280, "height": 900})
    consultant.emulate_media(media="print")
    for path in ("/products/", "/deadlines/", f"/cases/{filed_case}"):
        consultant.goto(demo_site + path)
        assert not consultant.locator("nav.navbar").is_visible(), path
        visible_buttons = [b for b in consultant.locator("main .btn, main button, main form[method=get]").all() if b.is_visible()]
        assert visible_buttons == [], path
        assert consultant.locator("main table").first.is_visible(), path
        assert consultant.locator("main thead:not(.visually-hidden)").first.evaluate("el => getComputedStyle(el).display") == "table-header-group", path
    # statuses are words in an outlined badge, not a coloured fill only
    badge = consultant.locator("#deadlines .badge").first
    assert badge.inner_text().strip() and badge.evaluate("el => getComputedStyle(el).borderTopStyle") == "solid"
    consultant.emulate_media(media="screen")
    assert consultant.locator("nav.navbar").is_visible()


def test_navigation_without_javascript_and_from_the_keyboard(browser, demo_site):
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_site + "/auth/login")
    page.keyboard.press("Tab")  # the first thing Tab reaches: the skip link, in Vietnamese
    skip = page.locator(":focus")
    assert skip.inner_text() == "Chuyển đến nội dung chính" and skip.is_visible()
    assert skip.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
    page.goto(demo_site + "/auth/login")
    for _ in range(3):  # skip link, the app's name, then the menu
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    menu = page.locator("#mainnav")
    assert menu.get_attribute("open") is None and not page.get_by_role("link", name="Đăng nhập").is_visible()
    page.keyboard.press("Enter")  # opens with no script at all
    assert menu.get_attribute("open") is not None
    login_link = page.get_by_role("link", name="Đăng nhập")
    assert login_link.is_visible() and login_link.get_attribute("aria-current") == "page"
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    assert focused.evaluate("el => el.closest('#mainnav') !== null")
    ring = focused.evaluate("el => [getComputedStyle(el).outlineStyle, parseFloat(getComputedStyle(el).outlineWidth)]")
    assert ring[0] == "solid" and ring[1] >= 2  # a visible focus ring in the green navbar too
    context.close()
