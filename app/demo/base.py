"""Helpers shared by every part of the demo data: where the demo is, its pictures, and filling
a case the way a user would. Imports nothing else from app/demo/, so every module can use it."""
from __future__ import annotations

import io

import sqlalchemy as sa
from PIL import Image, ImageDraw, ImageFont
from werkzeug.datastructures import FileStorage, MultiDict

from app import addresses
from app.cases import services as case_services
from app.cases import workflow
from app.documents.pdf import FONT_DIR
from app.extensions import db
from app.models import Case, NiceTerm, Organization
from app.organizations import services as organization_services
from app.wizard import services as wizard_services
from app.wizard import steps as wizard_steps

CAN_THO = 92
CONSULTANT_EMAIL = "tuvan@demo.ocop.vn"


def create_demo_organization(spec: dict) -> Organization:
    """An organization in Cần Thơ from a demo spec: its ward by name, verified unless the spec
    says `verified=False`."""
    spec = dict(spec)
    ward_code = addresses.ward_code_by_name(CAN_THO, spec.pop("ward"))
    verified = spec.pop("verified", True)
    organization = organization_services.register_organization(province_code=CAN_THO, ward_code=ward_code, **spec)
    organization.verified = verified
    return organization


def demo_logo(wording: str, colour: tuple[int, int, int]) -> bytes:
    """A simple logo: a coloured disc and the mark's words, 1200 × 900 px (prints 80 mm wide)."""
    image = Image.new("RGB", (1200, 900), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((450, 60, 750, 360), fill=colour)
    draw.polygon([(600, 20), (560, 90), (640, 90)], fill=(40, 120, 40))
    font = ImageFont.truetype(str(FONT_DIR / "LiberationSerif-Bold.ttf"), 84)
    words = wording.split()
    lines = [" ".join(words[: len(words) // 2 + len(words) % 2]), " ".join(words[len(words) // 2 + len(words) % 2:])]
    for row, line in enumerate(filter(None, lines)):
        width = draw.textlength(line, font=font)
        draw.text(((1200 - width) / 2, 430 + row * 110), line, fill=(30, 30, 30), font=font)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def term_ids(*terms: tuple[str, int]) -> list[str]:
    """The ids (as form values) of Nice terms of the seeded list, by wording and class."""
    found = (db.session.scalar(sa.select(NiceTerm.id).where(NiceTerm.term_vi == term, NiceTerm.nice_class == klass))
             for term, klass in terms)
    return [str(term_id) for term_id in found if term_id]


def fill_wizard(case: Case, actor, inputs: dict, files: dict | None = None, up_to: str | None = None) -> None:
    """Fill the case's wizard steps in order as a user would, through the wizard's own save and
    validation (stopping after `up_to`); fails loudly if demo input no longer passes the checks.
    `inputs`: {step: {field: value or [values]}}; `files`: {step: {field: (bytes, file name)}}."""
    for step in wizard_steps.steps_for(case):
        uploads = MultiDict()
        for field_name, (content, filename) in (files or {}).get(step.name, {}).items():
            uploads[field_name] = FileStorage(stream=io.BytesIO(content), filename=filename)
        data = MultiDict([(key, value) for key, values in inputs[step.name].items()
                          for value in (values if isinstance(values, list) else [values])])
        result = wizard_services.save_step(case, step, data, uploads, actor, None, csrf=False)
        assert result.valid, (case.kind, step.name, result.form.errors)
        if step.name == up_to:
            break


def submit(case: Case, actor) -> None:
    """Submit a filled demo case for review; fails loudly if the wizard finds something missing."""
    problems = case_services.submit(case, actor)
    assert not problems, problems


def approve(case: Case, consultant) -> None:
    """The consultant approves a submitted demo case, ready to be filed."""
    workflow.transition(case, "approve", consultant, "Hồ sơ đầy đủ, sẵn sàng nộp.")
