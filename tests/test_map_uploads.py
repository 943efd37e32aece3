"""Maps of the geographical area: PNG/JPEG checked like images, or a real PDF (parsed, not sniffed).

Refusals are compared with the gettext of their English msgid, so these tests hold whether or not
the Vietnamese catalogue has them yet (tests/test_i18n.py checks that it does).
"""
from __future__ import annotations

import io

import pytest
from flask_babel import gettext
from pypdf import PdfReader, PdfWriter
from werkzeug.datastructures import FileStorage

from app.documents import pdf_pages
from app.documents.storage import UploadRejected, save_upload, stored_path
from app.models import CaseKind, FilePurpose, Role, StoredFile
from tests.fixtures_images import gif_bytes, jpeg_bytes, pdf_bytes, png_bomb, png_bytes, truncated

MAP = FilePurpose.MAP
NOT_A_PDF = ("This file is not a readable PDF (it may be damaged or only named .pdf). "
             "Please export the map again as PDF, PNG or JPEG and upload the new file.")
ENCRYPTED = ("This PDF is protected by a password or encrypted, so it cannot be added to the dossier. "
             "Save a copy without protection and upload that one.")


def upload(data: bytes, filename: str = "ban-do.pdf") -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=filename, content_type="application/pdf")


def pdf_of(pages: int = 1, password: str | None = None, owner_password: str | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=842, height=595)
    if password is not None or owner_password is not None:
        writer.encrypt(user_password=password or "", owner_password=owner_password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def case(make_organization, make_case, request_ctx):
    return make_case(make_organization(), kind=CaseKind.GI)


@pytest.fixture
def owner(make_user, case):
    return make_user(Role.PRODUCER, organization=case.organization)


@pytest.fixture
def request_ctx(app):
    with app.test_request_context():
        yield


def refusal(case, owner, data: bytes, **kwargs) -> str:
    with pytest.raises(UploadRejected) as caught:
        save_upload(case, MAP, upload(data, **kwargs), owner)
    return str(caught.value.message)


# --- accepted ------------------------------------------------------------------------------------


def test_a_real_pdf_map_is_kept_as_pdf(case, owner):
    data = pdf_of(pages=2)
    stored = save_upload(case, MAP, upload(data, filename="Bản đồ Cầu Đúc.pdf"), owner)
    assert stored.content_type == "application/pdf" and stored.stored_name.endswith(".pdf")
    assert (stored.width_px, stored.height_px) == (None, None)
    assert stored_path(stored).read_bytes() == data
    assert pdf_pages.page_count(stored_path(stored)) == 2


@pytest.mark.parametrize("data, content_type", [
    (png_bytes(120, 90), "image/png"),          # small: no dpi rule for maps, unlike mark samples
    (jpeg_bytes(3000, 2000), "image/jpeg"),
])
def test_png_and_jpeg_maps_are_accepted_by_content(case, owner, data, content_type):
    stored = save_upload(case, MAP, upload(data, filename="map.pdf"), owner)  # the name claims PDF: the bytes decide
    assert stored.content_type == content_type
    assert stored.stored_name.endswith(".png" if content_type == "image/png" else ".jpg")
    assert stored.width_px > 0 and stored.height_px > 0


def test_a_long_thin_map_image_is_fine(case, owner):
    """Mark samples must fit the form's box; a map of a river valley may be as long as it likes."""
    assert save_upload(case, MAP, upload(png_bytes(3000, 300), filename="song.png"), owner).width_px == 3000


# --- refused -------------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [
    b"%PDF-1.4 garbage %%EOF",
    b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
    truncated(pdf_bytes(), keep=0.5) + b"\n%%EOF\n",
])
def test_a_fake_or_broken_pdf_is_refused(case, owner, db, data):
    assert refusal(case, owner, data) == gettext(NOT_A_PDF)
    assert db.session.query(StoredFile).count() == 0


@pytest.mark.parametrize("passwords", [{"password": "bi-mat"}, {"password": "", "owner_password": "chu-so-huu"}])
def test_an_encrypted_pdf_is_refused(case, owner, passwords):
    assert refusal(case, owner, pdf_of(**passwords)) == gettext(ENCRYPTED)


def test_a_pdf_without_pages_is_refused(case, owner):
    assert refusal(case, owner, pdf_of(pages=0)) == gettext("This PDF has no pages. Please upload the map itself.")


