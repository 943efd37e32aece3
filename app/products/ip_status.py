"""IP status of OCOP products, derived from cases and today's date, never typed by hand.

A granted title is in force for its term only (a mark: until its expiry date, counted from
filing and pushed back by each recorded renewal; a GI: without a term):

- protected ("đã được bảo hộ"): a GRANTED case covers the product and its term runs today;
- grace ("hết hạn — đang trong thời hạn gia hạn muộn"): the term ended, but the owner may still
  renew late (ValidityPeriod "mark_late_renewal" after expiry); shown, clearly marked;
- pending ("đang đăng ký"): a case covering it is being prepared or is pending at the IP office;
- lapsed ("không còn được bảo hộ"): a covering title ended (late-renewal period over, renewal
  refused, surrendered or invalidated), and nothing better covers it;
- none ("chưa đăng ký"): no case at all.

A product takes the best status among its cases, in that order. Independently, the office's flag
"needs IP support" ("cần hỗ trợ SHTT") is an open referral to DOST (app/models/registry.py). The
SQL filters, the per-page lookup and the per-case answer all live here, so the list, the export,
the API, the catalogue, the verification page, the dashboards and the report agree.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app import clock
from app.deadlines import services as deadlines
from app.deadlines.calendar import add_months
from app.extensions import db
from app.models import Case, CaseStatus, Product, ProductReferral, ReferralStatus, case_products
from app.models.base import TitledEnum
from app.models.case import IN_PREPARATION, PENDING_AT_OFFICE, PROTECTION_ENDED

PENDING_STATUSES = IN_PREPARATION | PENDING_AT_OFFICE


class IpStatus(TitledEnum):
    """In order of precedence: a product shows the first that one of its cases has."""

    PROTECTED = "protected", _l("Protected")
    GRACE = "grace", _l("Expired: in the late-renewal period")
    PENDING = "pending", _l("Being registered")
    LAPSED = "lapsed", _l("No longer protected")
    NONE = "none", _l("Not registered")

    @property
    def badge(self) -> str:
        return {IpStatus.PROTECTED: "success", IpStatus.GRACE: "danger", IpStatus.PENDING: "warning",
                IpStatus.LAPSED: "dark", IpStatus.NONE: "secondary"}[self]

    @property
    def shown_publicly(self) -> bool:
        """The catalogue and the QR page show the title (in grace too, marked as such)."""
        return self in (IpStatus.PROTECTED, IpStatus.GRACE)


PRECEDENCE = tuple(IpStatus)
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
    #: the expiry date of the title that gives the status (protected or grace); None for a GI
    expires_on: date | None = None
    #: in grace: the last day a late renewal may be filed
    late_renewal_until: date | None = None


def late_renewal_months() -> int:
    """How long a mark may still be renewed after its expiry (ValidityPeriod "mark_late_renewal";
    without that row, no late period at all). Read once by the bulk lookups, not once per case."""
    period = deadlines.validity_period("mark_late_renewal")
    return period.months if period else 0


def case_status_on(status: CaseStatus, expiry: date | None, day: date,
                   late_months: int | None = None) -> IpStatus | None:
    """What one case gives a product on `day` (None: nothing, e.g. a refused or withdrawn case).
    `late_months` is late_renewal_months(), passed by callers judging many cases."""
    if status == CaseStatus.GRANTED:
        if expiry is None or day <= expiry:
            return IpStatus.PROTECTED
        months = late_renewal_months() if late_months is None else late_months
        return IpStatus.GRACE if day <= add_months(expiry, months) else IpStatus.LAPSED
    if status in PROTECTION_ENDED:
        return IpStatus.LAPSED
    if status in PENDING_STATUSES:
        return IpStatus.PENDING
    return None


def of_case(case: Case) -> IpStatus | None:
    """A case's own status today (the catalogue and the QR page mark each title with it)."""
    return case_status_on(case.status, case.expiry_date, clock.today())


def best(statuses) -> IpStatus:
    """The status given the statuses its cases give a product."""
    found = set(statuses)
    return next((s for s in PRECEDENCE if s in found), IpStatus.NONE)


