"""Numbers the Vietnamese way: decimal commas in Vietnamese, and real plurals ("1 month", "2 months";
"1 tháng") instead of "month(s)"."""
from __future__ import annotations

from datetime import date

import pytest
from flask_babel import force_locale

from app.i18n import count_days, count_months, format_measure
from tests.conftest import text_of
from tests.pdf_reading import text_of as pdf_text
from tests.wizard_helpers import filled_trademark


@pytest.mark.parametrize("lang, one, two, five_days, measure", [
    ("vi", "1 tháng", "2 tháng", "5 ngày", "80,0"),
    ("en", "1 month", "2 months", "5 days", "80.0"),
])
def test_counts_and_measures_follow_the_language(app, lang, one, two, five_days, measure):
    with app.test_request_context(), force_locale(lang):
        assert (count_months(1), count_months(2), count_days(5), format_measure(80, lang)) == (one, two, five_days, measure)
        assert count_days(1) == ("1 ngày" if lang == "vi" else "1 day")
        assert format_measure(1234.56, lang) == ("1.234,6" if lang == "vi" else "1,234.6")


@pytest.fixture
def producer(login_as, make_organization, make_product, reference_data, freeze_today):
    freeze_today(date(2026, 3, 1))
    return filled_trademark(login_as, make_organization, make_product)


def test_the_marks_printed_size_has_decimal_commas_on_the_page_and_in_the_dossier(producer):
    client, case_id = producer  # a 1200 × 900 px logo prints 80 × 60 mm
    assert "Kích thước in: 80,0 × 60,0 mm" in text_of(client.get(f"/cases/{case_id}/steps/review"))
    assert "Kích thước in: 80,0 × 60,0 mm" in pdf_text(client.get(f"/cases/{case_id}/dossier.pdf").data)
    client.post("/language/en", data={"next": "/"})
    assert "Printed size: 80.0 × 60.0 mm" in text_of(client.get(f"/cases/{case_id}/steps/review"))
