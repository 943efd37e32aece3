"""Demo data of the OCOP product registry: about 30 products across wards, groups, star ratings
and IP statuses, certificates expiring soon, one open referral, two products in the public catalogue.

`seed_registry(organizations, users)` runs once the demo accounts' organizations (keyed by tax
code; the unregistered honey group under None), products and users (keyed by email) exist.
It flushes and never commits.
"""
from __future__ import annotations

from datetime import date, timedelta

from app import clock
from app.cases import workflow
from app.demo.base import CONSULTANT_EMAIL, create_demo_organization
from app.extensions import db
from app.models import (
    Case,
    CaseKind,
    CaseStatus,
    Organization,
    OrganizationKind,
    Product,
    ProductGroup,
    ProductReferral,
    ReferralStatus,
)
from app.products.services import default_expiry
from app.verification import ensure_verification

MORE_ORGANIZATIONS = (
    dict(name="Công ty TNHH Rượu Đế Nàng Hai", kind=OrganizationKind.ENTERPRISE, tax_code="6300456789",
         ward="Xã Vị Thủy", address_line="Ấp 3", legal_representative="Lê Thị Hai"),
    dict(name="Hợp tác xã Nông nghiệp Tân Long", kind=OrganizationKind.COOPERATIVE, tax_code="6300567890",
         ward="Phường Ngã Bảy", address_line="Khu vực 2", legal_representative="Huỳnh Văn Long"),
    dict(name="Cơ sở Bánh pía Út Mai", kind=OrganizationKind.HOUSEHOLD_BUSINESS, tax_code="6300678901",
         ward="Xã Châu Thành", address_line="Ấp Phú Xuân", legal_representative="Ngô Thị Mai"),
    dict(name="Hợp tác xã Lục bình Thạnh Hòa", kind=OrganizationKind.COOPERATIVE, tax_code="6300789012",
         ward="Xã Phụng Hiệp", address_line="Ấp Thạnh Hòa", legal_representative="Trương Văn Bình"),
)

# (organization tax code, name, group, stars, certificate suffix or None, issued months ago)
MORE_PRODUCTS = (
    ("6300123456", "Khóm sấy dẻo Cầu Đúc", ProductGroup.FOOD, 4, "01", 30),
    ("6300123456", "Kẹo khóm Hỏa Tiến", ProductGroup.FOOD, 3, "02", 34),
    ("6300234567", "Nước mắm cá linh Út Hiền", ProductGroup.FOOD, 3, "03", 20),
    ("6300345678", "Bưởi Năm Roi sấy", ProductGroup.FOOD, 3, "04", 12),
    ("6300345678", "Tinh dầu vỏ bưởi Phú Hữu", ProductGroup.HERBAL, 4, "05", 18),
    ("6300456789", "Rượu đế Nàng Hai", ProductGroup.DRINKS, 4, "06", 33),
    ("6300456789", "Rượu khóm Nàng Hai", ProductGroup.DRINKS, 3, "07", 10),
    ("6300456789", "Rượu nếp than", ProductGroup.DRINKS, 3, "08", 25),
    ("6300567890", "Gạo thơm Tân Long", ProductGroup.FOOD, 4, "09", 8),
    ("6300567890", "Chanh không hạt Tân Long", ProductGroup.FOOD, 3, "10", 14),
    ("6300567890", "Trà mãng cầu", ProductGroup.DRINKS, 3, "11", 34),
    ("6300567890", "Du lịch sinh thái vườn Tân Long", ProductGroup.TOURISM, 3, "12", 6),
    ("6300678901", "Bánh pía sầu riêng Út Mai", ProductGroup.FOOD, 4, "13", 22),
    ("6300678901", "Bánh in Út Mai", ProductGroup.FOOD, 3, "14", 16),
    ("6300789012", "Giỏ lục bình Thạnh Hòa", ProductGroup.HANDICRAFT, 4, "15", 28),
    ("6300789012", "Thảm lục bình", ProductGroup.HANDICRAFT, 3, "16", 11),
    ("6300789012", "Chậu kiểng bonsai mai vàng", ProductGroup.ORNAMENTAL, 3, "17", 19),
    ("6300789012", "Túi xách lục bình", ProductGroup.HANDICRAFT, 5, "18", 9),
    (None, "Sáp ong rừng tràm", ProductGroup.HERBAL, 3, "19", 35),
    (None, "Phấn hoa tràm", ProductGroup.HERBAL, 3, None, 0),
    ("6300234567", "Khô cá lóc Út Hiền", ProductGroup.FOOD, 4, "20", 33),
    ("6300345678", "Mứt vỏ bưởi", ProductGroup.FOOD, 3, "21", 4),
    ("6300123456", "Giấm khóm", ProductGroup.FOOD, 3, "22", 2),
    ("6300678901", "Lạp xưởng tươi Út Mai", ProductGroup.FOOD, 3, "23", 35),
)

