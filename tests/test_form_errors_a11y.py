"""Form errors that assistive technology can find: each invalid field says so (aria-invalid) and
points at its message (aria-describedby), a radio group on its fieldset; the summary at the top
lists every error as a link to its field; an empty choice asks to choose, not to fill in."""
from __future__ import annotations

import re
from html import unescape

import pytest

from app.models import Role
from tests.wizard_helpers import MARK, post_step, start_trademark


@pytest.fixture
def producer(login_as, make_organization, reference_data):
    client, _ = login_as(Role.PRODUCER, organization=make_organization(name="Hợp tác xã Khóm Cầu Đúc"))
    return client


def _tag(page: str, pattern: str) -> str:
    match = re.search(pattern, page)
    assert match, pattern
    return match.group(0)


def _described_text(page: str, tag: str) -> str:
    """The text of the element(s) a tag's aria-describedby names."""
    ids = re.search(r'aria-describedby="([^"]+)"', tag).group(1).split()
    texts = []
    for element_id in ids:
        block = re.search(rf'<div id="{element_id}"[^>]*>(.*?)</div>\s*</div>|<div id="{element_id}"[^>]*>(.*?)</div>', page, re.S)
        assert block, element_id
        texts.append(re.sub(r"<[^>]+>", "", block.group(1) or block.group(2)))
    return unescape(" ".join(texts))


def _summary_links(page: str) -> list[tuple[str, str]]:
    summary = _tag(page, r'(?s)<div class="alert alert-danger error-summary" id="error-summary" tabindex="-1" autofocus.*?</ul>')
    return [(href, unescape(re.sub(r"<[^>]+>", "", text))) for href, text in
            re.findall(r'<li><a href="#([^"]+)">.*?</a>:\s*(.*?)</li>', summary, re.S)]


def test_an_empty_radio_group_asks_to_choose_on_its_fieldset(producer):
    case_id = start_trademark(producer)
    data = {key: value for key, value in MARK.items() if key != "mark_form"}
    response = post_step(producer, case_id, "mark", data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    fieldset = _tag(page, r'<fieldset[^>]*id="mark_form-group"[^>]*>')
    assert 'aria-invalid="true"' in fieldset and 'role="radiogroup"' in fieldset
    assert _described_text(page, fieldset).strip().startswith("Vui lòng chọn một mục.")  # then its help text
    assert "Vui lòng điền mục này." not in page
    assert ("mark_form-0", "Vui lòng chọn một mục.") in _summary_links(page)
    assert 'id="mark_form-0"' in page  # the link's target exists


def test_an_invalid_text_field_points_at_its_message_and_the_summary_links_to_it(client, reference_data):
    response = client.post("/auth/register", data={"full_name": "", "email": "khong-phai-email"})
    assert response.status_code in (400, 422)
    page = response.get_data(as_text=True)
    email = _tag(page, r'<input[^>]*id="email"[^>]*>')
    assert 'aria-invalid="true"' in email
    assert "Nhập địa chỉ email hợp lệ" in _described_text(page, email)
    links = dict(_summary_links(page))
    assert "Nhập địa chỉ email hợp lệ" in links["email"] and links["full_name"] == "Vui lòng điền mục này."
    # a valid field is not marked invalid
    assert 'aria-invalid' not in _tag(page, r'<input[^>]*id="csrf_token"[^>]*>|<input[^>]*name="csrf_token"[^>]*>')


def test_a_valid_form_shows_no_summary_and_no_invalid_field(producer):
    case_id = start_trademark(producer)
    page = producer.get(f"/cases/{case_id}/steps/mark").get_data(as_text=True)
    assert "error-summary" not in page and "aria-invalid" not in page
