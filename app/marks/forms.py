"""Forms of the mark pre-check: the consultant's check and the register import."""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, FileField, SelectField, StringField
from wtforms.validators import ValidationError

from app.forms import BaseForm, choice_list, int_or_none, max_length, optional, required, strip_filter

_CLASS_LIST = re.compile(r"^\s*\d{1,2}(\s*[,;\s]\s*\d{1,2})*\s*$")
CLASSES_MESSAGE = _l("Write Nice classes as numbers from 1 to 45, separated by commas, e.g. 29, 30.")


def parse_classes(text: str | None) -> list[int]:
    """'29, 30' -> [29, 30]; ValueError (with CLASSES_MESSAGE) for anything else."""
    if not text or not text.strip():
        return []
    if not _CLASS_LIST.match(text):
        raise ValueError(CLASSES_MESSAGE)
    classes = sorted({int(n) for n in re.findall(r"\d+", text)})
    if any(not 1 <= n <= 45 for n in classes):
        raise ValueError(CLASSES_MESSAGE)
    return classes


class CheckForm(BaseForm):
    """Any sign and classes, checked at /marks/check (a GET form: nothing is changed)."""

    class Meta:
        csrf = False

    text = StringField(_l("Sign (the words of the mark)"), filters=[strip_filter],
                       validators=[required(), max_length(500)],
                       description=_l("As it will be written on the label, e.g. Khóm Cầu Đúc Hỏa Tiến."))
    classes = StringField(_l("Nice classes"), filters=[strip_filter], validators=[optional(), max_length(200)],
                          description=_l("Numbers separated by commas, e.g. 29, 30. Empty: any goods."))

    def validate_classes(self, field):
        try:
            self.nice_classes = parse_classes(field.data)
        except ValueError as error:
            raise ValidationError(str(error.args[0])) from error

    @property
    def class_list(self) -> list[int]:
        return getattr(self, "nice_classes", [])


class RegisterImportForm(BaseForm):
    """A file exported from a public search tool, and which tool it came from."""

    file = FileField(_l("Exported file (.xlsx or .csv)"))
    source = StringField(_l("Exported from"), filters=[strip_filter], validators=[required(), max_length(120)],
                         description=_l("e.g. IPLib (Cục Sở hữu trí tuệ), WIPO Global Brand Database"))

    def validate_file(self, field):
        if not getattr(field.data, "filename", ""):
            raise ValidationError(_l("Choose the file to import."))


class IndicationForm(BaseForm):
    """A protected geographical indication, as an admin keeps the list."""

    name = StringField(_l("Name of the indication"), filters=[strip_filter], validators=[required(), max_length(200)],
                       description=_l("As protected, e.g. Phú Quốc, Champagne."))
    product = StringField(_l("Product"), filters=[strip_filter], validators=[required(), max_length(200)])
    nice_class = SelectField(_l("Nice class of the product"), coerce=int_or_none,
                             choices=choice_list([(n, str(n)) for n in range(1, 46)], _l("— none —")))
    country = StringField(_l("Country"), filters=[strip_filter], validators=[required(), max_length(80)])
    basis = StringField(_l("Protected under"), filters=[strip_filter], validators=[required(), max_length(200)],
                        description=_l("e.g. registered in Vietnam; EVFTA (Annex 12-A); UKVFTA."))
    source = StringField(_l("Source"), filters=[strip_filter], validators=[required(), max_length(300)],
                         description=_l("Where the row was read: the register, the agreement's annex, a page."))
    confirmed = BooleanField(_l("Checked against the official list"))
    active = BooleanField(_l("Used by the pre-check"), default=True)

    def edited_fields(self) -> dict:
        """The indication's columns as the service saves them."""
        return {name: getattr(self, name).data for name in
                ("name", "product", "nice_class", "country", "basis", "source", "confirmed", "active")}
