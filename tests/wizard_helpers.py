"""Filling the trademark wizard through the web, as a producer would."""
from __future__ import annotations

import io
import re

import sqlalchemy as sa
from PIL import Image

from app.extensions import db as _db
from app.models import CaseStep, Role
from tests.conftest import text_of

LOGO_SIZE = (1200, 900)


def logo_png(size=LOGO_SIZE, colour=(240, 190, 30)) -> bytes:
    """A real PNG logo, big enough to print 80 mm wide at 300 dpi."""
    image = Image.new("RGB", size, "white")
    for x in range(size[0] // 4, 3 * size[0] // 4):
        for y in range(size[1] // 4, 3 * size[1] // 4, 7):
            image.putpixel((x, y), colour)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def start_trademark(client, **extra) -> int:
    response = client.post("/cases/new", data={"kind": "trademark", **extra})
    assert response.status_code == 302, response.data[:300]
    return int(re.search(r"/cases/(\d+)/steps/", response.headers["Location"]).group(1))


def post_step(client, case_id: int, step: str, data: dict, action: str = "continue", files: dict | None = None):
    """Post a step as its page would, with the version it was opened at (unless data gives one)."""
    payload = {"step_version": str(current_step_version(case_id, step)), **data, "action": action}
    for name, (content, filename) in (files or {}).items():
        payload[name] = (io.BytesIO(content), filename)
    return client.post(f"/cases/{case_id}/steps/{step}", data=payload, content_type="multipart/form-data")


def current_step_version(case_id: int, step: str) -> int:
    saved = _db.session.scalar(sa.select(CaseStep.version).where(CaseStep.case_id == case_id, CaseStep.name == step))
    _db.session.remove()
    return saved or 0


def catalogue_ids(client, case_id: int, *terms: str) -> list[str]:
    """The checkbox values of the given Vietnamese terms on the goods step."""
    html = client.get(f"/cases/{case_id}/steps/goods").get_data(as_text=True)
    ids = []
    for term in terms:
        match = re.search(r'value="(\d+)"[^>]*>\s*<label[^>]*>' + re.escape(term) + "</label>", html)
        assert match, f"term {term!r} not offered"
        ids.append(match.group(1))
    return ids


APPLICANT = {"applicant_kind": "organization", "name": "Hợp tác xã Khóm Cầu Đúc", "address": "Ấp 1, Phường Vị Thanh, Thành phố Cần Thơ",
             "tax_code": "6300123456", "citizen_id": "", "phone": "0912345678", "email": "htx@example.vn"}
MARK = {"wording": "KHÓM CẦU ĐÚC", "mark_form": "combined", "colour_mode": "colour", "colours": "vàng, xanh lá",
        "description": "Chữ KHÓM CẦU ĐÚC cách điệu, bên trên là hình trái khóm.", "meaning": ""}
PRIORITY = {"priority_basis": "none", "representative_kind": "none"}
REVIEW = {"signatory_name": "Nguyễn Văn Khóm", "signatory_title": "Giám đốc", "signing_place": "Cần Thơ"}


def fill_trademark(client, case_id: int, product_ids: list[int], terms: list[str], free_terms=(),
                   applicant=APPLICANT) -> None:
    """Fill every step validly (the logo included)."""
    for step, data, files in [
        ("applicant", applicant, None),
        ("products", {"products": [str(p) for p in product_ids]}, None),
        ("mark", MARK, {"mark_image": (logo_png(), "logo.png")}),
    ]:
        response = post_step(client, case_id, step, data, files=files)
        assert response.status_code == 302, (step, text_of(response)[:2000])
    goods = {"terms": catalogue_ids(client, case_id, *terms)}
    for i, (term, klass) in enumerate(free_terms):
        goods[f"free_terms-{i}-term"] = term
        goods[f"free_terms-{i}-nice_class"] = str(klass)
    for step, data in [("goods", goods), ("priority", PRIORITY), ("review", REVIEW)]:
        response = post_step(client, case_id, step, data)
        assert response.status_code == 302, (step, text_of(response)[:2000])


def filled_trademark(login_as, make_organization, make_product) -> tuple:
    """(client, case id) of a producer's trademark with every step validly filled (one goods item)."""
    organization = make_organization(name="Hợp tác xã Khóm Cầu Đúc")
    product = make_product(organization, name="Khóm Cầu Đúc", stars=4)
    client, _ = login_as(Role.PRODUCER, organization=organization)
    case_id = start_trademark(client)
    fill_trademark(client, case_id, [product.id], ["Khóm (dứa) tươi"])
    return client, case_id
