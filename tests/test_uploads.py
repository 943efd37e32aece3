"""Uploads: checked by content, stored under random names in UPLOAD_DIR, served only to the case's viewers."""
from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest
from werkzeug.datastructures import FileStorage

from app.documents import images, storage
from app.documents.images import MarkImageInfo, inspect_mark_image, print_size_mm
from app.documents.storage import UploadRejected, save_upload, stored_path
from app.models import FilePurpose, Role, StoredFile
from tests.fixtures_images import (
    gif_bytes,
    jpeg_bytes,
    jpeg_rotated_bytes,
    pdf_bytes,
    png_bomb,
    png_bytes,
    png_claiming_size,
    truncated,
)

MARK = FilePurpose.MARK_IMAGE
POA = FilePurpose.POWER_OF_ATTORNEY


def upload(data: bytes, filename: str = "logo.png", content_type: str = "image/png") -> FileStorage:
    """What Flask hands a view for a file field (name and type are the browser's claims)."""
    return FileStorage(stream=io.BytesIO(data), filename=filename, content_type=content_type)


@pytest.fixture
def request_ctx(app):
    """Services run inside a request (messages are translated for it: Vietnamese by default)."""
    with app.test_request_context():
        yield


@pytest.fixture
def owner(make_organization, make_user):
    organization = make_organization(name="Hợp tác xã Khóm Cầu Đúc")
    return make_user(Role.PRODUCER, organization=organization)


@pytest.fixture
def case(owner, make_case):
    return make_case(owner.organization, title="Khóm Cầu Đúc Hậu Giang")


def rejection(case, owner, data, purpose=MARK, **kwargs) -> str:
    with pytest.raises(UploadRejected) as caught:
        save_upload(case, purpose, upload(data, **kwargs), owner)
    return str(caught.value.message)


# --- accepted files -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data,filename,content_type,extension",
    [(png_bytes(600, 400), "Mẫu nhãn.png", "image/png", ".png"),
     (jpeg_bytes(600, 400), "mau-nhan.JPG", "image/jpeg", ".jpg")],
    ids=["png", "jpeg"],
)
def test_mark_image_is_stored_with_its_facts(app, db, request_ctx, case, owner, data, filename, content_type, extension):
    stored = save_upload(case, MARK, upload(data, filename=filename), owner)
    assert stored.id is not None
    assert stored.content_type == content_type
    assert stored.size_bytes == len(data)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert (stored.width_px, stored.height_px) == (600, 400)
    assert stored.uploaded_by_id == owner.id
    assert stored.stored_name.endswith(extension)
    assert stored.original_name == ("Mau_nhan.png" if extension == ".png" else "mau-nhan.JPG")
    path = stored_path(stored)
    assert path.read_bytes() == data
    assert case.current_file(MARK) is stored


def test_print_size_at_300_dpi_and_capped_at_80_mm(request_ctx):
    info = inspect_mark_image(png_bytes(600, 400))
    assert isinstance(info, MarkImageInfo)
    assert info.print_width_mm == pytest.approx(50.8)  # 600 px / 300 dpi = 2 in
    assert info.print_height_mm == pytest.approx(33.87, abs=0.01)
    assert info.dpi == pytest.approx(300)
    # Too large for the box: shrunk proportionally to 80 mm, which prints finer than 300 dpi.
    big = inspect_mark_image(png_bytes(1890, 945))
    assert (big.print_width_mm, big.print_height_mm) == (pytest.approx(80), pytest.approx(40))
    assert big.dpi == pytest.approx(600, abs=0.5)  # 1890 px over 80 mm (3.15 in)
    assert print_size_mm(300, 300) == (pytest.approx(25.4), pytest.approx(25.4))


def test_png_renamed_jpg_is_still_a_png(request_ctx, case, owner):
    stored = save_upload(case, MARK, upload(png_bytes(), filename="logo.jpg", content_type="image/jpeg"), owner)
    assert stored.content_type == "image/png"
    assert stored.stored_name.endswith(".png")


def test_phone_photo_turned_by_exif_has_its_displayed_size(request_ctx, case, owner):
    stored = save_upload(case, MARK, upload(jpeg_rotated_bytes(600, 400), filename="IMG_0001.jpg"), owner)
    assert (stored.width_px, stored.height_px) == (400, 600)


