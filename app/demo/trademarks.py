"""Demo trademark applications at every stage of the review, and some filed ones with the IP
office's events, so that every screen of a producer and a consultant has something to show."""
from __future__ import annotations

from datetime import date, timedelta

from flask import current_app

from app import clock
from app.cases import lifecycle, workflow
from app.cases import services as case_services
from app.deadlines.calendar import add_months
from app.demo.base import CONSULTANT_EMAIL, approve, demo_logo, fill_wizard, submit, term_ids
from app.models import Case, CaseKind
from app.wizard.forms import applicant_initial

#: the demo household owner's citizen ID (a made-up number in the CCCD format: 12 digits)
DEMO_OWNER_CITIZEN_ID = "092186001234"

DEMO_TRADEMARKS = (
    # (wording, product, colours, stage); stages: draft, submitted, changes_requested, approved
    ("KHÓM CẦU ĐÚC HỎA TIẾN", "Khóm Cầu Đúc Hậu Giang", (232, 178, 20), "draft"),
    ("MỨT KHÓM CẦU ĐÚC", "Mứt khóm Cầu Đúc", (196, 98, 16), "submitted"),
    ("NƯỚC ÉP KHÓM CẦU ĐÚC", "Nước ép khóm Cầu Đúc", (38, 140, 60), "changes_requested"),
    ("KHÓM VỊ THANH", "Khóm Cầu Đúc Hậu Giang", (20, 110, 170), "approved"),
)
TERMS_BY_PRODUCT = {
    "Khóm Cầu Đúc Hậu Giang": [("Khóm (dứa) tươi", 31), ("Trái cây tươi", 31)],
    "Mứt khóm Cầu Đúc": [("Mứt trái cây", 29), ("Trái cây sấy", 29), ("Kẹo", 30)],
    "Nước ép khóm Cầu Đúc": [("Nước ép trái cây", 32), ("Nước giải khát không cồn", 32)],
    "Mắm cá lóc Út Hiền": [("Mắm (cá lên men)", 29), ("Nước mắm", 30)],
    "Bưởi Năm Roi Phú Hữu": [("Bưởi tươi", 31), ("Trái cây tươi", 31)],
}


def _fill_case(case: Case, producer, product_name: str, wording: str, colour, up_to: str | None = None) -> None:
    """Fill a demo trademark case as its producer would."""
    organization = case.organization
    # as the wizard prefills it: a household business applies through its owner, who gives a CCCD
    applicant = {**applicant_initial(case), "phone": organization.phone or producer.phone,
                 "email": organization.email or producer.email}
    if applicant["applicant_kind"] == "individual":
        applicant["citizen_id"] = DEMO_OWNER_CITIZEN_ID
    inputs = {
        "applicant": applicant,
        "products": {"products": [str(p.id) for p in case.products]},
        "mark": {"wording": wording, "mark_form": "combined", "colour_mode": "colour",
                 "colours": "vàng, xanh lá cây, đen",
                 "description": f"Nhãn hiệu gồm chữ {wording} in hoa, bên trên là hình trái khóm cách điệu.",
                 "meaning": ""},
        "goods": {"terms": term_ids(*TERMS_BY_PRODUCT[product_name])},
        "priority": {"priority_basis": "none", "representative_kind": "none"},
        "review": {"signatory_name": organization.legal_representative,
                   "signatory_title": "Chủ hộ" if applicant["applicant_kind"] == "individual" else "Giám đốc",
                   "signing_place": "Cần Thơ"},
    }
    fill_wizard(case, producer, inputs, {"mark": {"mark_image": (demo_logo(wording, colour), "logo.png")}}, up_to)


