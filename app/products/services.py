"""Registry verbs and queries: the filtered product list, product edits, referrals, figures.

Like every service here they flush and never commit; the view commits once.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import contains_eager
from sqlalchemy.orm.attributes import set_committed_value

from app import clock, locking, pagination
from app.audit import record_change, snapshot
from app.cases import services as case_services
from app.deadlines.calendar import add_months
from app.deadlines.services import validity_period
from app.extensions import db
from app.models import (
    CaseKind,
    Organization,
    Product,
    ProductGroup,
    ProductReferral,
    ReferralStatus,
    User,
    utcnow,
)
from app.products import ip_status
from app.security import scope_to_user
from app.text import fold, nfc
from app.wizard.eligibility import refusal_to_start

PAGE_SIZE = pagination.PAGE_SIZE
MAX_PAGE_SIZE = 200
#: product fields an edit may change (and the audit trail records)
PRODUCT_FIELDS = ("name", "organization_id", "group", "stars", "certificate_number", "certificate_issued_on",
                  "certificate_expires_on", "ward_code")
#: sortable columns of the list: name in the query string -> SQL expression
SORTS = {
    "name": Product.name,
    "organization": Organization.name,
    "group": Product.group,
    "stars": Product.stars,
    "ward": Product.ward_code,
    "certificate": Product.certificate_number,
    "expires": Product.certificate_expires_on,
}


@dataclass
class ProductFilters:
    """The list's filters, read from the query string (shared by the list, export and API)."""

    q: str = ""
    ward: int | None = None
    group: ProductGroup | None = None
    stars: int | None = None
    expiring_days: int | None = None
    ip: str = ""
    organization: int | None = None
    sort: str = "name"
    descending: bool = False
    ids: list[int] = field(default_factory=list)

    @classmethod
    def from_args(cls, args) -> "ProductFilters":
        def integer(name, low=None, high=None):
            try:
                value = int(args.get(name, ""))
            except ValueError:
                return None
            if (low is not None and value < low) or (high is not None and value > high):
                return None
            return value

        try:
            group = ProductGroup(args.get("group", ""))
        except ValueError:
            group = None
        sort = args.get("sort", "name")
        ip = args.get("ip", "")
        return cls(
            q=nfc(args.get("q", "").strip())[:200],
            ward=integer("ward"),
            group=group,
            stars=integer("stars", 3, 5),
            expiring_days=integer("expiring", 0, 3650),
            ip=ip if ip_status.clause_for(ip) is not None else "",
            organization=integer("organization"),
            sort=sort if sort.lstrip("-") in SORTS else "name",
            descending=sort.startswith("-"),
        )

    def args(self, **changes) -> dict:
        """The query-string arguments reproducing these filters (with changes), for links."""
        values = {"q": self.q, "ward": self.ward, "group": self.group.value if self.group else None,
                  "stars": self.stars, "expiring": self.expiring_days, "ip": self.ip,
                  "organization": self.organization, "sort": ("-" if self.descending else "") + self.sort.lstrip("-")}
        values.update(changes)
        return {key: value for key, value in values.items() if value not in (None, "")}


def filtered_query(filters: ProductFilters, user: User | None, *, today: date | None = None) -> sa.Select:
    """Products matching the filters, visible to the user, with their organization, sorted."""
    stmt = sa.select(Product).join(Product.organization).options(contains_eager(Product.organization))
    if user is not None:
        stmt = scope_to_user(stmt, Product, user)
    if filters.q:
        stmt = stmt.where(Product.search_text.contains(fold(filters.q), autoescape=True))
    if filters.ward is not None:
        stmt = stmt.where(Product.ward_code == filters.ward)
    if filters.group is not None:
        stmt = stmt.where(Product.group == filters.group)
    if filters.stars is not None:
        stmt = stmt.where(Product.stars == filters.stars)
    if filters.organization is not None:
        stmt = stmt.where(Product.organization_id == filters.organization)
    if filters.expiring_days is not None:
        today = today or clock.today()
        stmt = stmt.where(Product.certificate_expires_on.is_not(None),
                          Product.certificate_expires_on <= today + timedelta(days=filters.expiring_days))
    if filters.ip:
        stmt = stmt.where(ip_status.clause_for(filters.ip))
    column = SORTS[filters.sort.lstrip("-")]
    order = column.desc() if filters.descending else column.asc()
    return stmt.order_by(order, Product.id)


