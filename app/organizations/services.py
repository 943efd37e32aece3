"""Organization verbs (they change state and flush; the view commits) and the list's query."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm.attributes import set_committed_value

from app import audit, locking
from app.extensions import db
from app.models import Organization, User, utcnow
from app.text import fold, nfc


def register_organization(**fields) -> Organization:
    """A new organization, unverified until office or DOST staff check it; flushes."""
    for key in ("name", "address_line", "legal_representative"):
        if fields.get(key):
            fields[key] = nfc(fields[key])
    organization = Organization(verified=False, **fields)
    db.session.add(organization)
    db.session.flush()
    return organization


def create_organization(fields: dict, actor: User) -> Organization:
    """Staff add an organization (e.g. one that has no account yet); audited."""
    organization = register_organization(**fields)
    audit.record_change(organization, "create", actor)
    return organization


def update_organization(organization: Organization, fields: dict, actor: User | None = None, *,
                        seen_version: int | None = None) -> None:
    """Apply edited fields (text stored NFC); the change is audited. With `seen_version` (an edit
    form's), StaleVersion if someone saved the organization since (app/locking.py)."""
    if seen_version is not None:
        locking.claim(organization, seen_version)
        set_committed_value(organization, "version", seen_version + 1)  # what the claim wrote
    before = audit.snapshot(organization, tuple(fields))
    for key, value in fields.items():
        setattr(organization, key, nfc(value) if isinstance(value, str) else value)
    db.session.flush()
    audit.record_change(organization, "update", actor, before)


def verify_organization(organization: Organization, actor: User) -> None:
    """Staff confirm the organization is who it says it is."""
    organization.verified = True
    organization.verified_at = utcnow()
    organization.verified_by = actor
    db.session.flush()


def organization_query(search: str = "", unverified_only: bool = False) -> sa.Select:
    """Organizations for the staff list, unverified first, then by name; the search matches the
    folded name or tax code (app/models/search_keys.py)."""
    stmt = sa.select(Organization).order_by(Organization.verified, Organization.name, Organization.id)
    if unverified_only:
        stmt = stmt.where(Organization.verified.is_(False))
    if search:
        stmt = stmt.where(Organization.search_key.contains(fold(search), autoescape=True))
    return stmt
