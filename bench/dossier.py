"""Benchmark: render a full trademark dossier (6 classes, 40 items, logo), and serve a stored one.

Run with `make bench`. Prints figures; asserts nothing (speed goals are not tests).
Targets on the development machine: render <= 0.3 s, stored <= 20 ms, and at least 3 times as fast
as LibreOffice converting a comparable .docx (the dossier's text page by page, its goods as a table),
timed in the same run when `soffice` is installed (`make bench` installs it; skipped otherwise).
LibreOffice is timed as a conversion command, start-up included, after one warm-up run.
"""
from __future__ import annotations

import io
import logging
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402
from werkzeug.datastructures import FileStorage, MultiDict  # noqa: E402

from app import create_app  # noqa: E402
from app.auth import services as auth_services  # noqa: E402
from app.cases import dossier  # noqa: E402
from app.cases import services as case_services  # noqa: E402
from app.demo.base import demo_logo  # noqa: E402
from app.documents import pdf  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import CaseKind, FilePurpose, OrganizationKind, Role  # noqa: E402
from app.organizations import services as organization_services  # noqa: E402
from app.wizard import services, steps  # noqa: E402
from config import TestConfig  # noqa: E402

RUNS = 7
LIBREOFFICE_RUNS = 3
CLASSES = (29, 30, 31, 32, 33, 35)


def build_case():
    organization = organization_services.register_organization(
        name="Hợp tác xã Khóm Cầu Đúc Hỏa Tiến", kind=OrganizationKind.COOPERATIVE, tax_code="6300123456",
        address_line="Ấp Thạnh Lợi", province_code=92, ward_code=31321, legal_representative="Nguyễn Văn Khóm")
    user = auth_services.create_user(email="bench@example.vn", full_name="Bench", password="benchmark-1",
                                     role=Role.PRODUCER, organization=organization)
    case = case_services.start_case(CaseKind.TRADEMARK, organization, user)
    goods = {}
    for i in range(40):  # 40 items over 6 classes
        goods[f"free_terms-{i}-term"] = [f"Sản phẩm đặc sản số {i + 1} của Hậu Giang"]
        goods[f"free_terms-{i}-nice_class"] = [str(CLASSES[i % len(CLASSES)])]
    inputs = {
        "applicant": {"applicant_kind": ["organization"], "name": [organization.name], "address": [organization.address],
                      "tax_code": ["6300123456"], "phone": ["0912345678"], "email": ["htx@example.vn"]},
        "products": {},
        "mark": {"wording": ["KHÓM CẦU ĐÚC"], "mark_form": ["combined"], "colour_mode": ["colour"], "colours": ["vàng"],
                 "description": ["Chữ KHÓM CẦU ĐÚC và hình trái khóm."], "meaning": [""]},
        "goods": goods,
        "priority": {"priority_basis": ["none"], "representative_kind": ["none"]},
        "review": {"signatory_name": ["Nguyễn Văn Khóm"], "signatory_title": ["Giám đốc"], "signing_place": ["Cần Thơ"]},
    }
    for step in steps.steps_for(case):
        files = MultiDict()
        if step.name == "mark":
            files["mark_image"] = FileStorage(io.BytesIO(demo_logo("KHÓM CẦU ĐÚC", (230, 180, 20))), filename="logo.png")
        result = services.save_step(case, step, MultiDict([(k, v) for k, vs in inputs[step.name].items() for v in vs]),
                                    files, user, None, csrf=False)
        assert result.valid, (step.name, result.form.errors)
    db.session.commit()
    return case, user


_DOCX_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/'
    'document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '</Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
}
_RUN = '<w:r><w:rPr><w:rFonts w:ascii="Liberation Serif" w:hAnsi="Liberation Serif"/><w:sz w:val="26"/></w:rPr>' \
       '<w:t xml:space="preserve">{}</w:t></w:r>'


