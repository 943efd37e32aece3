"""Demo data: organizations and OCOP products in the former Hậu Giang area (now Cần Thơ).

Loaded by ``flask seed-demo`` (``make run`` does it once). It is all-or-nothing
and runs only while the demo admin account does not exist, so running it again
changes nothing. Demo accounts therefore exist only where demo data was loaded.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from app import addresses
from app.auth import services as auth_services
from app.auth.services import find_user_by_email
from app.cases import workflow
from app.extensions import db
from app.models import Case, CaseKind, Organization, OrganizationKind, Product, ProductGroup, Role

DEMO_PASSWORD = "DemoOCOP2030"
CAN_THO = 92


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    role: Role
    phone: str
    organization_tax_code: str | None = None


ACCOUNTS = (
    DemoAccount("admin@demo.ocop.vn", "Quản trị hệ thống", Role.ADMIN, "0292 3870 001"),
    DemoAccount("tuvan@demo.ocop.vn", "Lê Minh Tư (Sở KH&CN)", Role.CONSULTANT, "0292 3870 002"),
    DemoAccount("vanphong@demo.ocop.vn", "Phạm Thu Vân (VP Điều phối NTM)", Role.OFFICE, "0292 3870 003"),
    DemoAccount("htx@demo.ocop.vn", "Nguyễn Văn Khóm", Role.PRODUCER, "0912 345 678", "6300123456"),
    DemoAccount("hokinhdoanh@demo.ocop.vn", "Trần Thị Hiền", Role.PRODUCER, "0987 654 321", "6300234567"),
)

ORGANIZATIONS = (
    dict(name="Hợp tác xã Khóm Cầu Đúc Hỏa Tiến", kind=OrganizationKind.COOPERATIVE, tax_code="6300123456",
         ward="Phường Vị Tân", address_line="Ấp Thạnh Lợi", legal_representative="Nguyễn Văn Khóm",
         phone="02933871234", email="htxkhomcauduc@example.vn", verified=True),
    dict(name="Hộ kinh doanh Mắm cá lóc Út Hiền", kind=OrganizationKind.HOUSEHOLD_BUSINESS, tax_code="6300234567",
         ward="Xã Phụng Hiệp", address_line="Ấp Mỹ Hiệp", legal_representative="Trần Thị Hiền",
         phone="0987654321", email=None, verified=True),
    dict(name="Hợp tác xã Bưởi Năm Roi Phú Hữu", kind=OrganizationKind.COOPERATIVE, tax_code="6300345678",
         ward="Xã Phú Hữu", address_line="Ấp Phú Lợi", legal_representative="Võ Văn Bưởi",
         phone="02933950111", email=None, verified=True),
    dict(name="Tổ hợp tác Mật ong rừng tràm Long Mỹ", kind=OrganizationKind.COOPERATIVE_GROUP, tax_code=None,
         ward="Phường Long Mỹ", address_line="Khu vực 4", legal_representative="Đặng Văn Ong",
         phone="0909111222", email=None, verified=False),
)

PRODUCTS = (
    dict(org="6300123456", name="Khóm Cầu Đúc Hậu Giang", group=ProductGroup.FOOD, stars=4,
         certificate_number="148/QĐ-UBND-2024-01", issued=date(2024, 3, 15), expires=date(2027, 3, 15)),
    dict(org="6300123456", name="Mứt khóm Cầu Đúc", group=ProductGroup.FOOD, stars=3,
         certificate_number="148/QĐ-UBND-2024-02", issued=date(2024, 3, 15), expires=date(2027, 3, 15)),
    dict(org="6300123456", name="Nước ép khóm Cầu Đúc", group=ProductGroup.DRINKS, stars=3,
         certificate_number="2210/QĐ-UBND-2023-07", issued=date(2023, 12, 20), expires=date(2026, 12, 20)),
    dict(org="6300234567", name="Mắm cá lóc Út Hiền", group=ProductGroup.FOOD, stars=3,
         certificate_number="2210/QĐ-UBND-2023-11", issued=date(2023, 12, 20), expires=date(2026, 12, 20)),
    dict(org="6300345678", name="Bưởi Năm Roi Phú Hữu", group=ProductGroup.FOOD, stars=4,
         certificate_number="148/QĐ-UBND-2024-05", issued=date(2024, 3, 15), expires=date(2027, 3, 15)),
    dict(org=None, name="Mật ong rừng tràm Long Mỹ", group=ProductGroup.FOOD, stars=3,
         certificate_number=None, issued=None, expires=None),
)


def seed() -> bool:
    """Create the demo data unless it is already there; True if something was created."""
    from app.demo_kinds import kind_cases_present, seed_kind_cases

    if find_user_by_email(ACCOUNTS[0].email) is not None:
        if kind_cases_present():
            return False
        seed_kind_cases()  # a demo database from before these wizards existed
        return True
    organizations: dict[str | None, Organization] = {}
    for spec in ORGANIZATIONS:
        spec = dict(spec)
        ward_code = addresses.ward_code_by_name(CAN_THO, spec.pop("ward"))
        verified = spec.pop("verified")
        organization = auth_services.create_organization(province_code=CAN_THO, ward_code=ward_code, **spec)
        organization.verified = verified
        organizations[spec["tax_code"]] = organization
    honey = organizations[None]

    products: dict[str, Product] = {}
    for spec in PRODUCTS:
        organization = organizations[spec["org"]] if spec["org"] else honey
        product = Product(
            name=spec["name"], organization=organization, group=spec["group"], stars=spec["stars"],
            certificate_number=spec["certificate_number"], certificate_issued_on=spec["issued"],
            certificate_expires_on=spec["expires"], ward_code=organization.ward_code,
        )
        db.session.add(product)
        products[spec["name"]] = product

    users = {}
    for account in ACCOUNTS:
        users[account.email] = auth_services.create_user(
            email=account.email, full_name=account.full_name, password=DEMO_PASSWORD, role=account.role,
            phone=account.phone.replace(" ", ""), locale="vi",
            organization=organizations[account.organization_tax_code] if account.organization_tax_code else None,
        )

    seed_trademark_cases(organizations, products, users)
    from app.registry_demo import seed_registry

    seed_registry(organizations, users)
    seed_kind_cases()
    from app.reports.demo import seed_report_demo; seed_report_demo()  # noqa: E702 (the annual report's data)
    db.session.flush()
    return True


# --- Trademark applications at every stage of the review ---------------------------------

DEMO_TRADEMARKS = (
    # (wording, product, colours, stage); stages: draft, submitted, changes_requested, approved
    ("KHÓM CẦU ĐÚC HỎA TIẾN", "Khóm Cầu Đúc Hậu Giang", (232, 178, 20), "draft"),
    ("MỨT KHÓM CẦU ĐÚC", "Mứt khóm Cầu Đúc", (196, 98, 16), "submitted"),
    ("NƯỚC ÉP KHÓM CẦU ĐÚC", "Nước ép khóm Cầu Đúc", (38, 140, 60), "changes_requested"),
    ("KHÓM VỊ THANH", "Khóm Cầu Đúc Hậu Giang", (20, 110, 170), "approved"),
)
TERMS_BY_PRODUCT = {
    "Khóm Cầu Đúc Hậu Giang": [("Khóm (dứa) tươi", 31), ("Trái cây tươi", 31)],
    "Mứt khóm Cầu Đúc": [("Mứt trái cây", 29), ("Trái cây sấy", 29), ("Kẹo", 30)],
    "Nước ép khóm Cầu Đúc": [("Nước ép trái cây", 32), ("Nước giải khát không cồn", 32)],
    "Mắm cá lóc Út Hiền": [("Mắm (cá lên men)", 29), ("Nước mắm", 30)],
    "Bưởi Năm Roi Phú Hữu": [("Bưởi tươi", 31), ("Trái cây tươi", 31)],
}


def demo_logo(wording: str, colour: tuple[int, int, int]) -> bytes:
    """A simple logo: a coloured disc and the mark's words, 1200 × 900 px (prints 80 mm wide)."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    from app.documents.pdf import FONT_DIR

    image = Image.new("RGB", (1200, 900), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((450, 60, 750, 360), fill=colour)
    draw.polygon([(600, 20), (560, 90), (640, 90)], fill=(40, 120, 40))
    font = ImageFont.truetype(str(FONT_DIR / "LiberationSerif-Bold.ttf"), 84)
    words = wording.split()
    lines = [" ".join(words[: len(words) // 2 + len(words) % 2]), " ".join(words[len(words) // 2 + len(words) % 2:])]
    for row, line in enumerate(filter(None, lines)):
        width = draw.textlength(line, font=font)
        draw.text(((1200 - width) / 2, 430 + row * 110), line, fill=(30, 30, 30), font=font)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def term_ids(*terms: tuple[str, int]) -> list[str]:
    """The ids (as form values) of Nice terms of the seeded list, by wording and class."""
    import sqlalchemy as sa

    from app.models import NiceTerm

    found = (db.session.scalar(sa.select(NiceTerm.id).where(NiceTerm.term_vi == term, NiceTerm.nice_class == klass))
             for term, klass in terms)
    return [str(term_id) for term_id in found if term_id]


def fill_wizard(case: Case, actor, inputs: dict, files: dict | None = None, up_to: str | None = None) -> None:
    """Fill the case's wizard steps in order as a user would, through the wizard's own save and
    validation (stopping after `up_to`); fails loudly if demo input no longer passes the checks.
    `inputs`: {step: {field: value or [values]}}; `files`: {step: {field: (bytes, file name)}}."""
    from werkzeug.datastructures import FileStorage, MultiDict

    from app.wizard import services as wizard_services
    from app.wizard import steps as wizard_steps

    for step in wizard_steps.steps_for(case):
        uploads = MultiDict()
        for field_name, (content, filename) in (files or {}).get(step.name, {}).items():
            uploads[field_name] = FileStorage(stream=io.BytesIO(content), filename=filename)
        data = MultiDict([(key, value) for key, values in inputs[step.name].items()
                          for value in (values if isinstance(values, list) else [values])])
        result = wizard_services.save_step(case, step, data, uploads, actor, None, csrf=False)
        assert result.valid, (case.kind, step.name, result.form.errors)
        if step.name == up_to:
            break


def _fill_case(case: Case, producer, product_name: str, wording: str, colour, up_to: str | None = None) -> None:
    """Fill a demo trademark case as its producer would."""
    organization = case.organization
    inputs = {
        "applicant": {"applicant_kind": "organization", "name": organization.name, "address": organization.address,
                      "tax_code": organization.tax_code or "", "phone": organization.phone or producer.phone,
                      "email": organization.email or producer.email},
        "products": {"products": [str(p.id) for p in case.products]},
        "mark": {"wording": wording, "mark_form": "combined", "colour_mode": "colour",
                 "colours": "vàng, xanh lá cây, đen",
                 "description": f"Nhãn hiệu gồm chữ {wording} in hoa, bên trên là hình trái khóm cách điệu.",
                 "meaning": ""},
        "goods": {"terms": term_ids(*TERMS_BY_PRODUCT[product_name])},
        "priority": {"priority_basis": "none", "representative_kind": "none"},
        "review": {"signatory_name": organization.legal_representative, "signatory_title": "Giám đốc",
                   "signing_place": "Cần Thơ"},
    }
    fill_wizard(case, producer, inputs, {"mark": {"mark_image": (demo_logo(wording, colour), "logo.png")}}, up_to)


def seed_trademark_cases(organizations, products, users) -> None:
    """Cases of the demo cooperative at each stage, each with a logo, so every screen has content."""
    from flask import current_app

    from app.cases import services as case_services
    from app.wizard import services as wizard_services

    producer = users["htx@demo.ocop.vn"]
    consultant = users["tuvan@demo.ocop.vn"]
    with current_app.test_request_context():
        plan = [(w, p, c, stage, producer) for w, p, c, stage in DEMO_TRADEMARKS]
        plan.append(("ÚT HIỀN", "Mắm cá lóc Út Hiền", (150, 40, 40), "approved", users["hokinhdoanh@demo.ocop.vn"]))
        # Filed cases for the tracking screens (the Bưởi cooperative has no account: DOST prepares them).
        plan.append(("BƯỞI NĂM ROI PHÚ HỮU", "Bưởi Năm Roi Phú Hữu", (120, 170, 40), "approved", consultant))
        plan.append(("CẦU ĐÚC", "Khóm Cầu Đúc Hậu Giang", (210, 150, 20), "approved", producer))
        cases = {}
        for wording, product_name, colour, stage, owner in plan:
            organization = products[product_name].organization
            case = wizard_services.start_case(CaseKind.TRADEMARK, organization, owner, [products[product_name]])
            cases[wording] = case
            case.consultant = consultant
            if stage == "draft":  # half done: the producer still has goods, priority and review to fill
                _fill_case(case, owner, product_name, wording, colour, up_to="mark")
                continue
            _fill_case(case, owner, product_name, wording, colour)
            problems = wizard_services.submit(case, owner)
            assert not problems, problems
            if stage == "changes_requested":
                case_services.add_comment(case, consultant, "Bổ sung thêm sản phẩm nước ép đóng chai vào danh mục nhóm 32.", "goods")
                workflow.transition(case, "request_changes", consultant, "Xem góp ý ở bước Sản phẩm, dịch vụ.")
            elif stage == "approved":
                workflow.transition(case, "approve", consultant, "Hồ sơ đầy đủ, sẵn sàng nộp.")
        seed_filed_cases(cases, consultant)


def seed_filed_cases(cases: dict, consultant) -> None:
    """Filed cases under both legal regimes, with deadlines overdue, due this week and later,
    counted from the day the demo data is loaded."""
    from datetime import date, timedelta

    from app.cases import lifecycle
    from app.deadlines.calendar import add_months
    from app import clock

    now = clock.today()

    def record(case, name, day, **details):
        lifecycle.record_event(case, name, consultant, {"event_date": day, **details})

    # Filed before 1 Apr 2026 (acceptance decision, 9-month examination), then granted.
    granted = cases["CẦU ĐÚC"]
    record(granted, "file", date(2024, 5, 10), application_number="4-2024-21587", filing_channel="online")
    record(granted, "accept_formality", date(2024, 6, 20))
    record(granted, "publish", date(2024, 8, 15), gazette_issue="437A")
    record(granted, "intend_grant", date(2025, 6, 2))
    record(granted, "pay_grant_fees", date(2025, 6, 20))
    record(granted, "grant", date(2025, 9, 10), certificate_number="4-0512345-000")
    # Filed before 1 Apr 2026 and published: substantive examination expected later.
    published = cases["BƯỞI NĂM ROI PHÚ HỮU"]
    record(published, "file", date(2026, 2, 10), application_number="4-2026-02791", filing_channel="paper")
    record(published, "accept_formality", date(2026, 3, 20))
    record(published, "publish", date(2026, 5, 15), gazette_issue="458A")
    # Filed under Law 131/2025: the answer to a formality notice is overdue.
    overdue = cases["KHÓM VỊ THANH"]
    record(overdue, "file", now - timedelta(days=100), application_number=f"4-{(now - timedelta(days=100)).year}-10452",
           filing_channel="online")
    record(overdue, "formality_notice", add_months(now, -2) - timedelta(days=5))
    # Filed under Law 131/2025: the answer is due within the week.
    due_soon = cases["ÚT HIỀN"]
    record(due_soon, "file", now - timedelta(days=90), application_number=f"4-{(now - timedelta(days=90)).year}-10977",
           filing_channel="online")
    record(due_soon, "formality_notice", add_months(now, -2) + timedelta(days=3))
