"""Step forms of the collective-mark and certification-mark wizards (journeys 2 and 3).

They reuse the trademark steps (products, mark, goods, priority, review) and add: the owner's
legal basis, the members list, the regulation on use and the characteristics explanation.
Required parts of the regulation are required fields: nothing legally required can be empty.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, FieldList, Form, FormField, TextAreaField
from wtforms.validators import ValidationError

from app.addresses import place_names_in, province_name
from app.forms import TrimmedStringField, choice_list, cited, max_length, required
from app.models import Case, FilePurpose
from app.text import fold
from app.wizard.eligibility import refusal_to_start
from app.wizard.forms import (
    ApplicantForm,
    CaseFileField,
    MultiCheckboxField,
    StepForm,
    applicant_initial,
    long_answer,
)
from app.wizard.legal_documents import suggested_certification_regulation, suggested_collective_regulation

# --- Applicant (owner) ---------------------------------------------------------------------

class OwnerLegalBasisMixin:
    """The owner's legal basis, printed in the first article of the regulation."""

    legal_basis = TextAreaField(
        _l("Legal basis of the organization"), validators=[required(), max_length(500)], render_kw={"rows": 2},
        description=_l("The paper that established it, e.g. \"Giấy chứng nhận đăng ký hợp tác xã số 6300123456 do "
                       "Sở Tài chính thành phố Cần Thơ cấp ngày 12/3/2019\". Printed in the regulation on use."),
    )


class CollectiveApplicantForm(OwnerLegalBasisMixin, ApplicantForm):
    """Only a collective organization may own a collective mark."""

    def validate_applicant_kind(self, field):
        if field.data != "organization":
            raise ValidationError(_l("A collective mark belongs to a collective organization, not to an individual."))
        refusal = refusal_to_start(self.case.kind, self.case.organization)
        if refusal:
            raise ValidationError(refusal)


class CertificationApplicantForm(OwnerLegalBasisMixin, ApplicantForm):
    """The certifying body; it must not trade the goods it certifies."""

    does_not_trade = BooleanField(
        _l("The applicant does not itself produce or trade the goods it certifies"),
        description=cited(_l("A certification mark is owned by a body that checks other people's goods, often a "
                             "provincial agency. It must not sell the certified goods itself."), _l("IP Law Art. 87(4)")),
    )

    def validate_does_not_trade(self, field):
        if not field.data:
            raise ValidationError(_l("Confirm that the applicant does not produce or trade the certified goods: "
                                     "a certification mark cannot be owned by a trader of those goods."))


def owner_initial(case: Case) -> dict:
    return {**applicant_initial(case), "legal_basis": ""}


# --- Members (collective) ------------------------------------------------------------------

class MemberForm(Form):
    """One member allowed to use the collective mark."""

    name = TrimmedStringField(_l("Member's name"), validators=[max_length(200)])
    address = TrimmedStringField(_l("Address"), validators=[max_length(300)])
    ward = TrimmedStringField(_l("Ward/commune"), validators=[max_length(120)])
    produces = TrimmedStringField(_l("What they produce"), validators=[max_length(300)])
    tax_code = TrimmedStringField(_l("Tax code or citizen ID"), validators=[max_length(14)])

    def validate_address(self, field):
        if self.name.data and not field.data:
            raise ValidationError(_l("Give this member's address."))
        if not self.name.data and (field.data or self.produces.data or self.ward.data or self.tax_code.data):
            raise ValidationError(_l("Give this member's name, or clear the row."))


#: empty rows offered after the members already listed
SPARE_MEMBER_ROWS = 3


