"""Organization verbs: change state and flush; the view commits."""
from __future__ import annotations

from app.extensions import db
from app.models import Organization, User, utcnow
from app.text import nfc


def update_organization(organization: Organization, fields: dict) -> None:
    """Apply edited fields (text stored NFC)."""
    for key, value in fields.items():
        setattr(organization, key, nfc(value) if isinstance(value, str) else value)
    db.session.flush()


def verify_organization(organization: Organization, actor: User) -> None:
    """Staff confirm the organization is who it says it is."""
    organization.verified = True
    organization.verified_at = utcnow()
    organization.verified_by = actor
    db.session.flush()
