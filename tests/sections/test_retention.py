"""The retention section parser: the Aurora Telecom sample parses; bad data is named precisely."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from cxconsult.errors import EngagementError
from cxconsult.sections.base import SectionContext
from cxconsult.sections.retention import parse

AURORA = Path(__file__).resolve().parents[2] / "data" / "engagements" / "aurora-telecom"
FILES = ("retention.yaml", "retention_cohorts.csv", "retention_exit_reasons.csv", "retention_poor_service.csv")


def _load(folder: Path, raw: dict | None = None):
    raw = raw if raw is not None else yaml.safe_load((folder / "retention.yaml").read_text())
    return parse(raw, SectionContext(folder, "retention.yaml", "retention"))


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    for name in FILES:
        shutil.copy(AURORA / name, tmp_path / name)
    return tmp_path


def _raw(folder: Path) -> dict:
    return yaml.safe_load((folder / "retention.yaml").read_text())


def test_aurora_sample_parses():
    config = _load(AURORA)
    assert config.period == "month" and config.period_months == 1
    assert len(config.cohorts) == 8
    first = config.cohorts["2023-Q1"]
    assert first[0] == 5820 and first.size == 29
    assert {r.category for r in config.exit_reasons} == {"price", "service", "other"}
    # programme takes the yearly margin (19.50 x 12 = 234) and the total cost of poor service
    assert config.programme.margin_per_customer_per_year == pytest.approx(234.0)
    assert config.programme.cost_of_poor_service_per_year == pytest.approx(
        sum(i.count_per_year * i.value_each for i in config.poor_service))
    # 9% a year is 0.7207% a month: 1.09 ** (1/12) - 1
    assert config.discount_rate_per_period == pytest.approx(1.09 ** (1 / 12) - 1)


def _rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_active_rising_within_a_cohort_is_rejected(folder):
    _rewrite(folder / "retention_cohorts.csv", "2023-Q1,2,5454", "2023-Q1,2,5700")
    with pytest.raises(EngagementError, match=r"retention_cohorts.csv: column 'active', row 3: .*more than"):
        _load(folder)


def test_negative_count_is_rejected(folder):
    _rewrite(folder / "retention_cohorts.csv", "2023-Q1,2,5454", "2023-Q1,2,-5")
    with pytest.raises(EngagementError, match=r"column 'active', row 3: expected a count >= 0"):
        _load(folder)


def test_cohort_of_zeros_is_rejected(folder):
    (folder / "retention_cohorts.csv").write_text("cohort,period,active\nA,0,0\nA,1,0\n")
    with pytest.raises(EngagementError, match=r"row 1: cohort 'A': the cohort size"):
        _load(folder)


def test_missing_value_is_rejected(folder):
    _rewrite(folder / "retention_cohorts.csv", "2023-Q1,2,5454", "2023-Q1,2,")
    with pytest.raises(EngagementError, match=r"retention_cohorts.csv: column 'active', row 3: expected a whole"):
        _load(folder)


def test_gap_in_periods_is_rejected(folder):
    _rewrite(folder / "retention_cohorts.csv", "2023-Q1,2,5454\n", "")
    with pytest.raises(EngagementError, match=r"expected period 2"):
        _load(folder)


def test_bad_exit_category_and_poor_service_kind(folder):
    _rewrite(folder / "retention_exit_reasons.csv", ",price,284", ",cost,284")
    with pytest.raises(EngagementError, match=r"retention_exit_reasons.csv: column 'category', row 1"):
        _load(folder)


def test_bad_poor_service_kind(folder):
    _rewrite(folder / "retention_poor_service.csv", ",rework,", ",redo,")
    with pytest.raises(EngagementError, match=r"retention_poor_service.csv: column 'kind', row 5"):
        _load(folder)


def test_defection_rows_would_be_counted_twice(folder):
    """Service-driven defections are valued by the model; listing them again is rejected."""
    with (folder / "retention_poor_service.csv").open("a") as f:
        f.write("Lost to a competitor after a complaint,defection,9800,310\n")
    with pytest.raises(EngagementError, match=r"column 'kind', row 7: service-driven defections"):
        _load(folder)


def test_yaml_fields_are_checked(folder):
    raw = _raw(folder)
    raw["discount_rate_per_year"] = "nine"
    with pytest.raises(EngagementError, match=r"retention.yaml: retention.discount_rate_per_year"):
        _load(folder, raw)
    raw = _raw(folder)
    raw["programme"]["retention_gain_points"] = 30
    with pytest.raises(EngagementError, match=r"retention.programme.retention_gain_points"):
        _load(folder, raw)
    raw = _raw(folder)
    raw["cohorts_csv"] = "nope.csv"
    with pytest.raises(EngagementError, match=r"nope.csv: file not found"):
        _load(folder, raw)


def test_optional_transactions(folder):
    (folder / "tx.csv").write_text("customer,frequency,recency,T,average_spend\nc1,2,30.4,38.9,22.3\n"
                                   "c2,0,0,38.9,0\n")
    raw = _raw(folder)
    raw["transactions_csv"] = "tx.csv"
    assert len(_load(folder, raw).transactions) == 2
    (folder / "tx.csv").write_text("customer,frequency,recency,T\nc1,2,40,38.9\n")
    with pytest.raises(EngagementError, match=r"tx.csv: column 'recency', row 1"):
        _load(folder, raw)


# -- issue 10: every number bounded, cross-field checks ---------------------------------------------------

@pytest.mark.parametrize(("field", "value", "words"), [
    ("customers", 1e22, "expected a whole number >= 1 and <= 1e+10"),
    ("customers", 0, ">= 1"),
    ("customers", 412000.5, "whole number"),
    ("margin_per_customer_per_period", 1e300, "<= 1e+07"),
    ("margin_per_customer_per_period", 10**400, "beyond any plausible figure"),
    ("acquisition_cost", -1, ">= 0"),
    ("acquisition_cost", True, "got bool True"),
    ("retention_cost_per_customer_per_year", float("nan"), "NaN"),
    ("discount_rate_per_year", 1.5, "<= 1"),
    ("defections_per_year", float("inf"), "beyond any plausible"),
])
def test_numbers_out_of_their_plausible_range_name_field_and_range(folder, field, value, words):
    raw = _raw(folder)
    raw[field] = value
    with pytest.raises(EngagementError) as info:
        _load(folder, raw)
    assert info.value.file == "retention.yaml" and info.value.field == f"retention.{field}"
    assert words in str(info.value)


def test_defections_cannot_exceed_the_customer_base(folder):
    """The issue's case: ten times the base (4.12 million of 412,000) was accepted."""
    raw = _raw(folder)
    raw["defections_per_year"] = 4_120_000
    with pytest.raises(EngagementError) as info:
        _load(folder, raw)
    assert info.value.field == "retention.defections_per_year"
    assert "4,120,000 customers lost a year is more than the 412,000 customers" in str(info.value)
    raw["defections_per_year"] = 412_000  # everybody leaving in a year is extreme but possible
    assert _load(folder, raw).defections_per_year == 412_000