def _bring_to_stage(case: Case, consultant, stage: str) -> None:
    """Take a filled case through the review up to `stage` (after it was submitted)."""
    if stage == "changes_requested":
        case_services.add_comment(case, consultant, "Bổ sung thêm sản phẩm nước ép đóng chai vào danh mục nhóm 32.", "goods")
        workflow.transition(case, "request_changes", consultant, "Xem góp ý ở bước Sản phẩm, dịch vụ.")
    elif stage == "approved":
        approve(case, consultant)


def seed_trademark_cases(products: dict, users: dict) -> None:
    """Cases of the demo cooperative at each stage, each with a logo, so every screen has content."""
    producer = users["htx@demo.ocop.vn"]
    consultant = users[CONSULTANT_EMAIL]
    with current_app.test_request_context():
        plan = [(w, p, c, stage, producer) for w, p, c, stage in DEMO_TRADEMARKS]
        plan.append(("ÚT HIỀN", "Mắm cá lóc Út Hiền", (150, 40, 40), "approved", users["hokinhdoanh@demo.ocop.vn"]))
        # Filed cases for the tracking screens (the Bưởi cooperative has no account: DOST prepares them).
        plan.append(("BƯỞI NĂM ROI PHÚ HỮU", "Bưởi Năm Roi Phú Hữu", (120, 170, 40), "approved", consultant))
        plan.append(("CẦU ĐÚC", "Khóm Cầu Đúc Hậu Giang", (210, 150, 20), "approved", producer))
        cases = {}
        for wording, product_name, colour, stage, owner in plan:
            organization = products[product_name].organization
            case = case_services.start_case(CaseKind.TRADEMARK, organization, owner, [products[product_name]])
            cases[wording] = case
            case.consultant = consultant
            if stage == "draft":  # half done: the producer still has goods, priority and review to fill
                _fill_case(case, owner, product_name, wording, colour, up_to="mark")
                continue
            _fill_case(case, owner, product_name, wording, colour)
            submit(case, owner)
            _bring_to_stage(case, consultant, stage)
        seed_filed_cases(cases, consultant)


def seed_filed_cases(cases: dict, consultant) -> None:
    """Filed cases under both legal regimes, with deadlines overdue, due this week and later,
    counted from the day the demo data is loaded."""
    now = clock.today()

    def record(case, name, day, **details):
        lifecycle.record_event(case, name, consultant, {"event_date": day, **details})

    # Filed before 1 Apr 2026 (acceptance decision, 9-month examination), then granted.
    granted = cases["CẦU ĐÚC"]
    record(granted, "file", date(2024, 5, 10), application_number="4-2024-21587", filing_channel="online")
    record(granted, "accept_formality", date(2024, 6, 20))
    record(granted, "publish", date(2024, 8, 15), gazette_issue="437A")
    record(granted, "intend_grant", date(2025, 6, 2))
    record(granted, "pay_grant_fees", date(2025, 6, 20))
    record(granted, "grant", date(2025, 9, 10), certificate_number="4-0512345-000")
    # Filed before 1 Apr 2026 and published: substantive examination expected later.
    published = cases["BƯỞI NĂM ROI PHÚ HỮU"]
    record(published, "file", date(2026, 2, 10), application_number="4-2026-02791", filing_channel="paper")
    record(published, "accept_formality", date(2026, 3, 20))
    record(published, "publish", date(2026, 5, 15), gazette_issue="458A")
    # Filed under Law 131/2025: the answer to a formality notice is overdue.
    overdue = cases["KHÓM VỊ THANH"]
    record(overdue, "file", now - timedelta(days=100), application_number=f"4-{(now - timedelta(days=100)).year}-10452",
           filing_channel="online")
    record(overdue, "formality_notice", add_months(now, -2) - timedelta(days=5))
    # Filed under Law 131/2025: the answer is due within the week.
    due_soon = cases["ÚT HIỀN"]
    record(due_soon, "file", now - timedelta(days=90), application_number=f"4-{(now - timedelta(days=90)).year}-10977",
           filing_channel="online")
    record(due_soon, "formality_notice", add_months(now, -2) + timedelta(days=3))
