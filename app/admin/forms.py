"""Admin forms: create and edit users."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, SelectField
from wtforms.validators import ValidationError

from app.auth.forms import AccountFieldsMixin, password_rules
from app.auth.services import find_user_by_email
from app.extensions import db
from app.forms import BaseForm, TrimmedStringField, choice_list, int_or_none, max_length, phone_number, required
from app.models import Organization, Role
from app.text import sort_key


class _RoleAndOrganization:
    """Role choice plus the organization a producer acts for."""

    role = SelectField(_l("Role"), choices=choice_list(Role.choices()), validators=[required()])
    organization_id = SelectField(
        _l("Organization (producers only)"),
        coerce=int_or_none,
        description=_l("A producer acts for exactly one organization; staff for none."),
    )

    def _load_organization_choices(self) -> None:
        organizations = db.session.execute(sa.select(Organization.id, Organization.name)).all()
        self.organization_id.choices = choice_list(
            sorted(((oid, name) for oid, name in organizations), key=lambda item: sort_key(item[1])),
            _l("— none —"),
        )

    def validate_role(self, field):
        # A contributor needs an agency, which this form does not ask for.
        if field.data == Role.CONTRIBUTOR.value:
            raise ValidationError(_l("Contributor accounts are added on their agency's page (Contributing agencies)."))

    def validate_organization_id(self, field):
        if self.role.data == Role.PRODUCER.value and field.data is None:
            raise ValidationError(_l("Choose the producer's organization."))
        if self.role.data != Role.PRODUCER.value and field.data is not None:
            raise ValidationError(_l("Only producers belong to an organization."))


class NewUserForm(AccountFieldsMixin, _RoleAndOrganization, BaseForm):
    password = PasswordField(
        _l("Initial password"),
        validators=password_rules(),
        description=_l("The user must change it at first login."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._load_organization_choices()

    def validate_email(self, field):
        # Said to an admin only: self-registration never tells whether an email is taken.
        if find_user_by_email(field.data) is not None:
            raise ValidationError(_l("This email is already registered."))


class EditUserForm(_RoleAndOrganization, BaseForm):
    full_name = TrimmedStringField(_l("Full name"), validators=[required(), max_length(120)])
    phone = TrimmedStringField(_l("Mobile phone"), validators=[phone_number()])
    active = BooleanField(_l("Active (may log in)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._load_organization_choices()
