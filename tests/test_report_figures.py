"""The annual report's figures on a hand-built dataset: every expected number is written here.

The dataset (see `build_dataset`): two organizations in wards of the former Vị Thanh city and
Phụng Hiệp district; six cases, one crossing 2024→2025 and one 2025→2026, two withdrawn (one
before filing, one after), one refused; four products, two of which changed stars; four
referrals; deadlines met, missed, overdue and cancelled; manual counts with a zero year.
"""
from __future__ import annotations

from datetime import date

import pytest

from app.models import (
    CaseKind,
    Party,
    ProductGroup,
    ReportMetric,
)
from app.reports import figures as F
from app.reports.figures import IpAtDate, Stage, Verdict
from tests.report_dataset import PHUNG_HIEP, VI_THANH, build_dataset, set_target

TODAY = date(2026, 12, 20)


@pytest.fixture
def dataset(db, make_organization):
    return build_dataset(db, make_organization)


# --- growth, pure -------------------------------------------------------------------------------

@pytest.mark.parametrize("current, previous, expected", [
    (105, 100, 0.05), (100, 100, 0.0), (50, 100, -0.5), (3, 0, None), (0, 0, None), (None, 4, None), (4, None, None),
])
def test_year_on_year_growth(current, previous, expected):
    assert F.yoy_growth(current, previous) == pytest.approx(expected) if expected is not None \
        else F.yoy_growth(current, previous) is None


def test_average_growth_is_compound_and_undefined_from_a_zero_base():
    assert F.average_growth(121, 100, 2) == pytest.approx(0.10)
    assert F.average_growth(0, 10, 2) == pytest.approx(-1.0)
    assert F.average_growth(10, 0, 3) is None  # zero base year: not computable, no ZeroDivisionError
    assert F.average_growth(10, 10, 0) is None


@pytest.mark.parametrize("growth, minimum, expected", [
    (0.031, 3.0, Verdict.MET), (0.0299, 3.0, Verdict.MET),  # printed "3,0 %": met
    (0.0294, 3.0, Verdict.NOT_MET), (-0.1, 2.0, Verdict.NOT_MET), (None, 3.0, Verdict.NO_DATA),
    (0.5, None, Verdict.NO_DATA),
])
def test_verdict(growth, minimum, expected):
    assert F.verdict(growth, minimum) == expected


# --- the dataset ----------------------------------------------------------------------------------

def test_applications_by_kind_in_2025(dataset):
    f = F.compute(2025, today=TODAY)
    assert f.as_of == date(2025, 12, 31) and not f.to_date and not f.empty
    assert f.by_kind[CaseKind.TRADEMARK] == dict(prepared=2, filed=0, granted=1, refused=0, withdrawn=1, abandoned=0)
    assert f.by_kind[CaseKind.COLLECTIVE] == dict(prepared=1, filed=1, granted=0, refused=0, withdrawn=1, abandoned=0)
    assert f.by_kind[CaseKind.GI] == dict(prepared=1, filed=1, granted=0, refused=1, withdrawn=0, abandoned=0)
    assert not any(f.by_kind[CaseKind.CERTIFICATION].values())


def test_cases_crossing_year_ends_are_at_their_stage_of_each_year_end(dataset):
    end_2024 = F.compute(2024, today=TODAY).stages
    assert end_2024[CaseKind.TRADEMARK] == {Stage.PREPARATION: 0, Stage.PENDING: 1, Stage.GRANTED: 1,
                                            Stage.REFUSED: 0, Stage.WITHDRAWN: 0}
    assert not any(end_2024[CaseKind.COLLECTIVE].values())
    end_2025 = F.compute(2025, today=TODAY).stages
    # c1, c2 granted; c4 prepared in 2025 and filed in 2026; c6 withdrawn before filing.
    assert end_2025[CaseKind.TRADEMARK] == {Stage.PREPARATION: 1, Stage.PENDING: 0, Stage.GRANTED: 2,
                                            Stage.REFUSED: 0, Stage.WITHDRAWN: 1}
    assert end_2025[CaseKind.COLLECTIVE][Stage.WITHDRAWN] == 1
    assert end_2025[CaseKind.GI][Stage.REFUSED] == 1
    f2026 = F.compute(2026, today=TODAY)
    assert f2026.to_date and f2026.as_of == TODAY
    assert f2026.by_kind[CaseKind.TRADEMARK]["filed"] == 1 and f2026.by_kind[CaseKind.TRADEMARK]["prepared"] == 0
    assert f2026.stages[CaseKind.TRADEMARK][Stage.PENDING] == 1


def test_growth_against_the_plan(dataset):
    f = F.compute(2025, today=TODAY)
    ip = f.kpi(ReportMetric.INDUSTRIAL_PROPERTY)
    assert (ip.count, ip.previous, ip.base_count) == (2, 1, 1)
    assert ip.yoy == pytest.approx(1.0) and ip.yoy_verdict == Verdict.MET
    assert ip.average == pytest.approx(2 ** 0.5 - 1) and ip.average_verdict == Verdict.MET
    assert f.filed_trend[CaseKind.TRADEMARK][2023] == 1 and f.filed_trend[CaseKind.GI][2025] == 1
    assert [f.metric_trend[ReportMetric.INDUSTRIAL_PROPERTY][y] for y in (2021, 2022, 2023, 2024, 2025)] == [0, 0, 1, 1, 2]
    f2024 = F.compute(2024, today=TODAY)
    line = f2024.kpi(ReportMetric.INDUSTRIAL_PROPERTY)
    assert line.yoy == 0 and line.yoy_verdict == Verdict.NOT_MET  # 1 → 1: 0 %, below 3 %


