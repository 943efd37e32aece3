"""Every form route (the POST rules of app.url_map), posted a small set of hostile values as each
role that may use it, on a demo instance, on SQLite and PostgreSQL: never a 5xx.

Field names come from the forms the role's pages show for that address (and the page at the
address itself); each request sets every field to the same hostile value, so the number of
requests grows with routes, not with fields."""
from __future__ import annotations

import re
from collections import defaultdict
from html import unescape

from tests import both_databases
from tests.demo_urls import demo_ids, rule_urls

#: the conftest fixture, once on a SQLite file and once on PostgreSQL
app = both_databases.app

HOSTILE = {
    "nul": "a\x00b",
    "control": "\x01\x1b[2J\x7f",
    "huge": "1" + "0" * 30,
    "negative": "-1",
    "long": "Ạ" * 20_000,
    "unicode": "\u202e\u200b\ufeffA\u0301\U0001d54f \ufdfd \u0000"[:-1],
    "empty": "",
}
ACCOUNTS = ("htx@demo.ocop.vn", "tuvan@demo.ocop.vn", "vanphong@demo.ocop.vn", "admin@demo.ocop.vn", None)
#: pages whose forms post elsewhere (case, product and report pages, admin lists)
PAGES = ("/", "/cases/{case_id}", "/products/{product_id}", "/organizations/{organization_id}",
         "/products/referrals", "/api/v1/tokens", "/reports/counts", "/reports/settings",
         "/reference/admin/", "/reference/admin/holidays", "/admin/", "/deadlines/", "/contributions/",
         "/contributions/rounds/{round_id}", "/contributions/{contribution_id}", "/contributions/agencies/{agency_id}",
         "/notifications/")
#: leaving would end the session the next requests need; nothing to fuzz in it
SKIPPED_ENDPOINTS = {"auth.logout"}
FORM_RE = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S)
ACTION_RE = re.compile(r'action="([^"]*)"')
NAME_RE = re.compile(r'name="([^"]+)"')

def _fields_by_action(client, ids) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for page in PAGES:
        url = page.format(**ids)
        response = client.get(url)
        for attributes, body in FORM_RE.findall(response.get_data(as_text=True)):
            action = ACTION_RE.search(attributes)
            target = unescape(action.group(1)).split("?")[0] if action and action.group(1) else url
            found[target] |= set(NAME_RE.findall(body))
    return found


def _login(app, email):
    client = app.test_client()
    if email:
        assert client.post("/auth/login", data={"email": email, "password": "DemoOCOP2030"}).status_code == 302
    return client


def _fuzz(client, url, fields) -> list[str]:
    """Post the hostile values; the failures as 'url value -> status/exception'."""
    failures = []
    for label, data in [("missing", {}), *((label, dict.fromkeys(fields, value)) for label, value in HOSTILE.items())]:
        try:
            status = client.post(url, data=data).status_code
        except Exception as error:  # noqa: BLE001 - the test client re-raises what would be a 500
            status = f"{type(error).__name__}: {str(error)[:200]}"
        if not isinstance(status, int) or status >= 500:
            failures.append(f"{url} {label} -> {status}")
        if label == "missing" and status in (302, 401, 403, 404, 405) and client.get(url).status_code != 200:
            break  # this role may not use the route: one refusal is enough
    return failures


def test_every_form_route_survives_hostile_values_as_every_role(app, db):
    assert "Demo data loaded." in app.test_cli_runner().invoke(args=["seed-demo"]).output
    ids = demo_ids(db)
    rules = [rule for rule in app.url_map.iter_rules()
             if "POST" in rule.methods and rule.endpoint not in SKIPPED_ENDPOINTS]
    failures, posted = [], set()
    for email in ACCOUNTS:
        client = _login(app, email)
        forms = _fields_by_action(client, ids)
        for rule in rules:
            for url in rule_urls(rule, ids):
                response = client.get(url) if "GET" in rule.methods else None
                fields = set(forms.get(url, ())) | {"version", "name", "note"}
                if response is not None and response.status_code == 200:
                    fields |= set(NAME_RE.findall(response.get_data(as_text=True)))
                fields -= {"csrf_token"}
                failures += _fuzz(client, url, sorted(fields))
                posted.add(rule.endpoint)
    assert failures == []
    assert posted == {rule.endpoint for rule in rules}  # an endpoint may have several rules
