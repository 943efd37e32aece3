"""Demo data of the annual report: applications filed in earlier years (so the trend and the
growth against the plan have something to show), yearly copyright / related-rights /
plant-variety counts with their source, and a product whose star rating changed.

``seed_report_demo()`` runs once the demo organizations, products and users exist. It changes
nothing when its data is already there, flushes and never commits.
"""
from __future__ import annotations

from datetime import date, datetime, timezone

import sqlalchemy as sa

from app.audit import record_change, snapshot
from app.auth.services import find_user_by_email
from app.cases import workflow
from app.cases.workflow import PastEvent
from app.demo.base import CONSULTANT_EMAIL
from app.extensions import db
from app.models import Case, CaseKind, CaseStatus, ManualCount, Organization, Product, ReportMetric

DEMO_SOURCE = "Số liệu minh họa (dữ liệu mẫu), thay bằng số liệu của Cục Bản quyền tác giả / Cục Trồng trọt"
#: (year, copyright, related rights, plant varieties)
MANUAL = ((2020, 14, 2, 1), (2021, 15, 2, 1), (2022, 15, 3, 1), (2023, 16, 3, 2), (2024, 17, 3, 2), (2025, 17, 3, 2))
#: (organization tax code, product name, or the title of a case without a product, or None for the
#: organization's name; kind, filed on, outcome, outcome date)
HISTORY = (
    ("6300456789", "Rượu nếp than", CaseKind.TRADEMARK, date(2020, 6, 12), CaseStatus.GRANTED, date(2021, 9, 20)),
    ("6300567890", "Chanh không hạt Tân Long", CaseKind.TRADEMARK, date(2020, 9, 3), CaseStatus.GRANTED, date(2022, 1, 10)),
    ("6300678901", "Bánh in Út Mai", CaseKind.TRADEMARK, date(2021, 3, 18), CaseStatus.REFUSED, date(2022, 8, 2)),
    ("6300789012", "Thảm lục bình", CaseKind.TRADEMARK, date(2021, 11, 25), CaseStatus.GRANTED, date(2023, 2, 14)),
    ("6300345678", "Bưởi Năm Roi sấy", CaseKind.TRADEMARK, date(2022, 4, 7), CaseStatus.GRANTED, date(2023, 6, 30)),
    ("6300345678", None, CaseKind.COLLECTIVE, date(2022, 8, 19), CaseStatus.GRANTED, date(2024, 3, 8)),
    ("6300123456", "Kẹo khóm Hỏa Tiến", CaseKind.TRADEMARK, date(2023, 2, 9), CaseStatus.WITHDRAWN, date(2023, 7, 1)),
    ("6300567890", "Trà mãng cầu", CaseKind.TRADEMARK, date(2023, 5, 22), CaseStatus.GRANTED, date(2024, 10, 15)),
    ("6300234567", "Nước mắm cá linh Út Hiền", CaseKind.TRADEMARK, date(2023, 10, 2), CaseStatus.GRANTED, date(2025, 1, 20)),
    ("6300456789", "Rượu khóm Nàng Hai", CaseKind.TRADEMARK, date(2024, 1, 15), CaseStatus.GRANTED, date(2025, 4, 11)),
    ("6300678901", "Lạp xưởng tươi Út Mai", CaseKind.TRADEMARK, date(2024, 6, 6), CaseStatus.GRANTED, date(2025, 11, 3)),
    # a certification mark belongs to a body that does not trade the goods (DOST), not to a cooperative
    ("1800156999", "Lục bình Hậu Giang", CaseKind.CERTIFICATION, date(2024, 12, 16), CaseStatus.SUBSTANTIVE_EXAMINATION,
     date(2025, 7, 1)),
    ("6300345678", "Tinh dầu vỏ bưởi Phú Hữu", CaseKind.TRADEMARK, date(2025, 3, 12), CaseStatus.GRANTED, date(2026, 6, 18)),
    # a GI is the State's, filed by DOST, and named after the product and its place, never after a cooperative
    ("1800156999", "Chanh không hạt Long Mỹ", CaseKind.GI, date(2025, 9, 29), CaseStatus.PUBLISHED, date(2026, 1, 15)),
    ("6300123456", "Giấm khóm", CaseKind.TRADEMARK, date(2026, 3, 3), CaseStatus.FORMALITY_ACCEPTED, date(2026, 4, 20)),
)
TRANSITION = {CaseStatus.GRANTED: "grant", CaseStatus.REFUSED: "refuse", CaseStatus.WITHDRAWN: "withdraw",
              CaseStatus.SUBSTANTIVE_EXAMINATION: "publish", CaseStatus.PUBLISHED: "publish",
              CaseStatus.FORMALITY_ACCEPTED: "accept_formality"}