@dataclass
class Page(pagination.Page):
    """A page of products with their IP statuses."""

    ip: dict[int, ip_status.ProductIp] = field(default_factory=dict)


def paginate(filters: ProductFilters, user: User | None, page: int = 1, per_page: int = PAGE_SIZE) -> Page:
    """One page of the filtered list and its IP statuses: five queries, whatever the page size."""
    per_page = max(1, min(per_page, MAX_PAGE_SIZE))
    found = pagination.paginate(filtered_query(filters, user), page, per_page)
    return Page(found.items, found.total, found.page, found.per_page, ip_status.for_products(p.id for p in found.items))


# --- Product edits -------------------------------------------------------------------------

def ocop_validity_months() -> int | None:
    """How long an OCOP certificate lasts, in months: the validity_periods row "ocop_certificate"
    (36 months, Decision 148/QĐ-TTg), which an admin keeps."""
    period = validity_period("ocop_certificate")
    return period.months if period else None


def default_expiry(issued_on: date | None) -> date | None:
    """The certificate's expiry counted from its issue date (None when either is unknown)."""
    months = ocop_validity_months()
    return add_months(issued_on, months) if issued_on and months else None


def create_product(actor: User, **values) -> Product:
    product = Product(**_clean(values))
    db.session.add(product)
    db.session.flush()
    record_change(product, "create", actor)
    return product


def update_product(product: Product, actor: User, *, seen_version: int | None = None, **values) -> bool:
    """Apply changed values; True if something changed (recorded in the audit trail). With
    `seen_version` (an edit form's), StaleVersion if someone saved the product since (app/locking.py)."""
    if seen_version is not None:
        locking.claim(product, seen_version)
        set_committed_value(product, "version", seen_version + 1)  # what the claim wrote
    before = snapshot(product, PRODUCT_FIELDS)
    for name, value in _clean(values).items():
        setattr(product, name, value)
    return record_change(product, "update", actor, before) is not None


def _clean(values: dict) -> dict:
    values = dict(values)
    if isinstance(values.get("name"), str):
        values["name"] = nfc(values["name"].strip())
    if isinstance(values.get("certificate_number"), str):
        values["certificate_number"] = nfc(values["certificate_number"].strip()) or None
    if values.get("certificate_issued_on") and not values.get("certificate_expires_on"):
        values["certificate_expires_on"] = default_expiry(values["certificate_issued_on"])
    return values


# --- Referrals to DOST ---------------------------------------------------------------------

class ReferralError(Exception):
    """A referral that cannot be handled any more (already accepted or closed)."""


def refer_products(products: list[Product], actor: User, note: str, kind: CaseKind = CaseKind.TRADEMARK
                   ) -> list[ProductReferral]:
    """Flag products "needs IP support": one open referral each (products already flagged are skipped)."""
    already = set(db.session.scalars(
        sa.select(ProductReferral.product_id).where(
            ProductReferral.product_id.in_([p.id for p in products]), ProductReferral.status == ReferralStatus.OPEN)
    ))
    created = []
    for product in products:
        if product.id in already:
            continue
        referral = ProductReferral(product=product, note=nfc(note.strip()), suggested_kind=kind, created_by=actor,
                                   status=ReferralStatus.OPEN)
        db.session.add(referral)
        created.append(referral)
    db.session.flush()
    return created


