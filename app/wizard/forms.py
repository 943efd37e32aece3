"""One form per wizard step, each field with plain Vietnamese help: what it means, an example, why.

Forms take the case (``case=``) to build their choices and to check uploads;
they are rebuilt from saved raw input, so nothing here may depend on request state.
"""
from __future__ import annotations

import unicodedata

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, FieldList, Form, FormField, RadioField, SelectMultipleField, TextAreaField
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app import clock
from app.addresses import province_name
from app.deadlines.calendar import add_months
from app.deadlines.services import validity_period
from app.documents import storage
from app.extensions import db
from app.forms import (
    CITIZEN_ID_RE,
    BaseForm,
    DayField,
    TrimmedStringField,
    choice_list,
    cited,
    citizen_id,
    email_address,
    max_length,
    optional,
    phone_number,
    required,
    required_choice,
    required_if,
    tax_code,
)
from app.models import Case, FilePurpose, NiceTerm, OrganizationKind
from app.models.organization import TAX_CODE_RE
from app.text import fold, nfc


class StepForm(BaseForm):
    """A wizard step's form: knows its case; NFC-normalises every text input."""

    def __init__(self, *args, case: Case, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)

    def validate(self, extra_validators=None):
        for field in self:
            if isinstance(field.data, str):
                field.data = nfc(field.data)
        return super().validate(extra_validators)


class CaseFileField(FileField):
    """An upload stored as the case's file for `purpose` as soon as the step is saved.

    The input carries its size limit, so that app/static/js/uploads.js refuses a file too large
    before the form is sent: a request over MAX_CONTENT_LENGTH would be refused whole (413) and
    what was typed on the step lost with it."""

    def __init__(self, *args, purpose: FilePurpose, **kwargs):
        self.purpose = purpose
        super().__init__(*args, **kwargs)

    def __call__(self, **kwargs):
        limit = storage.size_limit(self.purpose)
        kwargs.setdefault("data-max-bytes", limit)
        kwargs.setdefault("data-too-large", _(
            "This file is larger than %(limit)s and cannot be uploaded. Choose a smaller file: "
            "what you typed on this page is kept.", limit=storage.human_size(limit)))
        return super().__call__(**kwargs)


#: the longest answer to one part of a regulation or GI description, in characters
LONG_ANSWER_MAX = 4000


def long_answer(label, description, *, is_required: bool, rows: int = 4) -> TextAreaField:
    """A text area for one part of a document the user writes (regulation on use, GI description)."""
    validators = [required(), max_length(LONG_ANSWER_MAX)] if is_required else [max_length(LONG_ANSWER_MAX)]
    return TextAreaField(label, validators=validators, description=description, render_kw={"rows": rows})


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


# --- 1. Applicant --------------------------------------------------------------------


def _is_organization(form) -> bool:
    return form.applicant_kind.data == "organization"


def _is_individual(form) -> bool:
    return form.applicant_kind.data == "individual"


def _has_name(form) -> bool:
    return bool(form.name.data)


def tax_code_or_citizen_id(form, field):
    """A co-applicant or member identified by a tax code (10 or 10-3 digits) or a CCCD (12 digits)."""
    if field.data and not (TAX_CODE_RE.match(field.data) or CITIZEN_ID_RE.match(field.data)):
        raise ValidationError(_l("Give a tax code (10 digits, or 10-3 digits) or a citizen ID number (12 digits)."))


class CoApplicantForm(Form):
    """A further applicant, e.g. a second cooperative owning the mark jointly."""

    name = TrimmedStringField(_l("Name"), validators=[optional(), max_length(200)])
    address = TrimmedStringField(_l("Address"), validators=[
        required_if(_has_name, _l("Give the co-applicant's address.")), max_length(300)])
    tax_code = TrimmedStringField(_l("Tax code or citizen ID"),
                                  validators=[optional(), max_length(14), tax_code_or_citizen_id])