def _earliest_expiry_in_grace(today: date) -> date:
    """The earliest expiry date whose late-renewal period still runs today (month ends make
    "6 months back" ambiguous, so it is found by the same counting as late_renewal_end)."""
    months = late_renewal_months()
    day = add_months(today, -months)
    while add_months(day - timedelta(days=1), months) >= today:
        day -= timedelta(days=1)
    while add_months(day, months) < today:
        day += timedelta(days=1)
    return day


def _case_condition(status: IpStatus, today: date) -> sa.ColumnElement[bool]:
    """The SQL condition for a case giving `status` today (mirrors case_status_on)."""
    granted = Case.status == CaseStatus.GRANTED
    grace_from = _earliest_expiry_in_grace(today)
    return {
        IpStatus.PROTECTED: sa.and_(granted, sa.or_(Case.expiry_date.is_(None), Case.expiry_date >= today)),
        IpStatus.GRACE: sa.and_(granted, Case.expiry_date < today, Case.expiry_date >= grace_from),
        IpStatus.PENDING: Case.status.in_(list(PENDING_STATUSES)),
        IpStatus.LAPSED: sa.or_(Case.status.in_(list(PROTECTION_ENDED)),
                                sa.and_(granted, Case.expiry_date < grace_from)),
    }[status]


def _covered_by(status: IpStatus, today: date) -> sa.ColumnElement[bool]:
    """The outer query's Product is covered by a case giving `status` today.

    An uncorrelated IN (computed once) rather than a correlated EXISTS: SQLite and
    PostgreSQL both plan it well over tens of thousands of products.
    """
    return Product.id.in_(
        sa.select(case_products.c.product_id)
        .join(Case, Case.id == case_products.c.case_id)
        .where(_case_condition(status, today))
    )


def status_clause(status: IpStatus, today: date | None = None) -> sa.ColumnElement[bool]:
    """Products whose status is `status` today: covered by such a case and by none better."""
    today = today or clock.today()
    better = PRECEDENCE[:PRECEDENCE.index(status)]
    if status == IpStatus.NONE:
        return sa.not_(sa.or_(*(_covered_by(s, today) for s in better)))
    return sa.and_(_covered_by(status, today), *(sa.not_(_covered_by(s, today)) for s in better))


def counts_by_status(today: date | None = None, top_stars: int = 4) -> dict[tuple[IpStatus, bool], int]:
    """How many products have each status today, split by whether they have at least `top_stars` stars:
    {(status, top rated): count}, in one aggregate (each product's best case, then products by it),
    where one count per status made SQLite read every product and case once per status. Products
    without a case giving any status are not counted here (NONE is the rest of the total)."""
    today = today or clock.today()
    rank = sa.case(*[(_case_condition(status, today), position)
                     for position, status in enumerate(PRECEDENCE) if status != IpStatus.NONE])
    best_case = (sa.select(case_products.c.product_id.label("product_id"), sa.func.min(rank).label("rank"))
                 .join(Case, Case.id == case_products.c.case_id).group_by(case_products.c.product_id).subquery())
    top = (Product.stars >= top_stars).label("top")
    rows = db.session.execute(sa.select(best_case.c.rank, top, sa.func.count())
                              .join(Product, Product.id == best_case.c.product_id)
                              .where(best_case.c.rank.is_not(None)).group_by(best_case.c.rank, top))
    return {(PRECEDENCE[position], bool(is_top)): count for position, is_top, count in rows}


def protected_clause() -> sa.ColumnElement[bool]:
    return status_clause(IpStatus.PROTECTED)


def _shown_publicly_case(today: date) -> sa.ColumnElement[bool]:
    """A case giving PROTECTED or GRACE today: granted, without expiry or expired no earlier than
    the start of the late-renewal period (the two conditions of _case_condition in one range of
    the (status, expiry_date) index)."""
    return sa.and_(Case.status == CaseStatus.GRANTED,
                   sa.or_(Case.expiry_date.is_(None), Case.expiry_date >= _earliest_expiry_in_grace(today)))