def comparable_docx(pages: list[str], goods: list[dict]) -> bytes:
    """A .docx written by hand with the dossier's text, page by page, and its goods as a table."""
    body = []
    for number, page in enumerate(pages):
        if number:
            body.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
        body += [f"<w:p>{_RUN.format(escape(line))}</w:p>" for line in page.splitlines() if line.strip()]
    rows = [(str(group["nice_class"]), "; ".join(map(str, group["terms"]))) for group in goods]
    body.append('<w:tbl><w:tblPr><w:tblBorders><w:insideH w:val="single" w:sz="4"/></w:tblBorders></w:tblPr>'
                + "".join(f"<w:tr>{''.join(f'<w:tc><w:p>{_RUN.format(escape(cell))}</w:p></w:tc>' for cell in row)}</w:tr>"
                          for row in rows) + "</w:tbl><w:p/>")
    document = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                'wordprocessingml/2006/main"><w:body>' + "".join(body) + "</w:body></w:document>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in {**_DOCX_PARTS, "word/document.xml": document}.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def libreoffice_median(pdf_bytes: bytes, goods: list[dict], folder: Path) -> tuple[float, float] | None:
    """Median (wall, CPU) seconds for LibreOffice to convert the comparable .docx to PDF; None without it."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf_bytes, capture_output=True, check=True).stdout
    source = folder / "dossier.docx"
    source.write_bytes(comparable_docx(text.decode().split("\f"), goods))
    command = [soffice, f"-env:UserInstallation=file://{folder}/lo-profile", "--headless", "--convert-to", "pdf",
               "--outdir", str(folder / "lo-out"), str(source)]
    subprocess.run(command, capture_output=True, check=True, timeout=300)  # warm-up: the profile is created
    times, cpu = [], []
    for _ in range(LIBREOFFICE_RUNS):
        start, start_cpu = time.perf_counter(), _children_cpu()
        subprocess.run(command, capture_output=True, check=True, timeout=300)
        times.append(time.perf_counter() - start)
        cpu.append(_children_cpu() - start_cpu)
    return statistics.median(times), statistics.median(cpu)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    logging.disable(logging.INFO)  # migration chatter would bury the figures
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/bench.sqlite3", UPLOAD_DIR=f"{folder}/uploads")
        with app.app_context(), app.test_request_context():
            upgrade()
            case, user = build_case()
            context = dossier.dossier_context(case)
            files = [case.current_file(FilePurpose.MARK_IMAGE)]
            rendered = pdf.render_pdf("pdf/trademark_dossier.html", allowed_files=files, **context)  # warm up
            renders, cpu = [], []
            for _ in range(RUNS):
                start, start_cpu = time.perf_counter(), time.process_time()
                pdf.render_pdf("pdf/trademark_dossier.html", allowed_files=files, **context)
                renders.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
            case_id, email = case.id, user.email
        client = app.test_client()
        client.post("/auth/login", data={"email": email, "password": "benchmark-1"})
        client.get(f"/cases/{case_id}/dossier.pdf")  # renders and stores it
        stored = []
        for _ in range(RUNS * 3):
            start = time.perf_counter()
            response = client.get(f"/cases/{case_id}/dossier.pdf")
            stored.append(time.perf_counter() - start)
            assert response.status_code == 200
        libreoffice = libreoffice_median(rendered, context["goods"], Path(folder))
    render, render_cpu = statistics.median(renders), statistics.median(cpu)
    pages = subprocess.run(["pdfinfo", "-"], input=rendered, capture_output=True, text=False).stdout.decode()
    page_count = next((line.split()[-1] for line in pages.splitlines() if line.startswith("Pages:")), "?")
    print(f"dossier render (6 classes, 40 items, logo, {page_count} pages), median of {RUNS}: {render * 1000:.0f} ms"
          f" (CPU {render_cpu * 1000:.0f} ms)  [target <= 300 ms]")
    if libreoffice is None:
        print("LibreOffice comparison skipped: soffice is not installed (make bench installs libreoffice-writer-nogui).")
    else:
        wall, lo_cpu = libreoffice
        print(f"LibreOffice converting a comparable .docx, median of {LIBREOFFICE_RUNS}: {wall * 1000:.0f} ms"
              f" (CPU {lo_cpu * 1000:.0f} ms); the dossier renders {wall / render:.1f}x as fast"
              f" (CPU {lo_cpu / render_cpu:.1f}x)  [target >= 3x]")
    print(f"stored dossier served, median of {RUNS * 3}: {statistics.median(stored) * 1000:.1f} ms  [target <= 20 ms]")


if __name__ == "__main__":
    main()
