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
