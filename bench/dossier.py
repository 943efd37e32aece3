"""Benchmark: render a full trademark dossier (6 classes, 40 items, logo), and serve a stored one.

Run with `make bench`. Prints figures; asserts nothing (speed goals are not tests).
Targets on the development machine: render <= 0.3 s, stored <= 20 ms.
"""
from __future__ import annotations

import io
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

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


def main() -> None:
    logging.disable(logging.INFO)  # migration chatter would bury the figures
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/bench.sqlite3", UPLOAD_DIR=f"{folder}/uploads")
        with app.app_context(), app.test_request_context():
            upgrade()
            case, user = build_case()
            context = dossier.dossier_context(case)
            files = [case.current_file(FilePurpose.MARK_IMAGE)]
            pdf.render_pdf("pdf/trademark_dossier.html", allowed_files=files, **context)  # warm up
            renders = []
            for _ in range(RUNS):
                start = time.perf_counter()
                pdf.render_pdf("pdf/trademark_dossier.html", allowed_files=files, **context)
                renders.append(time.perf_counter() - start)
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
    print(f"dossier render (6 classes, 40 items, logo), median of {RUNS}: {statistics.median(renders) * 1000:.0f} ms"
          f"  [target <= 300 ms]")
    print(f"stored dossier served, median of {RUNS * 3}: {statistics.median(stored) * 1000:.1f} ms  [target <= 20 ms]")


if __name__ == "__main__":
    main()