class KindNotAllowed(Exception):
    """The suggested kind of application is not open to the product's organization."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def accept_referral(referral: ProductReferral, actor: User):
    """Start a draft case of the suggested kind for the producer, covering the product."""
    if referral.status != ReferralStatus.OPEN:
        raise ReferralError()
    product = referral.product
    refusal = refusal_to_start(referral.suggested_kind, product.organization)
    if refusal:
        raise KindNotAllowed(refusal)
    # the accepting consultant takes charge of it (in the history) as it is started
    # named after its product, so the producer tells it apart from its own drafts
    case = case_services.start_case(referral.suggested_kind, product.organization, actor, [product], title=product.name)
    referral.status = ReferralStatus.ACCEPTED
    referral.case = case
    referral.handled_by = actor
    referral.handled_at = utcnow()
    db.session.flush()
    return case


def close_referral(referral: ProductReferral, actor: User, reason: str) -> None:
    if referral.status != ReferralStatus.OPEN:
        raise ReferralError()
    referral.status = ReferralStatus.CLOSED
    referral.close_reason = nfc(reason.strip())
    referral.handled_by = actor
    referral.handled_at = utcnow()
    db.session.flush()


def referral_counts() -> dict[ReferralStatus, int]:
    rows = db.session.execute(sa.select(ProductReferral.status, sa.func.count()).group_by(ProductReferral.status))
    counts = dict.fromkeys(ReferralStatus, 0)
    counts.update(dict(rows.all()))
    return counts


def open_referrals_count() -> int:
    """Requests for IP support waiting for DOST (for the consultant dashboard)."""
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(ProductReferral).where(ProductReferral.status == ReferralStatus.OPEN)
    ) or 0


# --- Figures for the office dashboard and the annual report ---------------------------------

def registry_figures(today: date | None = None) -> dict:
    """Counts by IP status, group, stars and ward; expiring certificates; share of 4–5★ protected."""
    today = today or clock.today()
    count = sa.func.count(Product.id)

    def scalar(stmt) -> int:
        return db.session.scalar(stmt) or 0

    by_group_and_stars = db.session.execute(
        sa.select(Product.group, Product.stars, count).group_by(Product.group, Product.stars)).all()
    by_group, by_stars = defaultdict(int), defaultdict(int)
    for group, stars, n in by_group_and_stars:
        by_group[group] += n
        by_stars[stars] += n
    total = sum(by_group.values())
    top = sum(n for stars, n in by_stars.items() if stars is not None and stars >= 4)
    covered = ip_status.counts_by_status(today, top_stars=4)
    by_status = {status: covered.get((status, True), 0) + covered.get((status, False), 0)
                 for status in ip_status.IpStatus}
    by_status[ip_status.IpStatus.NONE] = total - sum(by_status.values())
    needs_support = scalar(sa.select(count).where(ip_status.needs_support_clause()))
    by_ward = db.session.execute(sa.select(Product.ward_code, count).group_by(Product.ward_code)).all()
    horizon = today + timedelta(days=90)
    expiring = list(db.session.scalars(
        sa.select(Product).join(Product.organization).options(contains_eager(Product.organization))
        .where(Product.certificate_expires_on.is_not(None), Product.certificate_expires_on >= today,
               Product.certificate_expires_on <= horizon)
        .order_by(Product.certificate_expires_on, Product.id)
    ).unique())
    top_protected = covered.get((ip_status.IpStatus.PROTECTED, True), 0)
    return {
        "total": total,
        "by_status": by_status,
        "needs_support": needs_support,
        "by_group": sorted(by_group.items(), key=lambda item: item[0].title),
        "by_stars": sorted(by_stars.items()),
        "by_ward": sorted(((code, n) for code, n in by_ward), key=lambda item: -item[1]),
        "expiring": expiring,
        "top_rated": top,
        "top_rated_protected": top_protected,
        "top_rated_share": (top_protected / top) if top else None,
        "referrals": referral_counts(),
    }


def province_code() -> int:
    return current_app.config["DEFAULT_PROVINCE_CODE"]