def test_pdf_is_accepted_as_power_of_attorney(request_ctx, case, owner):
    data = pdf_bytes()
    stored = save_upload(case, POA, upload(data, filename="giay uy quyen.pdf", content_type="application/pdf"), owner)
    assert stored.content_type == "application/pdf"
    assert stored.stored_name.endswith(".pdf")
    assert stored.original_name == "giay_uy_quyen.pdf"
    assert (stored.width_px, stored.height_px) == (None, None)
    assert stored_path(stored).read_bytes() == data


def test_scanned_document_may_be_an_image_of_any_resolution(request_ctx, case, owner):
    stored = save_upload(case, FilePurpose.MAP, upload(jpeg_bytes(120, 90), filename="ban-do.jpeg"), owner)
    assert stored.content_type == "image/jpeg"


# --- refused files --------------------------------------------------------------------------------


def test_text_file_named_png_is_refused(request_ctx, case, owner, db):
    message = rejection(case, owner, b"Hello, I am not a picture at all.\n" * 10, filename="logo.png")
    assert message == "Mẫu nhãn hiệu phải là ảnh PNG hoặc JPEG; tệp này không phải là ảnh PNG hay JPEG."
    assert db.session.query(StoredFile).count() == 0


def test_gif_is_refused_with_its_format_named(request_ctx, case, owner):
    message = rejection(case, owner, gif_bytes(), filename="logo.gif")
    assert message.startswith("Đây là ảnh định dạng GIF; mẫu nhãn hiệu phải là ảnh PNG hoặc JPEG.")


def test_empty_file_is_refused(request_ctx, case, owner):
    assert rejection(case, owner, b"") == "Tệp trống, không có nội dung. Vui lòng chọn lại tệp."


def test_oversize_file_is_refused_with_both_sizes(app, request_ctx, case, owner, monkeypatch):
    monkeypatch.setitem(app.config, "MARK_IMAGE_MAX_BYTES", 2 * 1024)
    data = jpeg_bytes(1200, 1200)  # a few tens of KB of noise-free JPEG
    assert len(data) > 2 * 1024
    message = rejection(case, owner, data)
    assert message.startswith("Tệp có dung lượng ")
    assert message.endswith("chỉ nhận tệp tối đa 2 KB.")


