"""IP status of OCOP products, derived from cases, never typed by hand.

- protected ("đã được bảo hộ"): a GRANTED case covers the product (its certificate number is shown);
- pending ("đang đăng ký"): a case covering it is being prepared or is pending at the IP office;
- none ("chưa đăng ký"): neither.

Independently, the office's flag "needs IP support" ("cần hỗ trợ SHTT") is an open referral
to DOST (app/models/registry.py). Both the SQL filters and the per-page lookup live here, so
the list, the export, the API and the dashboard agree.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.models import Case, CaseStatus, Product, ProductReferral, ReferralStatus, case_products
from app.models.base import TitledEnum
from app.models.case import IN_PREPARATION, PENDING_AT_OFFICE

PENDING_STATUSES = IN_PREPARATION | PENDING_AT_OFFICE


class IpStatus(TitledEnum):
    PROTECTED = "protected", _l("Protected")
    PENDING = "pending", _l("Being registered")
    NONE = "none", _l("Not registered")

    @property
    def badge(self) -> str:
        return {IpStatus.PROTECTED: "success", IpStatus.PENDING: "warning", IpStatus.NONE: "secondary"}[self]


NEEDS_SUPPORT_TITLE = _l("Needs IP support")
#: the value of the list's IP-status filter that selects flagged products
NEEDS_SUPPORT = "needs_support"


@dataclass
class ProductIp:
    """What the registry shows about one product's IP."""

    status: IpStatus = IpStatus.NONE
    certificate_numbers: list[str] = field(default_factory=list)
    case_ids: list[int] = field(default_factory=list)
    needs_support: bool = False


def _covered_by(statuses) -> sa.ColumnElement[bool]:
    """The outer query's Product is covered by a case in one of `statuses`.

    An uncorrelated IN (computed once) rather than a correlated EXISTS: SQLite and
    PostgreSQL both plan it well over tens of thousands of products.
    """
    return Product.id.in_(
        sa.select(case_products.c.product_id)
        .join(Case, Case.id == case_products.c.case_id)
        .where(Case.status.in_(list(statuses)))
    )


def protected_clause() -> sa.ColumnElement[bool]:
    return _covered_by([CaseStatus.GRANTED])


def pending_clause() -> sa.ColumnElement[bool]:
    return sa.and_(sa.not_(protected_clause()), _covered_by(PENDING_STATUSES))


def none_clause() -> sa.ColumnElement[bool]:
    return sa.not_(_covered_by(PENDING_STATUSES | {CaseStatus.GRANTED}))


def needs_support_clause() -> sa.ColumnElement[bool]:
    return Product.id.in_(
        sa.select(ProductReferral.product_id).where(ProductReferral.status == ReferralStatus.OPEN)
    )


def clause_for(value: str) -> sa.ColumnElement[bool] | None:
    """The SQL condition for an IP-status filter value (None for an unknown value)."""
    return {
        IpStatus.PROTECTED.value: protected_clause,
        IpStatus.PENDING.value: pending_clause,
        IpStatus.NONE.value: none_clause,
        NEEDS_SUPPORT: needs_support_clause,
    }.get(value, lambda: None)()


def status_of(statuses: set[CaseStatus]) -> IpStatus:
    """The status given the statuses of the cases covering a product."""
    if CaseStatus.GRANTED in statuses:
        return IpStatus.PROTECTED
    if statuses & PENDING_STATUSES:
        return IpStatus.PENDING
    return IpStatus.NONE


def for_products(product_ids) -> dict[int, ProductIp]:
    """IP status of many products in two queries, whatever their number."""
    ids = list(product_ids)
    result = {pid: ProductIp() for pid in ids}
    if not ids:
        return result
    statuses: dict[int, set[CaseStatus]] = {pid: set() for pid in ids}
    rows = db.session.execute(
        sa.select(case_products.c.product_id, Case.id, Case.status, Case.certificate_number)
        .join(Case, Case.id == case_products.c.case_id)
        .where(case_products.c.product_id.in_(ids))
        .order_by(Case.id)
    )
    for product_id, case_id, status, certificate in rows:
        statuses[product_id].add(status)
        info = result[product_id]
        if status == CaseStatus.GRANTED and certificate:
            info.certificate_numbers.append(certificate)
        if status == CaseStatus.GRANTED or status in PENDING_STATUSES:
            info.case_ids.append(case_id)
    for product_id, found in statuses.items():
        result[product_id].status = status_of(found)
    flagged = db.session.scalars(
        sa.select(ProductReferral.product_id).where(
            ProductReferral.product_id.in_(ids), ProductReferral.status == ReferralStatus.OPEN
        )
    )
    for product_id in flagged:
        result[product_id].needs_support = True
    return result


def for_product(product: Product) -> ProductIp:
    return for_products([product.id])[product.id]