def test_growth_from_a_zero_base_year_is_not_computable(db, dataset):
    set_target(db, ReportMetric.INDUSTRIAL_PROPERTY, base_year=2022, low=3.0, high=5.0)  # nothing filed in 2022
    db.session.commit()
    line = F.compute(2025, today=TODAY).kpi(ReportMetric.INDUSTRIAL_PROPERTY)
    assert line.base_count == 0 and line.average is None and line.average_verdict == Verdict.NO_DATA
    line_2023 = F.compute(2023, today=TODAY).kpi(ReportMetric.INDUSTRIAL_PROPERTY)
    assert (line_2023.count, line_2023.previous, line_2023.yoy) == (1, 0, None)
    assert line_2023.yoy_verdict == Verdict.NO_DATA


def test_manual_counts_with_a_zero_year_and_missing_years(dataset):
    f = F.compute(2025, today=TODAY)
    copyright_ = f.kpi(ReportMetric.COPYRIGHT)
    assert (copyright_.count, copyright_.previous, copyright_.base_count) == (5, 0, 10)
    assert copyright_.yoy is None and copyright_.yoy_verdict == Verdict.NO_DATA  # from 0
    assert copyright_.average == pytest.approx(0.5 ** 0.5 - 1) and copyright_.average_verdict == Verdict.NOT_MET
    assert copyright_.source == "Cục Bản quyền tác giả"
    related = f.kpi(ReportMetric.RELATED_RIGHTS)
    assert (related.count, related.previous, related.yoy) == (3, None, None)
    assert f.manual_missing == [ReportMetric.PLANT_VARIETY]
    assert f.metric_trend[ReportMetric.COPYRIGHT][2024] == 0 and f.metric_trend[ReportMetric.PLANT_VARIETY][2025] is None


def test_ocop_products_with_stars_and_ip_status_as_of_the_year_end(dataset):
    f = F.compute(2025, today=TODAY)
    assert f.products_total == 3  # p4 was certified in 2026
    # p1 was 3 stars until June 2025; p2 was 5 stars until February 2026.
    assert f.by_stars[4] == {IpAtDate.PROTECTED: 1, IpAtDate.PENDING: 1, IpAtDate.NONE: 0}
    assert f.by_stars[5] == {IpAtDate.PROTECTED: 0, IpAtDate.PENDING: 0, IpAtDate.NONE: 1}
    assert f.by_stars[3] == {IpAtDate.PROTECTED: 0, IpAtDate.PENDING: 0, IpAtDate.NONE: 0}
    assert f.by_group[ProductGroup.FOOD] == {IpAtDate.PROTECTED: 1, IpAtDate.PENDING: 1, IpAtDate.NONE: 0}
    assert f.by_group[ProductGroup.DRINKS][IpAtDate.NONE] == 1  # its collective-mark case was withdrawn
    assert (f.top_rated, f.top_rated_protected) == (3, 1) and f.top_rated_share == pytest.approx(1 / 3)
    assert f.stars_changed == 1
    f2024 = F.compute(2024, today=TODAY)
    assert f2024.products_total == 2 and f2024.by_stars[3][IpAtDate.PROTECTED] == 1  # p1, 3 stars then, granted
    assert f2024.by_stars[5][IpAtDate.NONE] == 1 and f2024.top_rated_share == 0
    f2026 = F.compute(2026, today=TODAY)
    assert f2026.by_stars[3][IpAtDate.NONE] == 1 and f2026.stars_changed == 1  # p2 is 3 stars now


def test_support_requests_and_median_days(dataset):
    f = F.compute(2025, today=TODAY)
    assert f.referrals == dict(received=3, accepted=1, closed=1, handled=2, open=1)
    assert f.median_referral_to_filing == 198.5 and f.referral_to_filing_n == 2  # 93 and 304 days
    assert f.median_filing_to_grant == 324 and f.filing_to_grant_n == 1  # 20/11/2024 → 10/10/2025


def test_by_ward_and_former_district(dataset):
    f = F.compute(2025, today=TODAY)
    assert f.by_ward[VI_THANH] == dict(filed=1, granted=1, products=1, protected=1)
    assert f.by_ward[PHUNG_HIEP] == dict(filed=1, granted=0, products=2, protected=0)
    assert f.by_district["Thành phố Vị Thanh"] == dict(filed=1, granted=1, products=1, protected=1)
    assert f.by_district["Huyện Phụng Hiệp"] == dict(filed=1, granted=0, products=2, protected=0)


def test_deadlines_met_and_missed(dataset):
    f = F.compute(2025, today=TODAY)
    assert f.deadlines[Party.APPLICANT] == dict(met=1, missed=2, open=0)
    assert f.deadlines[Party.OFFICE] == dict(met=1, missed=0, open=0)
    f2026 = F.compute(2026, today=TODAY)
    assert f2026.deadlines[Party.APPLICANT] == dict(met=0, missed=0, open=1)
    assert f2026.deadlines[Party.OFFICE] == dict(met=0, missed=1, open=0)


def test_a_year_without_data_is_empty(dataset):
    f = F.compute(2010, today=TODAY)
    assert f.empty and f.products_total == 0
    assert F.compute(2025, today=TODAY).empty is False


def test_former_districts_come_from_the_data_file():
    districts = F.former_districts()
    assert districts[VI_THANH] == "Thành phố Vị Thanh"
    assert districts[31441] == "Huyện Vị Thuỷ"  # Xã Vị Thủy kept the code of Thị trấn Nàng Mau
    assert len(districts) > 3000
