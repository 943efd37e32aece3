"""The folded search keys of cases and organizations, kept current on every flush.

A list search is then one LIKE on one indexed column, identical on SQLite and PostgreSQL
("khom cau duc" finds "Khóm Cầu Đúc"): no row is loaded to be filtered in Python. On PostgreSQL
a pg_trgm GIN index answers the substring search ('%x%'); SQLite has no trigram index, so
there the search reads the narrow search-key index instead of the table (see the README).
`Product.search_text` is kept the same way by app/models/registry.py.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.models.case import Case
from app.models.organization import Organization
from app.models.product import Product
from app.text import fold

#: the attributes a case's key is made of: a flush recomputes it only when one of them changed
CASE_KEY_FIELDS = ("title", "application_number", "certificate_number", "organization_id")


def case_search_key(case: Case, organization: Organization | None) -> str:
    """Title (the mark's wording), application and certificate numbers, organization name."""
    parts = [case.title, case.application_number, case.certificate_number,
             organization.name if organization is not None else ""]
    return fold(" ".join(part for part in parts if part))[:500]


def organization_search_key(organization: Organization) -> str:
    return fold(" ".join(part for part in (organization.name, organization.tax_code) if part))[:250]


def _changed(obj, names) -> bool:
    state = sa.inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in names)


@event.listens_for(Session, "before_flush")
def _keep_search_keys_current(session: Session, _context, _instances) -> None:
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, Case) and (obj in session.new or _changed(obj, CASE_KEY_FIELDS)):
            organization = obj.organization
            if organization is None and obj.organization_id is not None:
                organization = session.get(Organization, obj.organization_id)
            obj.search_key = case_search_key(obj, organization)
        elif isinstance(obj, Organization):
            obj.search_key = organization_search_key(obj)
            if obj not in session.new and _changed(obj, ("name",)):
                for case in obj.cases:
                    case.search_key = case_search_key(case, obj)


def _trigram_index(name: str, column: sa.Column) -> sa.Index:
    """A GIN trigram index, on PostgreSQL only: it serves LIKE '%x%' for substrings of 3+ letters."""
    return sa.Index(name, column, postgresql_using="gin",
                    postgresql_ops={column.name: "gin_trgm_ops"}).ddl_if(dialect="postgresql")


_trigram_index("ix_cases_search_key_trgm", Case.__table__.c.search_key)
_trigram_index("ix_organizations_search_key_trgm", Organization.__table__.c.search_key)
_trigram_index("ix_products_search_text_trgm", Product.__table__.c.search_text)
