"""Crafted input gets a 4xx with a message, never a 500, on SQLite and on PostgreSQL."""
from __future__ import annotations

import re

import pytest

from app.models import Role
from tests import both_databases
from tests.conftest import PASSWORD, text_of

CONTROL_MESSAGE = "ký tự điều khiển"

#: the conftest fixture, once on a SQLite file and once on PostgreSQL
app = both_databases.app


@pytest.mark.parametrize("url", ["/verify/%00", "/catalogue/?q=a%00b", "/products/?q=%01", "/auth/login?x=%0d"])
def test_control_characters_in_the_url_are_refused_with_a_message(client, login_as, url):
    response = login_as(Role.OFFICE)[0].get(url) if url.startswith("/products") else client.get(url)
    assert response.status_code == 400
    assert CONTROL_MESSAGE in text_of(response)


def test_nul_in_a_form_field_is_refused_anonymously(client):
    response = client.post("/auth/register", data={"full_name": "Mai\x00", "email": "mai@example.vn"})
    assert response.status_code == 400
    assert CONTROL_MESSAGE in text_of(response)
    response = client.post("/auth/login", data={"email": "a\x00@example.vn", "password": "x"})
    assert response.status_code == 400


def test_line_breaks_in_a_text_area_are_input_not_control_characters(client):
    response = client.post("/auth/login", data={"email": "a@example.vn", "password": "dòng 1\r\ndòng 2\tcột"})
    assert response.status_code == 200


@pytest.mark.parametrize("url", ["/cases/99999999999999999999", "/organizations/2147483648", "/products/99999999999999999999999"])
def test_ids_beyond_the_database_integer_are_404(login_as, url):
    client, _user = login_as(Role.CONSULTANT)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("next_url", ["/%0d%0aSet-Cookie:%20x=1", "/\\evil.example", "/%5Cevil.example", "//evil.example"])
def test_unsafe_next_is_ignored(client, make_user, next_url):
    user = make_user(Role.CONSULTANT)
    response = client.post(f"/auth/login?next={next_url}", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "x=1" not in response.headers.get("Set-Cookie", "")


@pytest.mark.parametrize("version", [None, "", "abc", "1e3", "99999999999999999999", "-1", "١"])
def test_a_missing_or_non_numeric_version_is_a_400(db, login_as, make_organization, make_case, version):
    organization = make_organization()
    case = make_case(organization)
    client, _user = login_as(Role.PRODUCER, organization=organization)
    data = {"name": "Tên", "action": "save"} | ({} if version is None else {"step_version": version})
    assert client.post(f"/cases/{case.id}/steps/applicant", data=data).status_code == 400
    consultant, _user = login_as(Role.CONSULTANT)
    event = {"name": "file", "event_date": "01/10/2026", "application_number": "4-2026-12345", "filing_channel": "online"}
    if version is not None:
        event["version"] = version
    assert consultant.post(f"/cases/{case.id}/events", data=event).status_code in (400, 422)


HUGE = "1" + "0" * 30


def test_a_huge_number_in_an_integer_field_gets_the_fields_message(login_as, freeze_today):
    from datetime import date

    freeze_today(date(2026, 12, 7))
    consultant, _user = login_as(Role.CONSULTANT)
    response = consultant.post("/reports/counts", data={
        "year": "2025", "metric": "copyright", "count": HUGE, "source": "Cục Bản quyền", "note": ""})
    assert response.status_code == 422
    assert "Số đơn * Nhập số nguyên từ 0 đến 1000000." in text_of(response)


@pytest.mark.parametrize("field", ["organization_id", "stars", "ward_code"])
def test_a_huge_number_in_a_select_gets_the_fields_message(login_as, make_organization, field):
    office, _user = login_as(Role.OFFICE)
    organization = make_organization()
    data = {"name": "Khóm sấy", "organization_id": str(organization.id), "group": "food", "stars": "4",
            "ward_code": "", "certificate_number": "", "certificate_issued_on": "", "certificate_expires_on": ""}
    response = office.post("/products/new", data={**data, field: HUGE})
    assert response.status_code == 422
    # the required selects say "choose one", the optional ward that the number is no choice
    message = "Lựa chọn không hợp lệ: không thể chuyển đổi giá trị." if field == "ward_code" else "Vui lòng chọn một mục."
    assert re.findall(r'invalid-feedback[^>]*>([^<]*)<', response.get_data(as_text=True)) == [message]
