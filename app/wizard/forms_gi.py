"""Step forms of the geographical-indication wizard (journey 4).

The right to register a GI belongs to the State: the applicant is the provincial People's
Committee or a body it authorises (often DOST), filing for the local producers, and another
organization manages the GI once granted. The description builder's parts (IP Law Art. 106)
are the fields of the characteristics and area steps.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, TextAreaField
from wtforms.validators import ValidationError

from app.addresses import province_name
from app.forms import (
    TrimmedStringField,
    choice_list,
    cited,
    email_address,
    max_length,
    optional,
    phone_number,
    required,
    tax_code,
)
from app.models import Case, FilePurpose
from app.wizard.forms import CaseFileField, StepForm, long_answer
from app.wizard.legal_documents import GI_MEASURABLE_KEYS

APPLICANT_TYPES = (
    ("people_committee", _l("The provincial People's Committee itself")),
    ("authorised_body", _l("A body the People's Committee authorised (e.g. the Department of Science and Technology)")),
    ("producers_collective", _l("A collective organization of the local producers, authorised to file")),
)


class GiApplicantForm(StepForm):
    applicant_type = RadioField(
        _l("Who files the application"), choices=choice_list(APPLICANT_TYPES), default="authorised_body",
        validators=[required()],
        description=cited(_l("A GI belongs to the State: whoever files does not become its owner."),
                          _l("IP Law Art. 88(2)")),
    )
    applicant_name = TrimmedStringField(
        _l("Applicant's name"), validators=[required(), max_length(200)],
        description=_l("e.g. Ủy ban nhân dân thành phố Cần Thơ, or Sở Khoa học và Công nghệ thành phố Cần Thơ."),
    )
    applicant_address = TrimmedStringField(_l("Applicant's address"), validators=[required(), max_length(300)])
    authority_basis = TextAreaField(
        _l("Authorisation to file"), validators=[max_length(500)], render_kw={"rows": 2},
        description=_l("The People's Committee's decision allowing this body to file, e.g. \"Quyết định số "
                       "123/QĐ-UBND ngày 05/3/2026 của UBND thành phố Cần Thơ\"."),
    )
    phone = TrimmedStringField(_l("Phone"), validators=[required(), phone_number()])
    email = TrimmedStringField(_l("Email"), validators=[optional(), max_length(254), email_address()])
    manager_name = TrimmedStringField(
        _l("Organization that will manage the GI"), validators=[required(), max_length(200)],
        description=_l("Once granted, this body authorises producers to use the GI and controls quality, e.g. "
                       "Sở Khoa học và Công nghệ or a producers' association."),
    )
    manager_address = TrimmedStringField(_l("Its address"), validators=[required(), max_length(300)])
    manager_tax_code = TrimmedStringField(_l("Its tax code (if any)"), validators=[optional(), tax_code()])

    def validate_authority_basis(self, field):
        if self.applicant_type.data != "people_committee" and not field.data:
            raise ValidationError(_l("Give the People's Committee's decision that lets this body file."))


def gi_applicant_initial(case: Case) -> dict:
    organization = case.organization
    province = province_name(organization.province_code)
    # "Thành phố Cần Thơ" -> "thành phố Cần Thơ" inside a name
    province = province[:1].lower() + province[1:] if province else ""
    return {
        "applicant_type": "authorised_body",
        "applicant_name": f"Sở Khoa học và Công nghệ {province}".strip(),
        "applicant_address": "",
        "authority_basis": "",
        "phone": organization.phone or "",
        "email": organization.email or "",
        "manager_name": organization.name,
        "manager_address": organization.address,
        "manager_tax_code": organization.tax_code or "",
    }


GI_PRESENTATIONS = (
    ("words", _l("Words only")),
    ("sign", _l("Words with a picture, a design or a particular lettering")),
)


class GiIndicationForm(StepForm):
    gi_name = TrimmedStringField(
        _l("The geographical indication"), validators=[required(), max_length(120)],
        description=_l("The place name that identifies the product, as it will be protected, e.g. Cầu Đúc."),
    )
    product_name = TrimmedStringField(
        _l("The product"), validators=[required(), max_length(200)],
        description=_l("The product that will carry the GI, e.g. Khóm (dứa)."),
    )
    product_summary = long_answer(_l("Short description of the product (optional)"),
                            _l("One or two sentences: what it is and how it is sold."), is_required=False, rows=2)
    presentation = RadioField(
        # not required: a draft saved before this question existed is words only, as most GIs are
        _l("How the GI is presented"), choices=choice_list(GI_PRESENTATIONS), default="words",
        description=_l("Most GIs are words only. If the GI is shown with a picture, a design or a particular "
                       "lettering, the declaration needs its presentation sample."),
    )
    gi_sample = CaseFileField(
        _l("Presentation sample"), purpose=FilePurpose.GI_SAMPLE, render_kw={"accept": "image/png,image/jpeg"},
        description=_l("PNG or JPEG, at most 5 MB, sharp enough to print 8 × 8 cm."),
    )
    homonymous = BooleanField(_l("Another GI or a place elsewhere has the same name"))
    homonym_explanation = long_answer(
        _l("How this GI is told apart from the one with the same name"),
        _l("Which other GI or place has the name, and what tells them apart on the product (e.g. the province "
           "added to the name)."), is_required=False, rows=3)

    def validate_gi_sample(self, field):
        if self.presentation.data == "sign" and self.case.current_file(FilePurpose.GI_SAMPLE) is None:
            raise ValidationError(_l("Upload the presentation sample: the GI is not words only."))

    def validate_homonym_explanation(self, field):
        if self.homonymous.data and not field.data:
            raise ValidationError(_l("Explain how this GI is told apart from the one with the same name."))


class GiCharacteristicsForm(StepForm):
    """Art. 106(2)(a): the product and its specific characteristics."""

    raw_materials = long_answer(_l("Raw materials (optional)"),
                          _l("e.g. the variety grown, the ingredients and where they come from."), is_required=False)
    sensory = long_answer(_l("Sensory characteristics"),
                    _l("Look, colour, smell, taste, texture, e.g. \"Quả hình trụ, vỏ mỏng, thịt vàng đậm, vị ngọt thanh\"."),
                    is_required=False)
    physical_chemical = long_answer(_l("Physical and chemical characteristics"),
                              _l("Measured figures with the method, e.g. \"Độ Brix 15–18 %, hàm lượng vitamin C …\"."),
                              is_required=False)
    microbiological = long_answer(_l("Microbiological characteristics (optional)"),
                            _l("Only where they matter, e.g. for fermented products."), is_required=False)
    reputation = long_answer(_l("Reputation"),
                       _l("How long and how widely the product has been known by this name: books, awards, trade."),
                       is_required=False)

    def validate_sensory(self, field):
        if not any((self[key].data or "").strip() for key in GI_MEASURABLE_KEYS):
            raise ValidationError(cited(_l("Describe at least one measurable characteristic (sensory, physical and "
                                           "chemical, or microbiological): reputation alone does not describe the "
                                           "product."), _l("IP Law Art. 106(2)(a)")))


class GiAreaForm(StepForm):
    """Art. 106(2)(b)–(e): the area and how it was delimited, origin, the production method and its
    stability, link and quality control."""

    natural_factors = long_answer(_l("Natural conditions of the area"),
                            _l("Climate, soil, water, terrain that shape the product."), is_required=True)
    human_factors = long_answer(_l("Human factors (optional)"),
                          _l("Skills, know-how and traditions of the local producers."), is_required=False)
    area_delimitation = long_answer(_l("Boundaries of the geographical area"),
                              _l("The wards and communes covered and how the boundary runs, in words."), is_required=True)
    delimitation_method = long_answer(
        _l("How the area was delimited"),
        _l("The method used to draw the boundary, e.g. \"Khảo sát thổ nhưỡng, đối chiếu vùng trồng thực tế và "
           "bản đồ địa chính năm 2024\"."), is_required=True, rows=3)
    area_map = CaseFileField(
        _l("Map of the area"), purpose=FilePurpose.MAP, render_kw={"accept": "application/pdf,image/png,image/jpeg"},
        description=_l("PDF, PNG or JPEG, at most 10 MB, showing the boundaries described above."),
    )
    origin_evidence = long_answer(_l("Evidence that the product comes from the area"),
                            _l("Records, surveys, history, traceability: how the origin is proven."), is_required=True)
    production_method = long_answer(_l("Local production method"),
                              _l("The stable, local way the product is grown or made."), is_required=True)
    method_stability = long_answer(
        _l("Stability of the production method"),
        _l("Since when the local producers have used this method and that it has stayed the same, e.g. "
           "\"Áp dụng ổn định từ những năm 1990, ghi trong sổ tay kỹ thuật của Hội\"."), is_required=True, rows=3)
    link = long_answer(_l("Link between the characteristics and the area"),
                 _l("Why the product is like this because it comes from here."), is_required=True)
    quality_control = long_answer(_l("Self-control mechanism for quality"),
                            _l("Who checks the producers and the product, how often, and what happens on failure."),
                            is_required=True)

    def validate_area_map(self, field):
        if self.case.current_file(FilePurpose.MAP) is None:
            raise ValidationError(_l("Upload the map of the area: a GI's boundaries must be shown on a map."))