def _at(day: date) -> datetime:
    """A moment of `day` in UTC (10:00 in Vietnam), for events dated in the past."""
    return datetime(day.year, day.month, day.day, 3, 0, tzinfo=timezone.utc)


def seed_report_demo() -> bool:
    """Add the report's demo data unless it is there; True if something was added."""
    if db.session.scalar(sa.select(ManualCount.id).where(ManualCount.source == DEMO_SOURCE).limit(1)) is not None:
        return False
    consultant = find_user_by_email(CONSULTANT_EMAIL)
    _seed_manual_counts(consultant)
    organizations = {o.tax_code: o for o in db.session.scalars(sa.select(Organization))}
    products = {p.name: p for p in db.session.scalars(sa.select(Product))}
    for n, row in enumerate(HISTORY, start=1):
        _seed_past_case(n, row, organizations, products, consultant)
    _raise_stars(products.get("Bưởi Năm Roi sấy"), consultant)
    db.session.flush()
    return True


def _seed_manual_counts(consultant) -> None:
    """MANUAL: the yearly counts kept outside the app, entered by the consultant."""
    for year, *counts in MANUAL:
        for metric, count in zip((ReportMetric.COPYRIGHT, ReportMetric.RELATED_RIGHTS, ReportMetric.PLANT_VARIETY),
                                 counts):
            db.session.add(ManualCount(year=year, metric=metric, count=count, source=DEMO_SOURCE,
                                       note="Dữ liệu mẫu", entered_by=consultant))


def _seed_past_case(n: int, row: tuple, organizations: dict, products: dict, consultant) -> None:
    """The `n`th case of HISTORY (`row`): filed, then its outcome, with its events; skipped when
    the database lacks the row's organization."""
    tax_code, product_name, kind, filed, outcome, decided = row
    organization = organizations.get(tax_code)
    if organization is None:
        return
    product = products.get(product_name) if product_name else None
    title = (product_name or organization.name).upper()
    granted = outcome == CaseStatus.GRANTED
    case = Case(kind=kind, organization=organization, title=title, status=outcome, consultant=consultant,
                products=[product] if product else [], application_number=f"4-{filed.year}-9{n:04d}",
                filing_date=filed, grant_date=decided if granted else None,
                certificate_number=f"4-04{n:05d}-000" if granted else None,
                expiry_date=date(filed.year + 10, filed.month, filed.day) if granted else None)
    db.session.add(case)
    db.session.flush()
    history = [PastEvent("create", None, CaseStatus.DRAFT, filed),
               PastEvent("approve", CaseStatus.DRAFT, CaseStatus.APPROVED, filed),
               PastEvent("file", CaseStatus.APPROVED, CaseStatus.FILED, filed),
               PastEvent(TRANSITION[outcome], CaseStatus.FILED, outcome, decided)]
    workflow.load_past_history(case, history, consultant, "Dữ liệu mẫu cho báo cáo năm", recorded_at=_at)


def _raise_stars(product: Product | None, consultant) -> None:
    """A product rated 3 stars until a re-evaluation raised it to 4 (kept by the audit trail)."""
    if product is not None and product.stars == 3:
        before = snapshot(product, ("stars",))
        product.stars = 4
        record_change(product, "update", consultant, before)
