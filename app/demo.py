"""Demo data: organizations and OCOP products in the former Hậu Giang area (now Cần Thơ).

Loaded by ``flask seed-demo`` (``make run`` does it once). It is all-or-nothing
and runs only while the demo admin account does not exist, so running it again
changes nothing. Demo accounts therefore exist only where demo data was loaded.
"""
from __future__ import annotations

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
    if find_user_by_email(ACCOUNTS[0].email) is not None:
        return False
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

    consultant = users["tuvan@demo.ocop.vn"]
    _demo_case(CaseKind.TRADEMARK, "Nhãn hiệu “Khóm Cầu Đúc Hỏa Tiến”", organizations["6300123456"],
               [products["Khóm Cầu Đúc Hậu Giang"]], users["htx@demo.ocop.vn"], consultant, [])
    _demo_case(CaseKind.TRADEMARK, "Nhãn hiệu “Út Hiền”", organizations["6300234567"],
               [products["Mắm cá lóc Út Hiền"]], users["hokinhdoanh@demo.ocop.vn"], consultant, ["submit"])
    db.session.flush()
    return True


def _demo_case(kind, title, organization, products, producer, consultant, transitions) -> Case:
    case = Case(kind=kind, title=title, organization=organization, products=products,
                created_by=producer, consultant=consultant)
    db.session.add(case)
    db.session.flush()
    workflow.record_creation(case, producer)
    for name in transitions:
        workflow.transition(case, name, producer)
    return case
