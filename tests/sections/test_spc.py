"""The ``spc`` section parser: Aurora Telecom's sample and errors that name file, column and row."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from cxconsult.errors import EngagementError
from cxconsult.sections.base import SectionContext
from cxconsult.sections.spc import load_defaults, parse
from cxconsult.spc import what_if

AURORA = Path(__file__).resolve().parents[2] / "data" / "engagements" / "aurora-telecom"


@pytest.fixture
def folder(tmp_path):
    for name in ("spc.yaml", "units.csv", "customer_survey.csv"):
        shutil.copy(AURORA / name, tmp_path / name)
    return tmp_path


def _raw(folder: Path) -> dict:
    return yaml.safe_load((folder / "spc.yaml").read_text())


def _parse(folder: Path, raw: dict | None = None):
    return parse(_raw(folder) if raw is None else raw, SectionContext(folder, "spc.yaml", "spc"))


def _edit_units(folder: Path, edit) -> None:
    frame = pd.read_csv(folder / "units.csv", dtype=str, keep_default_na=False)
    frame = edit(frame)
    frame.to_csv(folder / "units.csv", index=False)


def test_parses_aurora_sample(folder):
    config = _parse(folder)
    assert config.n_units == 45 and len(config.periods) == 6
    assert config.stages[0] == "internal_service_quality" and config.stages[-1] == "revenue_growth"
    assert list(config.frame.columns) == ["unit", "period", *config.stages]
    assert config.frame.shape == (270, 9)
    assert config.assumed_links == ()
    assert (config.n_boot, config.seed, config.margin, config.currency) == (2000, 2024, 0.51, "EUR")
    assert config.perception.measure == "nps" and config.perception.scale == "0-10"
    assert set(config.perception.survey.columns) >= {"nps", "csat", "ces"}
    fit = config.chain().fit(config.frame)
    assert all(link.verdict == "supported" for link in fit.links_)
    assert what_if(fit, engagement_points=5, **config.what_if_inputs()).amount("extra_profit_per_year").value > 0


def test_stage_without_column_uses_sears_default(folder):
    raw = _raw(folder)
    raw["stages"] = {"engagement": "engagement_index", "csat": None, "revenue_growth": "revenue_growth_pct"}
    config = _parse(folder, raw)
    assert config.assumed_links == (("engagement", "csat"), ("csat", "revenue_growth"))
    fit = config.chain().fit(config.frame)
    assert [link.basis for link in fit.links_] == ["assumption", "assumption"]


def test_stage_without_column_or_default_is_an_error(folder):
    raw = _raw(folder)
    raw["stages"]["service_quality"] = None
    with pytest.raises(EngagementError) as info:
        _parse(folder, raw)
    assert info.value.file == "spc.yaml" and info.value.field == "spc.stages.service_quality"
    assert "no literature default" in str(info.value)


def test_defaults_file_has_sears_links_and_no_untraceable_figures():
    defaults, context = load_defaults()
    by_link = {(d.cause, d.effect): d.coefficient for d in defaults}
    # Rucci, Kirn & Quinn 1998: 5 -> 1.3 -> 0.5%
    assert by_link[("engagement", "csat")] == pytest.approx(1.3 / 5)
    assert by_link[("csat", "revenue_growth")] == pytest.approx(0.5 / 1.3, rel=1e-3)
    text = " ".join(context) + " ".join(d.source for d in defaults)
    assert "70%" not in text and "24%" not in text  # seed 002's figures have no traceable source


def test_too_few_units(folder):
    _edit_units(folder, lambda f: f[f["team"] <= "T09"])
    with pytest.raises(EngagementError) as info:
        _parse(folder)
    assert info.value.file == "units.csv" and info.value.field == "column 'team'"
    assert "9 distinct units" in str(info.value) and "at least 10" in str(info.value)


def test_missing_value_names_column_and_row(folder):
    _edit_units(folder, lambda f: f.assign(csat_pct=["" if i == 6 else v for i, v in enumerate(f["csat_pct"])]))
    with pytest.raises(EngagementError) as info:
        _parse(folder)
    assert info.value.file == "units.csv" and info.value.field == "column 'csat_pct', row 7"


def test_nan_text_is_rejected(folder):
    _edit_units(folder, lambda f: f.assign(fcr_pct=["NaN"] + list(f["fcr_pct"][1:])))
    with pytest.raises(EngagementError, match="column 'fcr_pct', row 1"):
        _parse(folder)


def test_constant_column(folder):
    _edit_units(folder, lambda f: f.assign(fcr_pct="65"))
    with pytest.raises(EngagementError) as info:
        _parse(folder)
    assert info.value.field == "column 'fcr_pct'" and "constant" in str(info.value)


def test_missing_link_column(folder):
    _edit_units(folder, lambda f: f.drop(columns=["staff_retention_pct"]))
    with pytest.raises(EngagementError) as info:
        _parse(folder)
    assert info.value.file == "units.csv" and "staff_retention_pct" in str(info.value)


def test_repeated_unit_period_row(folder):
    _edit_units(folder, lambda f: f.assign(quarter=[f["quarter"][0]] * 2 + list(f["quarter"][2:])))
    with pytest.raises(EngagementError) as info:
        _parse(folder)
    assert info.value.field == "row 2" and "one row per unit and period" in str(info.value)


def test_bad_settings_name_the_field(folder):
    raw = _raw(folder)
    raw["bootstrap"]["n_boot"] = 10
    with pytest.raises(EngagementError) as info:
        _parse(folder, raw)
    assert info.value.field == "spc.bootstrap.n_boot"
    raw = _raw(folder)
    raw["what_if"]["margin"] = 22
    with pytest.raises(EngagementError, match="spc.what_if.margin"):
        _parse(folder, raw)
    raw = _raw(folder)
    raw["period_effects"] = "yes"
    with pytest.raises(EngagementError, match="spc.period_effects"):
        _parse(folder, raw)
    raw = _raw(folder)
    raw["units_file"] = "nope.csv"
    with pytest.raises(EngagementError, match="nope.csv: file not found"):
        _parse(folder, raw)


def test_survey_answer_out_of_scale(folder):
    survey = pd.read_csv(folder / "customer_survey.csv")
    survey.loc[3, "nps"] = 11
    survey.to_csv(folder / "customer_survey.csv", index=False)
    with pytest.raises(EngagementError) as info:
        _parse(folder)
    assert info.value.file == "customer_survey.csv" and info.value.field == "column 'nps', row 4"
    assert "outside the 0-10 scale" in str(info.value)


# -- issue 10: bounded numbers, files kept inside the engagement folder ----------------------------------

@pytest.mark.parametrize(("section", "field", "value", "words"), [
    ("what_if", "customers", 1e22, "<= 1e+10"),
    ("what_if", "revenue_per_year", 1e300, "<= 1e+13"),
    ("what_if", "value_per_customer", -945, ">= 0"),
    ("what_if", "margin", 1.2, "<= 1"),
    ("what_if", "engagement_points", 10**400, "beyond any plausible figure"),
    ("bootstrap", "n_boot", 1e9, "<= 100,000"),
    ("bootstrap", "seed", 2**40, "<= 4.29497e+09"),
    ("bootstrap", "confidence", True, "got bool True"),
    ("perception", "internal_view", 150, "<= 100"),
])
def test_numbers_out_of_range_name_field_and_range(folder, section, field, value, words):
    raw = _raw(folder)
    raw[section][field] = value
    with pytest.raises(EngagementError) as info:
        _parse(folder, raw)
    assert (info.value.file, info.value.field) == ("spc.yaml", f"spc.{section}.{field}")
    assert words in str(info.value)


@pytest.mark.parametrize(("key", "where"), [
    ("units_file", None), ("defaults_file", None), ("survey_file", "perception"),
])
def test_files_outside_the_folder_are_refused(folder, tmp_path_factory, key, where):
    outside = tmp_path_factory.mktemp("elsewhere")
    for name in ("units.csv", "customer_survey.csv"):
        shutil.copy(AURORA / name, outside / name)
    raw = _raw(folder)
    target = raw[where] if where else raw
    target[key] = str(outside / ("customer_survey.csv" if key == "survey_file" else "units.csv"))
    if key == "defaults_file":
        target[key] = "../../../etc/passwd"
    with pytest.raises(EngagementError) as info:
        _parse(folder, raw)
    assert "outside the engagement folder" in str(info.value)
    assert key in (info.value.field or "")


def test_defaults_yaml_with_an_alias_is_refused(folder):
    (folder / "defaults.yaml").write_text("links: &l []\ncontext: *l\n")
    raw = _raw(folder)
    raw["defaults_file"] = "defaults.yaml"
    with pytest.raises(EngagementError, match="not allowed"):
        _parse(folder, raw)


def test_unit_labels_in_messages_are_cut(folder):
    def edit(frame):  # rows 1 and 2: the same (hostile, long) team in the same quarter
        frame.loc[[0, 1], "team"] = "<img src=x>" + "t" * 500
        frame.loc[1, "quarter"] = frame.loc[0, "quarter"]
        return frame

    _edit_units(folder, edit)
    with pytest.raises(EngagementError) as info:
        _parse(folder)
    assert "characters)" in str(info.value) and len(str(info.value)) < 300


def test_unit_table_row_cap(folder, monkeypatch):
    from cxconsult.sections import spc as section

    monkeypatch.setattr(section, "MAX_UNIT_ROWS", 100)  # the sample has 270 rows (units x quarters)
    with pytest.raises(EngagementError) as info:
        _parse(folder)
    assert info.value.file == "units.csv" and "has 270 rows; expected at most 100" in str(info.value)