@pytest.mark.parametrize(("field", "value", "words"), [
    ("investment", 1e14, "<= 1e+13"),
    ("running_cost_per_year", -5, ">= 0"),
    ("retention_gain_points", 60, "<= 50"),
    ("horizon_years", 1000, "<= 30"),
    ("ramp_months", 1e9, "<= 120"),
])
def test_programme_numbers_are_bounded(folder, field, value, words):
    raw = _raw(folder)
    raw["programme"][field] = value
    with pytest.raises(EngagementError) as info:
        _load(folder, raw)
    assert info.value.field == f"retention.programme.{field}" and words in str(info.value)


def test_cohorts_where_nobody_renewed_are_refused_at_load(folder):
    """Every cohort at 0 after period 1: nothing to fit (the fit would be flagged no_information)."""
    (folder / "retention_cohorts.csv").write_text("cohort,period,active\nA,0,1000\nA,1,0\nB,0,500\nB,1,0\n")
    with pytest.raises(EngagementError) as info:
        _load(folder)
    assert info.value.file == "retention_cohorts.csv" and "no renewal" in str(info.value)


def test_a_cohort_reaching_zero_among_others_is_fine(folder):
    """A cohort that all left later is information, not an error: [1000, 400, 0] next to the sample's."""
    path = folder / "retention_cohorts.csv"
    path.write_text(path.read_text() + "gone,0,1000\ngone,1,400\ngone,2,0\n")
    config = _load(folder)
    assert list(config.cohorts["gone"]) == [1000, 400, 0]


@pytest.mark.parametrize(("csv", "column", "words"), [
    ("cohort,period,active\nA,0,100000000000\nA,1,5\n", "active", "<= 10,000,000,000"),
    ("cohort,period,active\nA,0,100\nA,5000,5\n", "period", "<= 1200"),
    ("cohort,period,active\nA,0,1e400\nA,1,5\n", "active", "at most 1e+15"),
])
def test_cohort_csv_values_are_bounded(folder, csv, column, words):
    (folder / "retention_cohorts.csv").write_text(csv)
    with pytest.raises(EngagementError) as info:
        _load(folder)
    assert info.value.field.startswith(f"column '{column}'") and words in str(info.value)


def test_csv_outside_the_folder_is_refused(folder, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "cohorts.csv"
    outside.write_text("cohort,period,active\nA,0,10\nA,1,5\n")
    raw = _raw(folder)
    raw["cohorts_csv"] = str(outside)
    with pytest.raises(EngagementError) as info:
        _load(folder, raw)
    assert (info.value.file, info.value.field) == ("retention.yaml", "retention.cohorts_csv")
    assert "outside the engagement folder" in str(info.value)


def test_hostile_text_in_error_messages_is_cut(folder):
    raw = _raw(folder)
    raw["period"] = "<script>" + "x" * 10_000
    with pytest.raises(EngagementError) as info:
        _load(folder, raw)
    assert "(10010 characters)" in str(info.value) and len(str(info.value)) < 250
    raw["period"] = "month"
    raw["currency"] = "<b>EUR</b>"
    with pytest.raises(EngagementError, match="ISO 4217"):
        _load(folder, raw)