def shown_publicly_clause() -> sa.ColumnElement[bool]:
    """Products the public catalogue lists: protected, or in the late-renewal period (marked); one
    IN over the granted cases rather than two (SQLite built the set of products twice)."""
    return Product.id.in_(sa.select(case_products.c.product_id).join(Case, Case.id == case_products.c.case_id)
                          .where(_shown_publicly_case(clock.today())))


def count_shown_publicly() -> int:
    """How many products the catalogue lists without a search, counted over the granted cases alone
    (distinct products) rather than by reading every product."""
    return db.session.scalar(
        sa.select(sa.func.count(sa.distinct(case_products.c.product_id)))
        .join(Case, Case.id == case_products.c.case_id).where(_shown_publicly_case(clock.today()))) or 0


def needs_support_clause() -> sa.ColumnElement[bool]:
    return Product.id.in_(
        sa.select(ProductReferral.product_id).where(ProductReferral.status == ReferralStatus.OPEN)
    )


def clause_for(value: str) -> sa.ColumnElement[bool] | None:
    """The SQL condition for an IP-status filter value (None for an unknown value)."""
    if value == NEEDS_SUPPORT:
        return needs_support_clause()
    status = next((s for s in IpStatus if s.value == value), None)
    return status_clause(status) if status is not None else None


def for_products(product_ids) -> dict[int, ProductIp]:
    """IP status of a page of products today in two queries (for a few hundred ids at most: see
    for_query for a whole list)."""
    ids = list(product_ids)
    result = {pid: ProductIp() for pid in ids}
    if ids:
        result.update(_lookup(case_products.c.product_id.in_(ids), ProductReferral.product_id.in_(ids)))
    return result


def for_query(products: sa.Select) -> dict[int, ProductIp]:
    """IP status today of the products a query selects (the export's 50,000), in three queries;
    a product without case or referral is missing (its status is ProductIp()'s).

    The products go to the database as a subquery, not as a list of ids: given an IN list longer
    than its tables, SQLite's planner walks the cases in id order and probes every id for each
    case (cases x products: 2 minutes for 50,000 products and 10,000 cases).
    """
    ids = products.with_only_columns(Product.id)
    return _lookup(case_products.c.product_id.in_(ids), ProductReferral.product_id.in_(ids))


def _lookup(covered: sa.ColumnElement[bool], referred: sa.ColumnElement[bool]) -> dict[int, ProductIp]:
    """ProductIp of the products with a case matching `covered` or an open referral matching
    `referred`; the late-renewal period is read once, whatever the number of cases."""
    today, late_months = clock.today(), late_renewal_months()
    found: dict[int, list[tuple[IpStatus, int, str | None, date | None]]] = {}
    rows = db.session.execute(
        sa.select(case_products.c.product_id, Case.id, Case.status, Case.certificate_number, Case.expiry_date)
        .join(Case, Case.id == case_products.c.case_id)
        .where(covered)
    )
    # ordered here, not by the database: an ORDER BY cases.id lets the planner choose that walk
    for product_id, case_id, status, certificate, expiry in sorted(rows, key=lambda row: row[1]):
        given = case_status_on(status, expiry, today, late_months)
        if given is not None:
            found.setdefault(product_id, []).append((given, case_id, certificate, expiry))
    result: dict[int, ProductIp] = {}
    for product_id, cases in found.items():
        info = result[product_id] = ProductIp(status=best(given for given, *_ in cases))
        for given, case_id, certificate, expiry in cases:
            info.case_ids.append(case_id)
            if given == info.status and given.shown_publicly:
                info.expires_on = expiry
                info.late_renewal_until = add_months(expiry, late_months) if given == IpStatus.GRACE else None
                if certificate:
                    info.certificate_numbers.append(certificate)
    flagged = db.session.scalars(
        sa.select(ProductReferral.product_id).where(referred, ProductReferral.status == ReferralStatus.OPEN)
    )
    for product_id in flagged:
        result.setdefault(product_id, ProductIp()).needs_support = True
    return result


def for_product(product: Product) -> ProductIp:
    return for_products([product.id])[product.id]
