"""Who may apply for which kind of right: one rule, asked by the start page, the applicant
step and the acceptance of an office referral."""
from __future__ import annotations

from flask_babel import gettext as _

from app.forms import cited
from app.models import CaseKind, Organization, OrganizationKind

#: the legal forms that may own a collective mark (IP Law Art. 87(3): a lawfully established collective)
COLLECTIVE_ORGANIZATION_KINDS = frozenset({
    OrganizationKind.COOPERATIVE, OrganizationKind.COOPERATIVE_GROUP, OrganizationKind.ASSOCIATION,
})


def refusal_to_start(kind: CaseKind, organization: Organization) -> str | None:
    """Why this organization cannot apply for this kind of right, or None.

    Only a collective organization may own a collective mark (IP Law Art. 87(3)); the other
    kinds are open to any organization (a certification mark's applicant is warned in its
    wizard; a GI is filed for the State, often by DOST)."""
    if kind == CaseKind.COLLECTIVE and organization.kind not in COLLECTIVE_ORGANIZATION_KINDS:
        return str(cited(_("Only a collective organization (cooperative, cooperative group, association…) may "
                             "register a collective mark; %(organization)s is registered here as: %(kind)s.",
                             organization=organization.name, kind=organization.kind.title), _("IP Law Art. 87(3)")))
    return None
