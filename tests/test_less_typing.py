"""Less typing and fewer dead ends: suggested wording, prefilled applicant and signer, the fields a demo
producer types, reused and deletable empty drafts, referral drafts named after their product, the
products step without products, a soft-printing logo, and approval only for a verified organization."""
from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from app.models import Case, CaseStatus, CaseStep, Organization, ProductReferral, Role
from tests.conftest import login, text_of
from tests.wizard_helpers import MARK, fill_trademark, logo_png, post_step, start_trademark


class StepFormValues(HTMLParser):
    """What a browser would send from the step form as the page comes: {name: [values]}."""

    def __init__(self, page: str):
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self._in_form = self._textarea = self._select = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._in_form = a.get("id") == "step-form"
        if not self._in_form or not a.get("name") and tag != "option":
            return
        if tag == "input" and a.get("type") not in ("submit", "file", "hidden"):
            if a.get("type") in ("radio", "checkbox") and "checked" not in a:
                return
            self.values.setdefault(a["name"], []).append(a.get("value") or "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self.values.setdefault(a["name"], []).append("")
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.values.setdefault(self._select, []).append(a.get("value") or "")

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._in_form = False


def _prefilled(client, case_id, step) -> dict:
    page = client.get(f"/cases/{case_id}/steps/{step}").get_data(as_text=True)
    return {k: v for k, v in StepFormValues(page).values.items() if any(x.strip() for x in v)}


@pytest.fixture
def demo_cooperative(app, db):
    """The demo data's cooperative (app/demo/accounts.py), logged in as its producer."""
    assert "Demo data loaded." in app.test_cli_runner().invoke(args=["seed-demo"]).output
    client = login(app.test_client(), "htx@demo.ocop.vn", "DemoOCOP2030")
    organization = db.session.scalar(sa.select(Organization).where(Organization.tax_code == "6300123456"))
    return client, organization


def test_a_demo_producer_types_at_most_six_fields_for_a_one_class_trademark(demo_cooperative, db):
    """Started from its OCOP product: the applicant, the product and the signer come prefilled, the words
    come from a suggestion button; the test counts every value it has to give itself (clicks on choices
    included; the logo file apart)."""
    client, organization = demo_cooperative
    product = next(p for p in organization.products if p.name == "Khóm Cầu Đúc Hậu Giang")
    case_id = start_trademark(client, product_id=product.id)
    typed = []

    def step(name, own: dict, files=None, extra=None):
        values = {**_prefilled(client, case_id, name), **(extra or {})}
        typed.extend(f"{name}.{key}" for key, value in own.items() if value and values.get(key) != [value])
        response = post_step(client, case_id, name, {**values, **own}, files=files)
        assert response.status_code == 302, (name, text_of(response)[:1500])

    step("applicant", {})
    step("products", {})
    mark_page = client.get(f"/cases/{case_id}/steps/mark").get_data(as_text=True)
    suggestion = re.search(r'name="use_wording" value="([^"]+)"', mark_page).group(1)
    assert suggestion == "KHÓM CẦU ĐÚC HẬU GIANG"
    step("mark", {"mark_form": "combined", "colour_mode": "colour", "colours": "vàng, xanh lá",
                  "description": "Chữ KHÓM CẦU ĐÚC HẬU GIANG, bên trên là hình trái khóm."},
         files={"mark_image": (logo_png(), "logo.png")}, extra={"wording": [suggestion]})
    goods_page = client.get(f"/cases/{case_id}/steps/goods").get_data(as_text=True)
    fresh = re.search(r'name="terms" type="checkbox" value="(\d+)"', goods_page).group(1)
    step("goods", {"terms": fresh})
    step("priority", {})
    step("review", {"signatory_title": "Giám đốc"})
    assert db.session.get(Case, case_id).title == "KHÓM CẦU ĐÚC HẬU GIANG"
    assert client.post(f"/cases/{case_id}/submit").status_code == 302
    # prefilled: name, address, tax code, phone, e-mail, the product, the signer and the place
    applicant = db.session.scalar(sa.select(CaseStep).where(CaseStep.case_id == case_id, CaseStep.name == "applicant"))
    assert applicant.data["phone"] == ["02933871234"] and "Ấp Thạnh Lợi" in applicant.data["address"][0]
    review = db.session.scalar(sa.select(CaseStep).where(CaseStep.case_id == case_id, CaseStep.name == "review"))
    assert review.data["signatory_name"] == ["Nguyễn Văn Khóm"]
    # the values given besides the logo file: today the type and colours of the mark, the colours, its
    # description, one goods term and the signer's position
    assert len(typed) <= 6, typed


@pytest.fixture
def producer(login_as, make_organization, make_product, reference_data):
    organization = make_organization(name="Hợp tác xã Khóm Cầu Đúc Hỏa Tiến", phone="02933871234")
    product = make_product(organization, name="Khóm Cầu Đúc", stars=4)
    client, user = login_as(Role.PRODUCER, organization=organization)
    return client, organization, product


def test_the_wording_is_suggested_and_taken_with_one_button_never_overwritten(producer, db):
    client, _, product = producer
    case_id = start_trademark(client, product_id=product.id)
    page = client.get(f"/cases/{case_id}/steps/mark").get_data(as_text=True)
    assert re.findall(r'name="use_wording" value="([^"]+)"', page) == ["KHÓM CẦU ĐÚC", "KHÓM CẦU ĐÚC HỎA TIẾN"]
    assert 'name="wording" type="text" value=""' in page  # suggested, not filled in
    # the button saves what was typed on the step with the words chosen
    response = post_step(client, case_id, "mark", {"description": "Hình trái khóm.", "use_wording": "KHÓM CẦU ĐÚC"},
                         action="save")
    assert response.status_code == 302
    saved = db.session.scalar(sa.select(CaseStep).where(CaseStep.case_id == case_id, CaseStep.name == "mark"))
    assert saved.data["wording"] == ["KHÓM CẦU ĐÚC"] and saved.data["description"] == ["Hình trái khóm."]
    assert "use_wording" not in saved.data
    # words typed by the user stay: the other suggestion is offered, nothing replaces them
    post_step(client, case_id, "mark", {**MARK, "wording": "KHÓM VÀNG"}, action="save")
    page = client.get(f"/cases/{case_id}/steps/mark").get_data(as_text=True)
    assert 'value="KHÓM VÀNG"' in page and 'name="use_wording" value="KHÓM CẦU ĐÚC"' in page


def test_the_applicant_and_the_signer_are_prefilled_from_the_organization(producer):
    client, organization, _ = producer
    case_id = start_trademark(client)
    applicant = _prefilled(client, case_id, "applicant")
    assert applicant["phone"] == ["02933871234"] and applicant["address"] == [organization.address]
    assert _prefilled(client, case_id, "review")["signatory_name"] == [organization.legal_representative]


def test_register_reuses_the_untouched_draft_of_that_kind(producer, db, make_product):
    client, organization, product = producer
    first = start_trademark(client)
    assert start_trademark(client) == first
    assert start_trademark(client, product_id=product.id) == first  # an empty one takes the product
    other = make_product(organization, name="Mứt khóm")
    assert start_trademark(client, product_id=other.id) != first  # not one started for another product
    post_step(client, first, "applicant", {"name": "Hợp tác xã Khóm"}, action="save")
    second = start_trademark(client)
    assert second != first
    count = db.session.scalar(sa.select(sa.func.count()).select_from(Case).where(Case.organization_id == organization.id))
    assert count == 3


def test_an_untouched_draft_can_be_deleted_by_its_producers_only(producer, login_as, app, db):
    client, organization, _ = producer
    case_id = start_trademark(client)
    assert "Xóa bản nháp trống này" in text_of(client.get(f"/cases/{case_id}"))
    stranger, _ = login_as(Role.PRODUCER)
    assert stranger.post(f"/cases/{case_id}/discard").status_code == 404
    consultant, _ = login_as(Role.CONSULTANT)
    assert consultant.post(f"/cases/{case_id}/discard").status_code == 403
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post(f"/cases/{case_id}/discard").status_code == 400  # without its CSRF token
    app.config["WTF_CSRF_ENABLED"] = False
    assert client.post(f"/cases/{case_id}/discard").status_code == 302
    assert db.session.get(Case, case_id) is None
    worked_on = start_trademark(client)
    post_step(client, worked_on, "applicant", {"name": "Hợp tác xã Khóm"}, action="save")
    assert "Xóa bản nháp trống này" not in text_of(client.get(f"/cases/{worked_on}"))
    refused = client.post(f"/cases/{worked_on}/discard", follow_redirects=True)
    assert "Chỉ xóa được bản nháp còn trống" in text_of(refused)
    db.session.expire_all()
    assert db.session.get(Case, worked_on).status == CaseStatus.DRAFT


def test_a_referral_draft_is_named_after_its_product_and_kept(producer, login_as, db):
    client, _, product = producer
    office, _ = login_as(Role.OFFICE)
    office.post("/products/refer", data={"product_ids": [product.id], "suggested_kind": "trademark"})
    referral = db.session.scalar(sa.select(ProductReferral).where(ProductReferral.product_id == product.id))
    consultant, _ = login_as(Role.CONSULTANT)
    assert consultant.post(f"/products/referrals/{referral.id}/accept").status_code == 302
    case_id = db.session.get(ProductReferral, referral.id).case_id
    assert "Khóm Cầu Đúc" in text_of(client.get("/"))
    assert db.session.get(Case, case_id).title == "Khóm Cầu Đúc"
    # DOST started it: not the producer's to delete, and not reused as an empty one
    assert client.post(f"/cases/{case_id}/discard").status_code == 303
    assert start_trademark(client) != case_id


def test_the_products_step_without_products_says_what_to_do(login_as, make_organization, reference_data):
    organization = make_organization()
    client, _ = login_as(Role.PRODUCER, organization=organization)
    case_id = start_trademark(client)
    page = client.get(f"/cases/{case_id}/steps/products").get_data(as_text=True)
    assert 'href="/products/new"' in page and "Khai báo sản phẩm" in page
    assert "sang bước tiếp theo" not in page
    goods = text_of(client.get(f"/cases/{case_id}/steps/goods"))
    assert "Chưa có sản phẩm OCOP nào của bạn được ghi nhận" in goods and "bước 2" not in goods


def test_a_logo_too_small_to_print_sharply_is_kept_with_a_warning(producer, app, db):
    client, _, product = producer
    case_id = start_trademark(client, product_id=product.id)
    payload = {**MARK, "step_version": "0", "action": "continue", "mark_image": (io.BytesIO(logo_png((800, 600))), "nho.png")}
    response = client.post(f"/cases/{case_id}/steps/mark", data=payload, content_type="multipart/form-data",
                           follow_redirects=True)
    assert response.status_code == 200 and response.request.path.endswith("/steps/goods")  # accepted: on to the next
    text = text_of(response)
    assert "Logo chỉ có 800 × 600 điểm ảnh: đã lưu" in text and "tệp gốc" in text
    assert "Logo chỉ có 800 × 600" in text_of(client.get(f"/cases/{case_id}/steps/mark"))
    post_step(client, case_id, "mark", MARK, files={"mark_image": (logo_png(), "lon.png")}, action="save")
    assert "Logo chỉ có" not in text_of(client.get(f"/cases/{case_id}/steps/mark"))
    app.config["MARK_SHARP_LONG_SIDE_PX"] = 1300  # the threshold is configuration
    assert "Logo chỉ có 1200 × 900 điểm ảnh" in text_of(client.get(f"/cases/{case_id}/steps/mark"))


def test_an_unverified_organization_submits_but_is_approved_only_once_verified(login_as, make_organization,
                                                                              make_product, reference_data, db):
    organization = make_organization(name="Tổ hợp tác Mật ong")
    product = make_product(organization, name="Mật ong rừng tràm")
    client, _ = login_as(Role.PRODUCER, organization=organization)
    case_id = start_trademark(client, product_id=product.id)
    fill_trademark(client, case_id, [product.id], ["Mật ong"])
    assert client.post(f"/cases/{case_id}/submit").status_code == 302
    consultant, _ = login_as(Role.CONSULTANT)
    refused = consultant.post(f"/cases/{case_id}/transition", data={"name": "approve"})
    assert refused.status_code == 409
    assert "Tổ hợp tác Mật ong chưa được xác minh: Sở KH&CN chỉ duyệt được đơn khi" in text_of(refused)
    db.session.expire_all()
    assert db.session.get(Case, case_id).status == CaseStatus.SUBMITTED
    for who in (client, consultant):  # both sides are told on the case page
        assert "chưa được xác minh" in text_of(who.get(f"/cases/{case_id}"))
    office, _ = login_as(Role.OFFICE)
    assert office.post(f"/organizations/{organization.id}/verify").status_code == 302
    assert "chưa được xác minh" not in text_of(consultant.get(f"/cases/{case_id}"))
    assert consultant.post(f"/cases/{case_id}/transition", data={"name": "approve"}).status_code == 302