class ApplicantForm(StepForm):
    applicant_kind = RadioField(
        _l("The applicant is"),
        choices=choice_list([("organization", _l("an organization (cooperative, enterprise, association…)")),
                             ("individual", _l("an individual or household business owner"))]),
        default="organization",
        validators=[required()],
        description=_l("The applicant becomes the owner of the mark. Usually it is your organization; a household "
                       "business files in the name of its owner, as an individual."),
    )
    name = TrimmedStringField(
        _l("Applicant's full name"), validators=[required(), max_length(200)],
        description=_l("Exactly as on the business registration or ID card, e.g. Hợp tác xã Khóm Cầu Đúc Hỏa Tiến. The certificate will be issued in this name."),
    )
    address = TrimmedStringField(
        _l("Address"), validators=[required(), max_length(300)],
        description=_l("Full address with ward/commune and province, e.g. Ấp Thạnh Lợi, Phường Vị Tân, Thành phố Cần Thơ. The IP office sends its letters here."),
    )
    tax_code = TrimmedStringField(
        _l("Tax code (enterprise code)"),
        validators=[required_if(_is_organization, _l("An organization must give its tax code.")), tax_code()],
        description=_l("For an organization: 10 digits, e.g. 6300123456."),
    )
    citizen_id = TrimmedStringField(
        _l("Citizen ID number (CCCD)"),
        validators=[required_if(_is_individual, _l("An individual must give the citizen ID number.")),
                    citizen_id()],
        description=_l("For an individual: the 12 digits on the chip-based ID card."),
    )
    business_name = TrimmedStringField(
        _l("Household business name (for reference)"), validators=[optional(), max_length(200)],
        description=_l("A household business has no legal personality: its owner applies and owns the mark. "
                       "Its name is printed beside the owner's for reference."),
    )
    phone = TrimmedStringField(_l("Phone"), validators=[required(), phone_number()],
                               description=_l("A number where DOST or the IP office can reach you."))
    email = TrimmedStringField(_l("Email"), validators=[optional(), max_length(254), email_address()],
                               description=_l("Notices may be sent here too."))
    co_applicants = FieldList(FormField(CoApplicantForm), min_entries=2, max_entries=5,
                              label=_l("Co-applicants (optional)"))

    def validate_applicant_kind(self, field):
        if field.data == "organization" and self.case.organization.kind == OrganizationKind.HOUSEHOLD_BUSINESS:
            raise ValidationError(_l("A household business has no legal personality: the application is made by "
                                     "its owner as an individual (name, citizen ID number, address)."))


def applicant_initial(case: Case) -> dict:
    """The applicant prefilled from the organization; for a household business, its owner."""
    organization = case.organization
    contact = {"phone": organization.phone or "", "email": organization.email or ""}
    if organization.kind == OrganizationKind.HOUSEHOLD_BUSINESS:
        return {"applicant_kind": "individual", "name": organization.legal_representative,
                "address": organization.address, "tax_code": "", "citizen_id": "",
                "business_name": organization.name, **contact}
    return {"applicant_kind": "organization", "name": organization.name, "address": organization.address,
            "tax_code": organization.tax_code or "", **contact}


# --- 2. Products ---------------------------------------------------------------------


