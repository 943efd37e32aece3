"""Accessibility (WCAG 2.1 AA) measured with axe-core in Chromium: every HTML page of app.url_map
as each kind of demo account (and anonymously), at 360 and 1280 px, in Vietnamese, with the open
phone menu and each page's main form sent empty (its error state). Serious or critical violations
fail the test and are printed.

axe-core comes from the pip package axe-playwright-python (it ships axe.min.js and injects it
with Playwright): no Node.js or npm needed on the machine that runs the tests."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from axe_playwright_python.sync_playwright import Axe

from app import models
from app.extensions import db
from tests.browser import log_in, open_phone_menu
from tests.demo_urls import demo_ids, rule_urls

pytestmark = pytest.mark.browser

ACCOUNTS = (None, "htx@demo.ocop.vn", "tuvan@demo.ocop.vn", "vanphong@demo.ocop.vn", "admin@demo.ocop.vn",
            "qltt@demo.ocop.vn")
WIDTHS = (1280, 360)
#: files and JSON, not pages; leaving the session is not a page either
DOWNLOAD_SUFFIXES = (".pdf", ".xlsx", ".csv", ".ics", ".svg", ".json")
SKIPPED_ENDPOINTS = {"static", "bootstrap.static", "main.healthz", "api.product_list", "api.product_detail",
                     "wizard.fee_estimate", "organizations.wards", "documents.file", "contributions.attached_file"}
#: every rule but the experimental ones; only these impacts fail the test
FAILING_IMPACTS = {"serious", "critical"}
AXE_SCRIPT = Axe().axe_script


def _pages(app) -> list[str]:
    """Every GET page of the app with demo rows for its arguments, plus a case filed with the office."""
    with app.app_context():
        ids = demo_ids(db)
        filed = db.session.scalar(sa.select(sa.func.max(models.Case.id))
                                  .where(models.Case.application_number.is_not(None)))
        rules = [rule for rule in app.url_map.iter_rules()
                 if "GET" in rule.methods and rule.endpoint not in SKIPPED_ENDPOINTS
                 and not rule.rule.endswith(DOWNLOAD_SUFFIXES)]
        urls = [url for rule in sorted(rules, key=lambda r: r.rule) for url in rule_urls(rule, ids)]
    return [*urls, f"/cases/{filed}"]


def _violations(page, where: str) -> list[str]:
    """axe's serious and critical violations on the page as it is now, one line per element."""
    violations = page.evaluate("axe.run({resultTypes: ['violations']}).then(results => results.violations)")
    return [f"{where}: {v['id']} ({v['impact']}) {v['help']} -> {node['target']} {node.get('failureSummary', '')[:300]}"
            for v in violations if v["impact"] in FAILING_IMPACTS for node in v["nodes"]]


def _main_markup(page) -> str:
    """What <main> holds, without the per-request CSRF tokens: two roles shown the same markup (and
    the same stylesheet) get the same verdict, so the page is checked once."""
    return re.sub(r'name="csrf_token"[^>]*', "", page.inner_html("main"))


def _at_each_width(page, where: str) -> list[str]:
    found = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        found += _violations(page, f"{where} @{width}")
    return found


#: the page's POST forms in <main> with fields to fill (not the language switch or log out)
MAIN_FORMS = """const fields = f => f.querySelectorAll('input:not([type=hidden]):not([type=submit]), select, textarea').length;
  const forms = [...document.querySelectorAll('main form')].filter(f => f.method === 'post' && fields(f) > 0);"""
HAS_MAIN_FORM = f"() => {{ {MAIN_FORMS} return forms.length > 0; }}"
#: the biggest of them: its text emptied, the browser's own checks off, sent with its first button
SUBMIT_MAIN_FORM_EMPTY = f"""() => {{
  {MAIN_FORMS}
  const form = forms.sort((a, b) => fields(b) - fields(a))[0];
  form.noValidate = true;
  form.querySelectorAll('input[type=text], input[type=email], input[type=tel], input[type=number], input[type=date], input:not([type]), textarea')
    .forEach(el => {{ el.value = ''; }});
  form.requestSubmit(form.querySelector('button[type=submit], input[type=submit], button:not([type])') || undefined);
}}"""


def _error_states(page, site: str, urls: list[str]) -> tuple[list[str], int]:
    """The violations on the pages each form sent empty shows, and how many showed an error summary."""
    found, summaries = [], 0
    for url in urls:
        page.goto(site + url)
        if not page.evaluate(HAS_MAIN_FORM):
            continue
        with page.expect_navigation():
            page.evaluate(SUBMIT_MAIN_FORM_EMPTY)
        summaries += page.locator("#error-summary").count()
        found += _violations(page, f"{url} sent empty")
    return found, summaries


def test_every_page_of_every_role_has_no_serious_accessibility_violation(browser, demo_server):
    app, site = demo_server
    urls = _pages(app)
    violations, visited, checked, error_pages = [], 0, set(), 0
    for email in ACCOUNTS:
        context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN")
        context.add_init_script(AXE_SCRIPT)  # in every page before its own scripts; not a CSP-checked <script>
        page = context.new_page()
        if email:
            log_in(page, site, email)
        shown, new_pages = [], []
        for url in urls:
            response = page.goto(site + url)
            if response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
                continue
            assert page.locator("html").get_attribute("lang") == "vi"
            shown.append(url)
            markup = _main_markup(page)
            if markup not in checked:
                checked.add(markup)
                new_pages.append(url)
                violations += _at_each_width(page, f"{email} {url}")
        page.set_viewport_size({"width": 360, "height": 800})
        page.goto(site + "/")
        violations += _violations(page, f"{email} / navigation of this role")
        open_phone_menu(page)
        violations += _violations(page, f"{email} open phone menu")
        found, summaries = _error_states(page, site, new_pages)  # a form another role showed the same: once
        violations += found
        error_pages += summaries
        visited += len(shown)
        context.close()
    print(f"{visited} role x page combinations, {len(checked)} distinct pages checked at {WIDTHS} px, "
          f"{error_pages} forms in their error state")
    assert violations == [], "\n".join(violations)
    assert visited > 100  # the pages were really reached, not all refused
    assert error_pages > 15  # and the forms really refused their empty input
