"""Forms of the product registry."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import FileField, HiddenField, SelectField, SelectMultipleField, TextAreaField
from wtforms.validators import ValidationError

from app import addresses
from app.extensions import db
from app.forms import (
    BaseForm,
    DayField,
    TrimmedStringField,
    choice_list,
    int_or_none,
    max_length,
    optional,
    required,
    required_choice,
)
from app.models import CaseKind, Product, ProductGroup
from app.products import services


class ProductForm(BaseForm):
    """Create or edit an OCOP product (producers: their own organization only)."""

    #: the version the edit form was opened at (optimistic locking); unused when creating
    version = HiddenField()

    name = TrimmedStringField(_l("Product name"), validators=[required(), max_length(200)])
    organization_id = SelectField(_l("Organization"), coerce=int_or_none, validators=[required_choice()])
    group = SelectField(_l("OCOP product group"), validators=[required_choice()])
    stars = SelectField(_l("Star rating"), coerce=int_or_none, validators=[required_choice()])
    ward_code = SelectField(_l("Ward or commune"), coerce=int_or_none, validators=[optional()])
    certificate_number = TrimmedStringField(_l("OCOP certificate number"), validators=[optional(), max_length(60)])
    certificate_issued_on = DayField(_l("Certificate issued on"), validators=[optional()])
    certificate_expires_on = DayField(
        _l("Certificate expires on"), validators=[optional()])

    def __init__(self, *args, product: Product | None = None, organizations=None, province_code: int = 92, **kwargs):
        super().__init__(*args, **kwargs)
        self.product = product
        self.organization_id.choices = choice_list(((o.id, o.name) for o in organizations or []), "")
        self.group.choices = choice_list(ProductGroup.choices(), "")
        self.stars.choices = choice_list(((n, _l("%(n)d stars", n=n)) for n in (3, 4, 5)), "")
        self.ward_code.choices = choice_list(addresses.wards(province_code), "")
        months = services.ocop_validity_months()
        if months:
            self.certificate_expires_on.description = _(
                "Left empty, it is computed from the issue date (OCOP certificates last %(months)d months).",
                months=months)

    def validate_group(self, field):
        if field.data and field.data not in {g.value for g in ProductGroup}:
            raise ValidationError(_l("Not a valid choice."))

    def validate_certificate_number(self, field):
        if not field.data:
            return
        other = db.session.scalar(sa.select(Product.id).where(Product.certificate_number == field.data))
        if other is not None and (self.product is None or other != self.product.id):
            raise ValidationError(_l("Another product already has this certificate number."))

    def validate_certificate_expires_on(self, field):
        issued = self.certificate_issued_on.data
        if field.data and issued and field.data <= issued:
            raise ValidationError(_l("The expiry date must be after the issue date."))

    def values(self) -> dict:
        return {
            "name": self.name.data,
            "organization_id": self.organization_id.data,
            "group": ProductGroup(self.group.data),
            "stars": self.stars.data,
            "ward_code": self.ward_code.data,
            "certificate_number": self.certificate_number.data or None,
            "certificate_issued_on": self.certificate_issued_on.data,
            "certificate_expires_on": self.certificate_expires_on.data,
        }


class ReferForm(BaseForm):
    """Flag one or many products "needs IP support" for DOST."""

    product_ids = SelectMultipleField(coerce=int, validate_choice=False)
    suggested_kind = SelectField(_l("Suggested kind of protection"), default=CaseKind.TRADEMARK.value,
                                 choices=choice_list(CaseKind.choices()))
    note = TextAreaField(_l("Note for DOST"), validators=[optional(), max_length(2000)])

    def validate_product_ids(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one product."))


class CloseReferralForm(BaseForm):
    reason = TextAreaField(_l("Reason"), validators=[required(), max_length(2000)])


class ImportUploadForm(BaseForm):
    file = FileField(_l("Spreadsheet (.xlsx or .csv)"))