def test_document_size_limit_is_its_own(app, request_ctx, case, owner, monkeypatch):
    monkeypatch.setitem(app.config, "DOCUMENT_MAX_BYTES", 3 * 1024 * 1024 // 2)
    data = pdf_bytes() + b"%" + b"x" * (2 * 1024 * 1024) + b"\n%%EOF\n"
    message = rejection(case, owner, data, purpose=POA, filename="big.pdf")
    assert message == "Tệp có dung lượng 2 MB; chỉ nhận tệp tối đa 1,5 MB."


@pytest.mark.parametrize(
    "data",
    [png_claiming_size(30000, 30000),  # Pillow's own bomb error
     png_claiming_size(10000, 10000),  # Pillow only warns: we refuse
     png_bomb(7000, 7000)],  # a real 49-megapixel image of a few KB, under Pillow's limits
    ids=["header-900MP", "header-100MP", "real-49MP"],
)
def test_decompression_bomb_is_refused_without_decoding(request_ctx, case, owner, data):
    assert len(data) < 200_000
    message = rejection(case, owner, data)
    assert "quá lớn" in message and "16 megapixel" in message


def test_a_mark_sample_over_16_megapixels_is_refused_a_scanned_document_up_to_40_is_not(request_ctx, case, owner):
    assert "16 megapixel" in rejection(case, owner, png_bomb(4200, 4200))  # 17.6 MP
    stored = save_upload(case, POA, upload(png_bomb(5000, 5000), filename="scan.png"), owner)  # 25 MP
    assert (stored.width_px, stored.height_px) == (5000, 5000)
    assert "40 megapixel" in rejection(case, owner, png_bomb(7000, 7000), purpose=POA)


@pytest.mark.parametrize("data, stored_size", [
    (png_bytes(4000, 3000), (1890, 1418)),  # 12 MP: longer side to 1890 px (80 mm at 600 dpi)
    (jpeg_rotated_bytes(4000, 2000, orientation=6), (945, 1890)),  # a phone photo stored sideways: turned upright
], ids=["png", "rotated-jpeg"])
def test_a_large_mark_sample_is_made_smaller_once_when_stored(request_ctx, case, owner, data, stored_size):
    from PIL import Image

    stored = save_upload(case, MARK, upload(data), owner)
    on_disk = stored_path(stored).read_bytes()
    with Image.open(io.BytesIO(on_disk)) as image:
        assert image.size == stored_size == (stored.width_px, stored.height_px)
        assert image.getexif().get(0x0112) is None
    assert stored.size_bytes == len(on_disk) < len(data)
    assert stored.sha256 == hashlib.sha256(on_disk).hexdigest()


def test_a_mark_sample_small_enough_is_stored_as_uploaded(request_ctx, case, owner):
    data = png_bytes(1890, 800)
    assert stored_path(save_upload(case, MARK, upload(data), owner)).read_bytes() == data


def test_too_small_image_is_refused(request_ctx, case, owner):
    message = rejection(case, owner, png_bytes(150, 150))
    assert message == (
        "Ảnh chỉ có 150 × 150 điểm ảnh: quá nhỏ để in rõ nét. "
        "Mỗi cạnh cần ít nhất 178 điểm ảnh (15 mm ở độ phân giải 300 dpi)."
    )


def test_smallest_acceptable_side_is_178_pixels(request_ctx):
    assert images.MARK_MIN_SIDE_PX == 178
    inspect_mark_image(png_bytes(178, 178))
    with pytest.raises(UploadRejected):
        inspect_mark_image(png_bytes(177, 400))


def test_long_thin_image_is_refused(request_ctx, case, owner):
    message = rejection(case, owner, png_bytes(2000, 100))
    assert message.startswith("Ảnh quá dài và hẹp (2000 × 100 điểm ảnh)")
    assert "5,3 lần" in message


def test_truncated_images_are_refused(request_ctx, case, owner):
    for data in (truncated(png_bytes(600, 400)), truncated(jpeg_bytes(600, 400))):
        assert rejection(case, owner, data).startswith("Tệp ảnh bị hỏng hoặc không đầy đủ.")


def test_random_bytes_are_refused_as_a_document(request_ctx, case, owner):
    message = rejection(case, owner, os.urandom(4096), purpose=POA, filename="giay.pdf")
    assert message == "Tài liệu phải là tệp PDF hoặc ảnh PNG, JPEG; tệp này không thuộc các loại đó."


def test_pdf_without_its_end_is_refused(request_ctx, case, owner):
    data = pdf_bytes()
    message = rejection(case, owner, data[: len(data) // 2], purpose=POA, filename="giay.pdf")
    assert message.startswith("Tệp này không phải là tệp PDF đọc được")


def test_gif_document_is_refused(request_ctx, case, owner):
    message = rejection(case, owner, gif_bytes(), purpose=FilePurpose.OTHER, filename="scan.gif")
    assert message == "Đây là ảnh định dạng GIF; tài liệu phải là tệp PDF hoặc ảnh PNG, JPEG."


def test_pdf_is_not_a_mark_sample(request_ctx, case, owner):
    message = rejection(case, owner, pdf_bytes(), filename="logo.pdf")
    assert message.startswith("Mẫu nhãn hiệu phải là ảnh PNG hoặc JPEG")


# --- where files go -------------------------------------------------------------------------------


def test_stored_path_is_under_upload_dir_and_never_the_users_name(app, request_ctx, case, owner):
    hostile = "../../etc/cron.d/evil.png"
    stored = save_upload(case, MARK, upload(png_bytes(), filename=hostile), owner)
    root = Path(os.path.realpath(app.config["UPLOAD_DIR"]))
    path = stored_path(stored)
    assert path.parent == root / str(case.id)
    assert "evil" not in stored.stored_name and "evil" not in str(path)
    assert stored.original_name == "etc_cron.d_evil.png"
    assert len(stored.stored_name) == 32 + len(".png")
    # Nothing was written outside the case's folder.
    assert sorted(p.name for p in root.rglob("*") if p.is_file()) == [stored.stored_name]


def test_stored_path_refuses_names_we_never_wrote(request_ctx, case, owner):
    stored = save_upload(case, MARK, upload(png_bytes()), owner)
    for bad in ("../../config.py", "/etc/passwd", "x.png", stored.stored_name + "/.."):
        stored.stored_name = bad
        with pytest.raises(storage.StorageError):
            stored_path(stored)


def test_stored_path_refuses_a_symlink_out_of_upload_dir(app, request_ctx, case, owner, tmp_path):
    stored = save_upload(case, MARK, upload(png_bytes()), owner)
    path = stored_path(stored)
    path.unlink()
    outside = tmp_path / "outside.png"
    outside.write_bytes(png_bytes())
    path.symlink_to(outside)
    with pytest.raises(storage.StorageError):
        stored_path(stored)


def test_long_original_name_is_cut_to_255_keeping_its_extension(request_ctx, case, owner):
    stored = save_upload(case, MARK, upload(png_bytes(), filename="a" * 400 + ".png"), owner)
    assert len(stored.original_name) == 255
    assert stored.original_name.endswith(".png")


def test_generated_pdf_is_kept_and_found_by_its_hash(app, request_ctx, case, db):
    digest = "ab" * 32
    assert storage.find_generated(case, "dossier", digest) is None
    doc = storage.save_generated(case, "dossier", digest, pdf_bytes())
    path = storage.generated_path(doc)
    assert path.parent == Path(os.path.realpath(app.config["UPLOAD_DIR"])) / str(case.id) / "generated"
    assert storage.find_generated(case, "dossier", digest) is doc
    assert storage.find_generated(case, "dossier", "cd" * 32) is None
    # A file gone from disk means "render again".
    path.unlink()
    assert storage.find_generated(case, "dossier", digest) is None
    again = storage.save_generated(case, "dossier", digest, pdf_bytes())
    assert storage.generated_path(again).is_file()


# --- serving files --------------------------------------------------------------------------------


@pytest.fixture
def files(app, db, case, owner):
    with app.test_request_context():
        image = save_upload(case, MARK, upload(png_bytes(), filename="logo.png"), owner)
        document = save_upload(
            case, POA, upload(pdf_bytes(), filename="Giấy ủy quyền.pdf", content_type="application/pdf"), owner
        )
        db.session.commit()
        return {"image": image.id, "pdf": document.id}


@pytest.mark.parametrize("role", [Role.PRODUCER, Role.CONSULTANT, Role.OFFICE, Role.ADMIN], ids=lambda r: r.value)
def test_file_is_served_to_those_who_may_see_the_case(login_as, case, files, role):
    client, _ = login_as(role, organization=case.organization if role == Role.PRODUCER else None)
    response = client.get(f"/files/{files['image']}")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "private" in response.headers["Cache-Control"]
    assert "public" not in response.headers["Cache-Control"]
    assert response.headers.get("Content-Disposition", "inline").startswith("inline")
    assert response.data == png_bytes()


def test_pdf_is_served_as_an_attachment_with_its_name(login_as, case, files):
    client, _ = login_as(Role.CONSULTANT)
    response = client.get(f"/files/{files['pdf']}")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert "Giay_uy_quyen.pdf" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_another_organizations_producer_gets_404(login_as, files):
    client, _ = login_as(Role.PRODUCER)  # a producer of a new, unrelated organization
    assert client.get(f"/files/{files['image']}").status_code == 404
    assert client.get(f"/files/{files['pdf']}").status_code == 404


def test_anonymous_visitor_is_sent_to_log_in(client, files):
    response = client.get(f"/files/{files['image']}")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")


def test_missing_file_id_is_404(login_as, files):
    client, _ = login_as(Role.ADMIN)
    assert client.get("/files/999999").status_code == 404


def test_a_request_over_the_app_limit_says_the_limits_and_how_to_keep_the_input(app, login_as, make_organization,
                                                                                  make_case):
    """Above MAX_CONTENT_LENGTH nothing of the request reaches the app: the 413 page says the limits
    in Vietnamese and that the typed text is still in the browser (Back)."""
    organization = make_organization()
    case = make_case(organization)
    client, _ = login_as(Role.PRODUCER, organization=organization)
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    response = client.post(f"/cases/{case.id}/steps/mark", data={
        "wording": "KHÓM CẦU ĐÚC", "step_version": "0",
        "mark_image": (io.BytesIO(b"\x89PNG" + b"0" * 100_000), "logo.png")}, content_type="multipart/form-data")
    assert response.status_code == 413
    page = " ".join(response.get_data(as_text=True).split())
    assert "64 KB" in page and "5 MB" in page and "10 MB" in page
    assert "nút Quay lại" in page