#: (product, kind, status, certificate number or None): granted ones appear in the public catalogue
DEMO_CASES = (
    ("Rượu đế Nàng Hai", CaseKind.TRADEMARK, CaseStatus.GRANTED, "4-0481234-000"),
    ("Giỏ lục bình Thạnh Hòa", CaseKind.COLLECTIVE, CaseStatus.GRANTED, "4-0479876-000"),
    ("Gạo thơm Tân Long", CaseKind.TRADEMARK, CaseStatus.SUBSTANTIVE_EXAMINATION, None),
    ("Bánh pía sầu riêng Út Mai", CaseKind.TRADEMARK, CaseStatus.FILED, None),
)


def seed_registry(organizations: dict, users: dict) -> None:
    """Add the registry's demo data (flushes; the caller commits)."""
    today = clock.today()
    orgs: dict = dict(organizations)
    for spec in MORE_ORGANIZATIONS:
        orgs[spec["tax_code"]] = create_demo_organization(spec)
    products = _seed_more_products(orgs, today)
    db.session.flush()
    _seed_cases(products, users.get(CONSULTANT_EMAIL), today)
    db.session.add(ProductReferral(
        product=products["Bánh in Út Mai"], suggested_kind=CaseKind.TRADEMARK, status=ReferralStatus.OPEN,
        note="Sản phẩm 3 sao, bán ở chợ Vị Thanh, chưa có nhãn hiệu; cơ sở đề nghị được hướng dẫn.",
        created_by=users.get("vanphong@demo.ocop.vn"),
    ))
    db.session.flush()


def _seed_more_products(organizations: dict, today: date) -> dict[str, Product]:
    """MORE_PRODUCTS, their certificates issued some months before `today`; keyed by name."""
    products: dict[str, Product] = {}
    for tax_code, name, group, stars, suffix, months_ago in MORE_PRODUCTS:
        organization: Organization = organizations[tax_code]
        issued = today - timedelta(days=int(months_ago * 30.4)) if suffix else None
        product = Product(
            name=name, organization=organization, group=group, stars=stars, ward_code=organization.ward_code,
            certificate_number=f"OCOP-HG-{issued.year}-{suffix}" if suffix else None,
            certificate_issued_on=issued, certificate_expires_on=default_expiry(issued),
        )
        db.session.add(product)
        products[name] = product
    return products


def _seed_cases(products: dict[str, Product], consultant, today: date) -> None:
    """DEMO_CASES, created directly at their status; granted products get a catalogue entry."""
    for product_name, kind, status, certificate in DEMO_CASES:
        product = products[product_name]
        case = Case(kind=kind, organization=product.organization, title=product_name.upper(), status=status,
                    products=[product], consultant=consultant, certificate_number=certificate,
                    grant_date=today - timedelta(days=200) if certificate else None,
                    expiry_date=date(today.year + 9, 6, 1) if certificate else None)
        db.session.add(case)
        db.session.flush()
        workflow.record_creation(case, consultant)
        if status == CaseStatus.GRANTED:
            ensure_verification(product)
