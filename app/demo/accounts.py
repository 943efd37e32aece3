"""The demo's people and their first products: the five demo accounts, the organizations they
work for (plus two without an account) and six OCOP products of the former Hậu Giang area."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.auth import services as auth_services
from app.auth.passwords import DEMO_PASSWORD
from app.demo.base import CONSULTANT_EMAIL, create_demo_organization
from app.extensions import db
from app.models import Organization, OrganizationKind, Product, ProductGroup, Role


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    role: Role
    phone: str
    organization_tax_code: str | None = None


ACCOUNTS = (
    DemoAccount("admin@demo.ocop.vn", "Quản trị hệ thống", Role.ADMIN, "0292 3870 001"),
    DemoAccount(CONSULTANT_EMAIL, "Lê Minh Tư (Sở KH&CN)", Role.CONSULTANT, "0292 3870 002"),
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


def demo_accounts_exist() -> bool:
    """True where demo data was loaded: the demo admin account is created with it, and only then."""
    return auth_services.find_user_by_email(ACCOUNTS[0].email) is not None


def seed_organizations() -> dict[str | None, Organization]:
    """The demo organizations, keyed by tax code (the unregistered honey group under None)."""
    organizations: dict[str | None, Organization] = {}
    for spec in ORGANIZATIONS:
        organizations[spec["tax_code"]] = create_demo_organization(spec)
    return organizations


def seed_products(organizations: dict[str | None, Organization]) -> dict[str, Product]:
    """The demo organizations' OCOP products, keyed by name."""
    products: dict[str, Product] = {}
    for spec in PRODUCTS:
        organization = organizations[spec["org"]]
        product = Product(
            name=spec["name"], organization=organization, group=spec["group"], stars=spec["stars"],
            certificate_number=spec["certificate_number"], certificate_issued_on=spec["issued"],
            certificate_expires_on=spec["expires"], ward_code=organization.ward_code,
        )
        db.session.add(product)
        products[spec["name"]] = product
    return products


def seed_users(organizations: dict[str | None, Organization]) -> dict:
    """The demo accounts (all with DEMO_PASSWORD, in Vietnamese), keyed by email."""
    users = {}
    for account in ACCOUNTS:
        users[account.email] = auth_services.create_user(
            email=account.email, full_name=account.full_name, password=DEMO_PASSWORD, role=account.role,
            phone=account.phone.replace(" ", ""), locale="vi",
            organization=organizations[account.organization_tax_code] if account.organization_tax_code else None,
        )
    return users
