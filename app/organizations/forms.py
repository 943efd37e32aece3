"""Organization form, shared by self-registration and organization editing."""
from __future__ import annotations

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField
from wtforms.validators import ValidationError

from app import addresses
from app.extensions import db
from app.forms import (
    BaseForm,
    TrimmedStringField,
    choice_list,
    email_address,
    int_or_none,
    max_length,
    optional,
    phone_number,
    required,
    required_choice,
    tax_code,
)
from app.models import Organization
from app.models.organization import OrganizationKind


class OrganizationForm(BaseForm):
    """Who the applicant is: name, legal form, tax code, address, representative."""

    #: the version the edit form was opened at (optimistic locking); unused when creating
    version = HiddenField()

    name = TrimmedStringField(
        _l("Organization name"),
        validators=[required(), max_length(200)],
        description=_l("The full name as on the business registration, e.g. Hợp tác xã Khóm Cầu Đúc."),
    )
    kind = SelectField(
        _l("Legal form"),
        choices=choice_list(OrganizationKind.choices()),
        validators=[required()],
    )
    tax_code = TrimmedStringField(
        _l("Tax code"),
        validators=[optional(), tax_code()],
        description=_l("10 digits, or 10 digits-3 digits for a branch. Leave empty if you have none yet."),
    )
    legal_representative = TrimmedStringField(
        _l("Legal representative"),
        validators=[required(), max_length(120)],
        description=_l("The person who signs for the organization, e.g. the cooperative's director."),
    )
    province_code = SelectField(_l("Province or city"), coerce=int_or_none, validators=[required_choice()])
    ward_code = SelectField(
        _l("Ward or commune"),
        coerce=int_or_none,
        validators=[required_choice()],
        description=_l("Since 1 July 2025 addresses have two levels: province and ward/commune."),
    )
    address_line = TrimmedStringField(
        _l("House number, street, hamlet"),
        validators=[required(), max_length(250)],
        description=_l("e.g. Ấp 3"),
    )
    org_phone = TrimmedStringField(_l("Organization phone"), validators=[optional(), phone_number()])
    org_email = TrimmedStringField(_l("Organization email"), validators=[optional(), max_length(254), email_address()])

    def __init__(self, *args, organization: Organization | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._organization = organization
        self.province_code.choices = choice_list(addresses.provinces(), _l("— choose —"))
        if not self.is_submitted() and self.province_code.data is None:
            self.province_code.data = current_app.config["DEFAULT_PROVINCE_CODE"]
        self.ward_code.choices = choice_list(addresses.wards(self.province_code.data or 0), _l("— choose —"))

    def validate_ward_code(self, field):
        if field.data is not None and addresses.ward_province(field.data) != self.province_code.data:
            raise ValidationError(_l("This ward is not in the chosen province."))

    def validate_tax_code(self, field):
        if not field.data:
            return
        stmt = sa.select(Organization.id).where(Organization.tax_code == field.data)
        if self._organization is not None:
            stmt = stmt.where(Organization.id != self._organization.id)
        if db.session.scalar(stmt) is not None:
            raise ValidationError(_l("An organization with this tax code is already registered."))

    def organization_fields(self) -> dict:
        """The form's data as Organization column values."""
        return {
            "name": self.name.data,
            "kind": OrganizationKind(self.kind.data),
            "tax_code": self.tax_code.data or None,
            "legal_representative": self.legal_representative.data,
            "province_code": self.province_code.data,
            "ward_code": self.ward_code.data,
            "address_line": self.address_line.data,
            "phone": self.org_phone.data or None,
            "email": self.org_email.data or None,
        }

    def fill_from(self, organization: Organization) -> None:
        """Prefill the fields on GET."""
        self.name.data = organization.name
        self.kind.data = organization.kind.value
        self.tax_code.data = organization.tax_code
        self.legal_representative.data = organization.legal_representative
        self.province_code.data = organization.province_code
        self.ward_code.choices = choice_list(addresses.wards(organization.province_code), _l("— choose —"))
        self.ward_code.data = organization.ward_code
        self.address_line.data = organization.address_line
        self.org_phone.data = organization.phone
        self.org_email.data = organization.email