def test_a_pdf_with_too_many_pages_is_refused(case, owner):
    count = pdf_pages.MAP_MAX_PAGES + 1
    assert refusal(case, owner, pdf_of(pages=count)) == gettext(
        "This PDF has %(count)d pages; a map may have at most %(max)d.", count=count, max=pdf_pages.MAP_MAX_PAGES)


def test_other_images_and_files_are_refused_with_the_map_rule(case, owner):
    assert refusal(case, owner, gif_bytes(), filename="ban-do.gif") == gettext(
        "This is a %(format)s image; the map must be a PDF file or a PNG or JPEG image.", format="GIF")
    assert refusal(case, owner, b"Ban do khu vuc dia ly\n" * 20, filename="ban-do.pdf") == gettext(
        "The map must be a PDF file or a PNG or JPEG image; this file is none of these.")


def test_image_checks_still_apply_to_maps(case, owner):
    assert refusal(case, owner, png_bomb(), filename="bom.png") == gettext(
        "The image is too large in pixels (%(width)d × %(height)d); at most %(max_mp)d megapixels are accepted.",
        width=7000, height=7000, max_mp=40)
    assert refusal(case, owner, truncated(jpeg_bytes(800, 600)), filename="cut.jpg") == gettext(
        "The image file is damaged or incomplete. Please save or export it again and upload the new file.")


def test_the_wizard_answers_a_fake_pdf_map_with_422_and_the_reason(login_as, make_organization, reference_data, db):
    from tests.conftest import text_of
    from tests.kind_helpers import GI_AREA, start_case, started_id
    from tests.wizard_helpers import post_step

    association = make_organization(name="Hội Khóm Cầu Đúc")
    consultant, _ = login_as(Role.CONSULTANT)
    case_id = started_id(start_case(consultant, "gi", organization_id=association.id))
    for data in (b"%PDF-1.4 garbage %%EOF", pdf_of(password="bi-mat")):
        response = post_step(consultant, case_id, "area", GI_AREA, files={"area_map": (data, "ban-do.pdf")})
        assert response.status_code == 422
        with consultant.application.test_request_context():
            expected = gettext(NOT_A_PDF if data.startswith(b"%PDF-1.4 garbage") else ENCRYPTED)
        assert expected in text_of(response)
    assert db.session.query(StoredFile).filter_by(purpose=MAP).count() == 0
    accepted = post_step(consultant, case_id, "area", GI_AREA, files={"area_map": (pdf_of(pages=2), "ban-do.pdf")})
    assert accepted.status_code == 302
    assert db.session.query(StoredFile).filter_by(purpose=MAP).one().content_type == "application/pdf"


@pytest.mark.parametrize("data", [b"%PDF-1.4 garbage %%EOF", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"])
def test_a_document_claimed_to_be_pdf_is_parsed_not_only_checked_for_its_markers(case, owner, data):
    with pytest.raises(UploadRejected) as refused:
        save_upload(case, FilePurpose.POWER_OF_ATTORNEY, upload(data), owner)
    assert str(refused.value.message).startswith("Tệp này không phải là tệp PDF đọc được")


def test_a_protected_pdf_is_still_a_document(case, owner):
    """Unlike a map, a power of attorney is never appended to the dossier: protection is no reason to refuse it."""
    stored = save_upload(case, FilePurpose.POWER_OF_ATTORNEY, upload(pdf_of(password="bi-mat")), owner)
    assert stored.content_type == "application/pdf"


def test_appended_pages_keep_what_they_draw_and_lose_links_and_actions(app, tmp_path):
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    from app.documents.pdf import render_pdf

    writer = PdfWriter()
    page = writer.add_blank_page(width=1191, height=842)
    page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): DictionaryObject({
        NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")})})
    writer.add_uri(0, "http://127.0.0.1:9/track", [0, 0, 100, 100])
    path = tmp_path / "map.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    with app.test_request_context():
        base = render_pdf("pdf/_selftest.html", user_text="x", applicant="y", day=None, images=[])
        stamp = render_pdf("pdf/_draft_stamp.html", draft=True)
    merged = PdfReader(io.BytesIO(pdf_pages.append_pages(base, [path], stamp=stamp)))
    appended = merged.pages[-1]
    assert len(merged.pages) == len(PdfReader(io.BytesIO(base)).pages) + 1
    assert (round(float(appended.mediabox.width)), round(float(appended.mediabox.height))) == (1191, 842)
    assert "/Annots" not in appended and "/AA" not in appended
    assert "BẢN NHÁP" in appended.extract_text()