class ProductsForm(StepForm):
    products = MultiCheckboxField(
        _l("Which of your OCOP products will carry this mark?"),
        coerce=int,
        description=_l("We use them to suggest the right goods and Nice classes in step 4. Choose at least one."),
        validate_choice=True,
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.products.choices = choice_list(
            (p.id, f"{p.name} · {p.group.title} · {'★' * p.stars}") for p in case.organization.products
        )

    def validate_products(self, field):
        if self.case.organization.products and not field.data:
            raise ValidationError(_l("Choose at least one product."))


def products_initial(case: Case) -> dict:
    return {"products": [p.id for p in case.products]}


# --- 3. The mark ---------------------------------------------------------------------

MARK_FORMS = (
    ("word", _l("Word mark: only letters and numbers, in any style")),
    ("figurative", _l("Figurative mark: a picture or logo without words")),
    ("combined", _l("Combined mark: words and a picture together")),
    ("three_d", _l("Three-dimensional mark: the shape of the product or its packaging")),
)
NEEDS_IMAGE = {"figurative", "combined", "three_d"}
NEEDS_WORDING = {"word", "combined"}


class MarkForm(StepForm):
    wording = TrimmedStringField(
        _l("Words of the mark"), validators=[max_length(200)],
        description=_l("The words as they appear on the mark, e.g. KHÓM CẦU ĐÚC HỎA TIẾN. Leave empty only for a picture without words."),
    )
    mark_form = RadioField(
        _l("Type of mark"), choices=choice_list(MARK_FORMS), validators=[required()],
        description=_l("Sound marks exist in law but are not handled here: ask DOST."),
    )
    mark_image = CaseFileField(
        _l("Mark sample (logo)"), purpose=FilePurpose.MARK_IMAGE, render_kw={"accept": "image/png,image/jpeg"},
        description=_l("PNG or JPEG, at most 5 MB, sharp enough to print 8 × 8 cm (about 1000 × 1000 pixels). This is exactly what will be protected."),
    )
    colour_mode = RadioField(
        _l("Colours"),
        choices=choice_list([("black_white", _l("Black and white: protects the mark in any colour")),
                             ("colour", _l("In colour: protects the mark in the colours listed"))]),
        validators=[required()],
    )
    colours = TrimmedStringField(
        _l("Colours claimed"), validators=[max_length(300)],
        description=_l("List the colours, e.g. vàng, xanh lá cây, đỏ."),
    )
    description = TextAreaField(
        _l("Description of the mark"), validators=[required(), max_length(2000)],
        description=_l("Describe what the mark shows, e.g. \"Nhãn hiệu gồm chữ KHÓM CẦU ĐÚC cách điệu, bên trên là hình trái khóm màu vàng\". The examiner reads this first."),
    )
    meaning = TextAreaField(
        _l("Meaning of foreign or invented words"), validators=[max_length(1000)],
        description=_l("If the mark has words in a foreign language or made-up words, give their meaning or say they have none, e.g. \"GOLDEN: vàng\"."),
    )
    foreign_words = BooleanField(_l("The mark has words in another language or in another script"))
    transliteration = TrimmedStringField(
        _l("Transliteration"), validators=[
            required_if(lambda form: form.other_script(), _l(
                "The mark has letters of another script: write how they are read in Latin letters.")),
            max_length(300)],
        description=_l("How words in another script are read, in Latin letters, e.g. \"福 : phúc\"."),
    )
    translation = TrimmedStringField(
        _l("Translation into Vietnamese"), validators=[
            required_if(lambda form: form.foreign_words.data or form.other_script(), _l(
                "Translate the words in another language into Vietnamese, or write that they have no meaning.")),
            max_length(300)],
        description=_l("e.g. \"GOLDEN PINEAPPLE: khóm vàng\", or \"từ tự đặt, không có nghĩa\"."),
    )

    def other_script(self) -> bool:
        """Letters of a script other than Latin (Vietnamese is written in Latin letters), e.g. Chinese
        characters or Khmer: the declaration then needs their transliteration and translation."""
        return any(ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN") for ch in self.wording.data or "")

    def validate_wording(self, field):
        if self.mark_form.data in NEEDS_WORDING and not field.data:
            raise ValidationError(_l("This type of mark needs its words."))

    def validate_mark_image(self, field):
        if self.mark_form.data in NEEDS_IMAGE and self.case.current_file(FilePurpose.MARK_IMAGE) is None:
            raise ValidationError(_l("Upload the mark sample: this type of mark is a picture."))
        if not self.wording.data and self.case.current_file(FilePurpose.MARK_IMAGE) is None:
            raise ValidationError(_l("A mark needs words or an image: give at least one."))

    def validate_colours(self, field):
        if self.colour_mode.data == "colour" and not field.data:
            raise ValidationError(_l("List the colours you claim."))

    def logo_warning(self) -> str | None:
        """Why the current mark sample may print soft, with what to do (None when it is sharp)."""
        return soft_print_warning(self.case.current_file(FilePurpose.MARK_IMAGE))

    def wording_suggestions(self) -> list[str]:
        """Words the mark could take, from the products and the organization's name, for the user to
        take with one button (app/wizard/steps.py take_suggested_wording); never typed for them."""
        products = self.case.products or self.case.organization.products[:3]
        names = [p.name for p in products] + [_without_legal_form(self.case.organization.name)]
        suggestions = dict.fromkeys(name.strip().upper()[:200] for name in names if name and name.strip())
        return [s for s in suggestions if s != (self.wording.data or "")][:4]


def soft_print_warning(image) -> str | None:
    """A logo accepted but too small to print sharply at its printed size (MARK_SHARP_LONG_SIDE_PX)."""
    wanted = current_app.config["MARK_SHARP_LONG_SIDE_PX"]
    if image is None or image.width_px is None or max(image.width_px, image.height_px) >= wanted:
        return None
    return _("The logo is only %(width)d × %(height)d pixels: it is kept, but it may print blurred on the form "
             "(at least %(wanted)d pixels on its longer side print sharply). If you can, upload the original "
             "file from whoever designed the logo, or a larger export of it.",
             width=image.width_px, height=image.height_px, wanted=wanted)


#: the legal form that opens an organization's name ("Hợp tác xã Khóm Cầu Đúc"): no part of a mark
_LEGAL_FORMS = ("hợp tác xã", "tổ hợp tác", "hộ kinh doanh", "công ty tnhh", "công ty cổ phần", "công ty",
                "doanh nghiệp tư nhân", "cơ sở", "hiệp hội")


def _without_legal_form(name: str) -> str:
    for prefix in _LEGAL_FORMS:
        if name.lower().startswith(prefix + " "):
            return name[len(prefix):].strip()
    return name


def take_suggested_wording(formdata, files) -> tuple:
    """The mark step's `prepare` hook: the suggestion button the user pressed becomes the wording
    (everything else typed on the step is kept and saved with it)."""
    chosen = formdata.get("use_wording")
    if not chosen:
        return formdata, [], []
    formdata = formdata.copy()
    formdata.pop("use_wording")
    formdata["wording"] = chosen
    return formdata, [_("The suggested words are in \"Words of the mark\": change them if you wish.")], []


# --- 4. Goods and services -----------------------------------------------------------


class FreeTermForm(Form):
    """A term typed by the user, with its class."""

    # No Optional() here: it would stop the checks below, which decide when a row is incomplete.
    term = TrimmedStringField(_l("Goods or service"), validators=[max_length(250)])
    nice_class = TrimmedStringField(_l("Class"), validators=[max_length(2)])

    def validate_nice_class(self, field):
        if not self.term.data and not field.data:
            return
        if not self.term.data:
            raise ValidationError(_l("Write the goods or service for this class."))
        if not field.data:
            raise ValidationError(_l("Give the class (1 to 45)."))
        if not field.data.isdigit() or not 1 <= int(field.data) <= 45:
            raise ValidationError(_l("A Nice class is a number from 1 to 45."))


class GoodsForm(StepForm):
    terms = MultiCheckboxField(_l("Goods and services from the list"), coerce=int, validate_choice=True)
    free_terms = FieldList(FormField(FreeTermForm), min_entries=3, max_entries=40,
                           label=_l("Other goods or services"))

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.catalogue = list(db.session.scalars(
            sa.select(NiceTerm).where(NiceTerm.active.is_(True)).order_by(NiceTerm.nice_class, NiceTerm.term_vi)
        ))
        self.terms.choices = choice_list((t.id, t.term_vi) for t in self.catalogue)

    def option_groups(self) -> tuple[list, list]:
        """(suggested, others): [(class, [(checkbox, term)])] in class order.

        Suggested terms are those of the OCOP groups of the products chosen in step 2.
        """
        groups = {p.group for p in self.case.products}
        suggested: dict[int, list] = {}
        others: dict[int, list] = {}
        for option, term in zip(self.terms, self.catalogue):
            target = suggested if term.ocop_group in groups else others
            target.setdefault(term.nice_class, []).append((option, term))
        return sorted(suggested.items()), sorted(others.items())

    def selected_items(self) -> list[tuple[int, str]]:
        """(class, term) of everything chosen or typed, in the order given."""
        by_id = {t.id: t for t in self.catalogue}
        items = [(by_id[i].nice_class, by_id[i].term_vi) for i in (self.terms.data or []) if i in by_id]
        for entry in self.free_terms:
            term, klass = entry.form.term.data, entry.form.nice_class.data
            if term and klass and klass.isdigit() and 1 <= int(klass) <= 45:
                items.append((int(klass), term))
        return items

    def validate_terms(self, field):
        items = self.selected_items()
        if not items:
            raise ValidationError(_l("Choose or write at least one goods or service."))
        seen = set()
        for klass, term in items:
            key = (klass, fold(term))
            if key in seen:
                raise ValidationError(_l("\"%(term)s\" is listed twice in class %(nice_class)s.", term=term, nice_class=klass))
            seen.add(key)


def group_by_class(items: list[tuple[int, str]]) -> list[tuple[int, list[str]]]:
    """[(class, [terms…])] in ascending class order, as the declaration lists them."""
    grouped: dict[int, list[str]] = {}
    for klass, term in items:
        grouped.setdefault(klass, []).append(term)
    return sorted(grouped.items())


# --- 5. Priority claim and representative --------------------------------------------

PRIORITY_BASES = (
    ("none", _l("No priority claimed")),
    ("vn_earlier", _l("An earlier application in Vietnam")),
    ("paris", _l("An application abroad under the Paris Convention")),
    ("other", _l("Another international agreement")),
)
REPRESENTATIVE_KINDS = (
    ("none", _l("No: the applicant files itself (signed by its legal representative)")),
    ("ip_agent", _l("An industrial property agent (an IP representation firm)")),
    ("authorised", _l("Another authorised person")),
)


class RepresentativeForm(StepForm):
    """Who files for the applicant, if anyone (every kind)."""

    representative_kind = RadioField(
        _l("Does someone file for the applicant?"), choices=choice_list(REPRESENTATIVE_KINDS), default="none",
        validators=[required()],
        description=_l("If an agent or another person files and receives letters for you, they need your power of attorney."),
    )
    representative_name = TrimmedStringField(_l("Representative's name"), validators=[max_length(200)])
    representative_address = TrimmedStringField(_l("Representative's address"), validators=[max_length(300)])
    representative_phone = TrimmedStringField(_l("Representative's phone"), validators=[optional(), phone_number()])
    representative_email = TrimmedStringField(_l("Representative's email"), validators=[optional(), max_length(254), email_address()])
    power_of_attorney = CaseFileField(
        _l("Signed power of attorney"), purpose=FilePurpose.POWER_OF_ATTORNEY,
        render_kw={"accept": "application/pdf,image/png,image/jpeg"},
        description=_l("A scan (PDF, PNG or JPEG, at most 10 MB). The dossier also includes a power-of-attorney form to sign."),
    )

    def _has_representative(self) -> bool:
        return self.representative_kind.data not in (None, "none")

    def validate_representative_name(self, field):
        if self._has_representative() and not field.data:
            raise ValidationError(_l("Give the representative's name."))

    def validate_representative_address(self, field):
        if self._has_representative() and not field.data:
            raise ValidationError(_l("Give the representative's address."))

    def validate_power_of_attorney(self, field):
        if self._has_representative() and self.case.current_file(FilePurpose.POWER_OF_ATTORNEY) is None:
            raise ValidationError(_l("Upload the signed power of attorney."))


#: the validity period (data) that limits how far back a mark's priority claim may reach
PRIORITY_PERIOD_CODE = "mark_priority"


def _claim_filled(form) -> bool:
    return form.claims.claims_priority() and not form.is_blank()


class PriorityClaimForm(Form):
    """One earlier application whose date is claimed. A row left blank is no claim; `claims` is
    the step's form (set by it), which knows whether priority is claimed at all and the filing date."""

    claims = None
    country = TrimmedStringField(_l("Country of the earlier application"), validators=[
        required_if(_claim_filled, _l("Give the country of the earlier application.")), max_length(80)])
    number = TrimmedStringField(_l("Number of the earlier application"), validators=[
        required_if(_claim_filled, _l("Give the number of the earlier application.")), max_length(40)])
    date = DayField(_l("Filing date of the earlier application"), validators=[
        required_if(_claim_filled, _l("Give the filing date of the earlier application."))])

    def is_blank(self) -> bool:
        return not any((raw or [""])[0].strip() for raw in (self.country.raw_data, self.number.raw_data,
                                                             self.date.raw_data))

    def validate_date(self, field):
        """A claim is late more than the priority period (6 months for marks) after its first
        filing, counted to this filing date (today's, before it is recorded): each claim is checked,
        so the user sees which one is late."""
        if field.data is None or not self.claims.claims_priority():  # not a date (already said), or no claim
            return
        period = validity_period(PRIORITY_PERIOD_CODE)
        filing = self.claims.case.filing_date or clock.today()
        if field.data > filing:
            raise ValidationError(_l("The earlier application cannot be filed after this one."))
        if period and add_months(field.data, period.months) < filing:
            raise ValidationError(_l(
                "Priority can only be claimed within %(months)d months of the earlier filing (%(basis)s): "
                "this one was filed more than %(months)d months before this application.",
                months=period.months, basis=period.legal_basis))


class PriorityRepresentativeForm(RepresentativeForm):
    """Marks may also claim the priority of one or more earlier applications (the fee is per claim)."""

    priority_basis = RadioField(
        _l("Priority claim"), choices=choice_list(PRIORITY_BASES), default="none", validators=[required()],
        description=_l("Priority under the Paris Convention (a treaty Vietnam belongs to): a mark filed first in another "
                        "member country and filed here within 6 months counts as filed on that first date. Choose "
                        "it only if the same mark was filed earlier and you want that earlier date. Most OCOP "
                        "applications claim none."),
    )
    priority_claims = FieldList(FormField(PriorityClaimForm), min_entries=3, max_entries=10,
                                label=_l("Earlier applications claimed"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for entry in self.priority_claims:
            entry.form.claims = self

    def claims_priority(self) -> bool:
        return self.priority_basis.data not in (None, "none")

    def claimed(self) -> list[PriorityClaimForm]:
        """The rows that hold a claim, when priority is claimed at all."""
        if not self.claims_priority():
            return []
        return [entry.form for entry in self.priority_claims if not entry.form.is_blank()]

    def validate_priority_basis(self, field):
        if self.claims_priority() and not self.claimed():
            raise ValidationError(_l("Give the country, number and filing date of the earlier application."))


# --- 6. Review and signature ---------------------------------------------------------


class ReviewForm(StepForm):
    signatory_name = TrimmedStringField(
        _l("Who signs the declaration"), validators=[required(), max_length(120)],
        description=_l("Usually the legal representative, e.g. the cooperative's director."),
    )
    signatory_title = TrimmedStringField(_l("Their position"), validators=[required(), max_length(120)],
                                         description=_l("e.g. Giám đốc"))
    signing_place = TrimmedStringField(_l("Place of signing"), validators=[required(), max_length(80)],
                                       description=_l("Printed before the date, e.g. Cần Thơ."))
    paper_certificate = BooleanField(
        _l("Also ask for a paper certificate"),
        description=cited(_l("The certificate is issued electronically; tick to ask for it on paper as well (the "
                             "declaration has a box for it)."), _l("Decree 65/2023, Art. 29, unconfirmed")),
    )


def review_initial(case: Case) -> dict:
    """The review step's signatory prefilled: the legal representative, signing in the province."""
    province = province_name(case.organization.province_code).replace("Thành phố ", "").replace("Tỉnh ", "")
    return {"signatory_name": case.organization.legal_representative, "signatory_title": "", "signing_place": province}


# --- Answering a reviewer's comment ----------------------------------------------------


class CommentAnswerForm(BaseForm):
    """The applicant marks a reviewer's comment as dealt with, or answers it (shown on its step)."""

    state = RadioField(
        _l("What did you do?"),
        choices=choice_list([("dealt_with", _l("I changed the application as asked")),
                             ("answered", _l("I answer instead (say why)"))]),
        validators=[required_choice()],
    )
    reply = TextAreaField(
        _l("Your answer to DOST"),
        validators=[required_if(lambda form: form.state.data == "answered",
                                _l("Write your answer to DOST, e.g. why nothing needs to change.")),
                    max_length(1000)],
        description=_l("Optional when you made the change; needed when you answer instead."),
    )
