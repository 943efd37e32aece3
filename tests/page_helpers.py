"""Reading HTML pages in tests: the errors shown next to a form field; and the audit trail of a table."""
from __future__ import annotations

import html
import re

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry


def errors_next_to(response, field_id: str) -> list[str]:
    """The error messages shown right below a field (before the next field starts)."""
    page = response.get_data(as_text=True)
    start = page.index(f'id="{field_id}"')
    ends = [i for i in (page.find('<div class="mb-3">', start), page.find('<div class="form-check', start),
                        page.find("</form>", start)) if i != -1]
    chunk = page[start:min(ends)]
    return [html.unescape(m) for m in re.findall(r'<div class="invalid-feedback d-block">(.*?)</div>', chunk)]


def audit_entries(entity: str) -> list[AuditEntry]:
    """The audit entries recorded for a table (e.g. "fee_rates"), oldest first."""
    return list(db.session.scalars(sa.select(AuditEntry).where(AuditEntry.entity == entity).order_by(AuditEntry.id)))