class MembersForm(StepForm):
    members = FieldList(FormField(MemberForm), min_entries=SPARE_MEMBER_ROWS, max_entries=500,
                        label=_l("Members allowed to use the mark"))
    members_file = FileField(
        _l("Import members from an Excel or CSV file"), render_kw={"accept": ".xlsx,.csv"},
        description=_l("Columns: Họ và tên, Địa chỉ, Xã/phường, Sản phẩm, Mã số thuế/CCCD (the first row holds "
                       "the headings). Members are added after those above; the same name and address only once."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # always a few empty rows to type more members in, without JavaScript
        filled = sum(1 for entry in self.members if any((entry.form[f].data or "") for f in entry.form._fields))
        while len(self.members) < min(filled + SPARE_MEMBER_ROWS, self.members.max_entries):
            self.members.append_entry()

    def listed(self) -> list[dict]:
        """The members typed or imported, with a name."""
        return [{field: (entry.form[field].data or "") for field in ("name", "address", "ward", "produces", "tax_code")}
                for entry in self.members if entry.form.name.data]

    def validate_members(self, field):
        rows = self.listed()
        if not rows:
            raise ValidationError(cited(_l("List at least one member allowed to use the mark."),
                                        _l("IP Law Art. 105(4)(c)")))
        seen = set()
        for row in rows:
            key = (fold(row["name"]), fold(row["address"]))
            if key in seen:
                raise ValidationError(_l("%(name)s is listed twice.", name=row["name"]))
            seen.add(key)


# --- Regulation on use --------------------------------------------------------------------

class CollectiveRegulationForm(StepForm):
    """Art. 105(4) b, d, đ (a comes from the applicant step, c from the members step)."""

    membership_conditions = long_answer(
        _l("Conditions to become a member"),
        _l("Who may join and use the mark: where they produce, what, and what they commit to. One condition per line."),
        is_required=True)
    use_conditions = long_answer(
        _l("Conditions of use of the mark"),
        _l("On which products and how members may use the mark, e.g. only for pineapples grown in the commune, "
           "meeting the published quality standard."), is_required=True)
    breach_measures = long_answer(
        _l("Measures against breaches of the regulation"),
        _l("What happens to a member who breaks the rules: reminder, suspension, withdrawal of the right."),
        is_required=True)
    display_rules = long_answer(
        _l("How the mark is shown on products and packaging (optional)"),
        _l("e.g. printed on the label exactly as registered, with the member's code."), is_required=False)
    control_body = long_answer(
        _l("Who checks the use of the mark (optional)"),
        _l("e.g. the cooperative's board checks every member once a year."), is_required=False)
    right_duration = long_answer(
        _l("How long a member's right lasts (optional)"),
        _l("e.g. as long as the certificate is valid and the member stays in the cooperative."), is_required=False)


class CertificationRegulationForm(StepForm):
    """Art. 105(5) b–đ (a, the owner, comes from the applicant step)."""

    use_conditions = long_answer(
        _l("Conditions to be allowed to use the mark"),
        _l("Who may apply to use it and what they must meet."), is_required=True)
    certified_characteristics = long_answer(
        _l("Characteristics of the goods certified by the mark"),
        _l("Origin, quality, production method… exactly what the mark guarantees, with figures where you have them."),
        is_required=True)
    evaluation_methods = long_answer(
        _l("Methods to evaluate those characteristics"),
        _l("How a product is checked: sampling, laboratory tests, tasting panel, standards used."), is_required=True)
    control_methods = long_answer(
        _l("Methods to control the use of the mark"),
        _l("How the owner watches the users: periodic and surprise checks, records, withdrawal."), is_required=True)
    user_fees = long_answer(
        _l("Fees users pay, if any"),
        _l("The amount and what it covers, or \"Người sử dụng nhãn hiệu không phải trả phí.\""), is_required=True)
    display_rules = long_answer(
        _l("How the mark is shown on products and packaging (optional)"),
        _l("e.g. printed on the label exactly as registered, with the member's code."), is_required=False)
    right_duration = long_answer(
        _l("How long the right to use lasts (optional)"),
        _l("e.g. three years, renewable after a new evaluation."), is_required=False)


def _suggestion_context(case: Case) -> tuple[str, str, str]:
    """(owner, products, area) for the suggested wordings; product names are proper names
    ("Khóm Cầu Đúc"), kept as typed."""
    products = ", ".join(p.name for p in case.products) or ", ".join(p.name for p in case.organization.products[:3])
    area = province_name(case.organization.province_code)
    return case.organization.name, products, area


def collective_regulation_initial(case: Case) -> dict:
    return suggested_collective_regulation(*_suggestion_context(case))


def certification_regulation_initial(case: Case) -> dict:
    return suggested_certification_regulation(*_suggestion_context(case))


# --- Characteristics explanation and area --------------------------------------------------

BASES = (
    ("place_name", _l("The mark contains a place name (e.g. Cầu Đúc, Phong Điền)")),
    ("quality", _l("The mark stands for a specific quality or characteristic of the goods")),
)
ORIGIN_BASIS = ("origin", _l("The mark certifies the geographic origin of the goods"))
#: where the law asks a collective or certification mark naming a place for the authority's permission;
#: the clauses were read from a secondary source, not the official text (domain notes §9)
PLACE_PERMISSION_BASIS = "Luật Sở hữu trí tuệ, Điều 87 khoản 3 và 4 (chưa xác nhận)"


def mark_place_names(case: Case) -> list[str]:
    """The place names in the wording typed on the mark step (none before it is saved)."""
    saved = case.step("mark")
    return place_names_in((saved.data.get("wording") or [""])[0]) if saved is not None else []


def characteristics_initial(case: Case) -> dict:
    """"Contains a place name" is ticked for the user when the mark's wording has one; they may untick
    it when the words are not meant as the place (e.g. "Sao Vàng", also a commune)."""
    return {"bases": ["place_name"]} if mark_place_names(case) else {}


class CharacteristicsForm(StepForm):
    """The explanation of the goods' special characteristics (bản thuyết minh), and for a
    certification of origin the area and its map."""

    bases = MultiCheckboxField(
        _l("Does any of this apply to your mark?"),
        description=_l("Tick what applies; if nothing does, leave all unticked and go on."),
    )
    characteristics = long_answer(
        _l("Explanation of the special characteristics of the goods"),
        _l("What makes the goods special and why: taste, look, composition, how and where they are made. "
           "The IP office needs it when the mark names a place or claims a quality."), is_required=False)
    area_description = long_answer(
        _l("Description of the geographic area"),
        _l("The communes or wards the area covers and its boundaries, in words."), is_required=False)
    area_map = CaseFileField(
        _l("Map of the area"), purpose=FilePurpose.MAP, render_kw={"accept": "application/pdf,image/png,image/jpeg"},
        description=_l("PDF, PNG or JPEG, at most 10 MB, showing the boundaries of the area."),
    )
    place_permission = CaseFileField(
        _l("Written permission of the provincial People's Committee to use the place name"),
        purpose=FilePurpose.PLACE_PERMISSION, render_kw={"accept": "application/pdf,image/png,image/jpeg"},
        description=_l("A scan (PDF, PNG or JPEG, at most 10 MB) of the People's Committee's letter allowing the "
                       "owner to register the place name in its mark."),
    )
    permission_later = BooleanField(_l("The permission will be attached to the dossier later"))

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        offered = [*BASES, ORIGIN_BASIS] if case.kind.value == "certification" else list(BASES)
        self.bases.choices = choice_list(offered)
        self.place_names = mark_place_names(case)

    def _basis(self, name: str) -> bool:
        return name in (self.bases.data or [])

    def validate_characteristics(self, field):
        if (self._basis("place_name") or self._basis("quality") or self._basis("origin")) and not field.data:
            raise ValidationError(_l("Explain the special characteristics of the goods: the IP office requires it "
                                     "for a mark that names a place or claims a quality."))

    def validate_place_permission(self, field):
        if (self._basis("place_name") and not self.permission_later.data
                and self.case.current_file(FilePurpose.PLACE_PERMISSION) is None):
            raise ValidationError(cited(_l(
                "A collective or certification mark with a place name needs the written permission of the "
                "provincial People's Committee: upload it, or tick that it will be attached later."),
                PLACE_PERMISSION_BASIS))

    def validate_area_description(self, field):
        if self._basis("origin") and not field.data:
            raise ValidationError(_l("Describe the area whose origin the mark certifies."))

    def validate_area_map(self, field):
        if self._basis("origin") and self.case.current_file(FilePurpose.MAP) is None:
            raise ValidationError(_l("Upload the map of the area: a certification of origin needs it."))
