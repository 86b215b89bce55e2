"""Plan versus actual (cxconsult.outlook.tracking): hand-worked variances and statuses, month alignment,
bad actuals at the edge, and the narrative's numbers next to their labels."""

from __future__ import annotations

import dataclasses
import pickle

import pandas as pd
import pytest
import yaml

from cxconsult.engagement import load_engagement
from cxconsult.errors import EngagementError, ModelError
from cxconsult.outlook.model import Targets
from cxconsult.outlook.tracking import PlanVsActual, month_text, plan_month, plan_vs_actual

# A three-month plan worked by hand (month 0 = baseline). Units: customers, money a month, share.
FRAME = pd.DataFrame({"customers": [1000.0, 1010.0, 1020.0, 1030.0],
                      "cost_base": [500.0, 490.0, 480.0, 470.0],
                      "self_service_share": [0.10, 0.12, 0.14, 0.16]},
                     index=pd.RangeIndex(4, name="month"))
ACTUALS = pd.DataFrame({"month": ["2026-02", "2026-03", "2026-04"],
                        "customers": [1015.0, 1025.0, 1032.0],
                        "cost_base": [495.0, 470.0, 480.0],
                        "self_service_share": [0.125, 0.13, 0.175]})
TARGETS = Targets(by_month=3, customers_change=0.0, cost_base_change=-0.20, self_service_share=0.50)


@pytest.fixture(scope="module")
def result() -> PlanVsActual:
    return plan_vs_actual(FRAME, ACTUALS, TARGETS, first_month="2026-02")


def test_hand_worked_variances(result):
    """Plan month 1 = 2026-02. Variance = actual - plan; share = variance / plan; favourable when
    variance x direction > 0 (customers and self-service: higher is better; cost base: lower).

    month 1: customers 1015 - 1010 = +5 (+0.495 %), cost 495 - 490 = +5 (+1.020 %, unfavourable),
             self-service 0.125 - 0.12 = +0.005
    month 2: customers +5, cost 470 - 480 = -10 (-2.083 %, favourable), self-service 0.13 - 0.14 = -0.01
    month 3: customers 1032 - 1030 = +2 (+0.194 %), cost 480 - 470 = +10 (+2.128 %),
             self-service 0.175 - 0.16 = +0.015
    """
    t = result.table.set_index(["csf", "month"])
    assert list(result.table.columns) == ["csf", "month", "period", "plan", "actual", "variance",
                                          "variance_share", "favourable"]
    assert t.loc[("customers", 1), "plan"] == 1010 and t.loc[("customers", 1), "variance"] == pytest.approx(5)
    assert t.loc[("customers", 1), "variance_share"] == pytest.approx(5 / 1010)
    assert t.loc[("cost_base", 1), "variance"] == pytest.approx(5) and not t.loc[("cost_base", 1), "favourable"]
    assert t.loc[("cost_base", 2), "variance"] == pytest.approx(-10) and t.loc[("cost_base", 2), "favourable"]
    assert t.loc[("cost_base", 2), "variance_share"] == pytest.approx(-10 / 480)
    assert t.loc[("self_service_share", 2), "variance"] == pytest.approx(-0.01)
    assert not t.loc[("self_service_share", 2), "favourable"]
    assert t.loc[("self_service_share", 3), "variance"] == pytest.approx(0.015)
    assert t.loc[("cost_base", 3), "period"] == "2026-04"
    assert len(result.table) == 9


def test_hand_worked_status_at_latest_month(result):
    """Status at month 3 with a 1 % tolerance (1 point for shares):
    customers +0.194 % -> on plan; cost base +2.128 % above plan (lower is better) -> behind;
    self-service +1.5 points -> ahead. Targets at month 3: customers 1000 x (1 + 0) = 1000,
    cost base 500 x (1 - 20 %) = 400, self-service 50 %."""
    customers, cost, share = result["customers"], result["cost_base"], result["self_service_share"]
    assert (customers.status, customers.on_track) == ("on_plan", True)
    assert (cost.status, cost.on_track) == ("behind", False)
    assert (share.status, share.on_track) == ("ahead", True)
    assert cost.latest_month == 3 and cost.latest_period == "2026-04" and cost.months == 3
    assert cost.plan == 470 and cost.actual == 480 and cost.variance_share == pytest.approx(10 / 470)
    assert customers.target_level == pytest.approx(1000) and cost.target_level == pytest.approx(400)
    assert share.target_level == pytest.approx(0.5)
    assert [c.name for c in result.behind] == ["cost_base"]
    assert list(result.plan.index) == [0, 1, 2, 3] and result.latest_month == 3
    # a 3 % tolerance holds the cost base's +2.1 % within the band; the self-service +1.5 points too
    wide = plan_vs_actual(FRAME, ACTUALS, TARGETS, first_month="2026-02", tolerance=0.03)
    assert wide["cost_base"].status == "on_plan" and wide["self_service_share"].status == "on_plan"
    assert pickle.loads(pickle.dumps(result)).csfs == result.csfs
    assert "behind" in result.summary()


def test_latest_month_per_measure_skips_empty_cells():
    """An empty cell (NaN) is no figure: the status is judged at that measure's own latest month."""
    actuals = ACTUALS.copy()
    actuals.loc[2, "cost_base"] = float("nan")
    r = plan_vs_actual(FRAME, actuals, TARGETS, first_month="2026-02")
    assert r["cost_base"].latest_month == 2 and r["cost_base"].status == "ahead"   # -2.083 % at month 2
    assert r["customers"].latest_month == 3


def test_month_alignment_off_by_one_caught():
    """Plan month 1 is first_month itself: 2026-02 -> month 1 (plan 1010), never month 0 (1000) or
    month 2 (1020). A plan dated one month later shifts every comparison by one month."""
    assert plan_month("2026-02", "2026-02") == 1 and plan_month("2027-01", "2026-02") == 12
    assert month_text("2026-02", 1) == "2026-02" and month_text("2026-02", 12) == "2027-01"
    r = plan_vs_actual(FRAME, ACTUALS, TARGETS, first_month="2026-02")
    first = r.table[r.table["csf"] == "customers"].iloc[0]
    assert (first["month"], first["plan"]) == (1, 1010)
    shifted = plan_vs_actual(FRAME, ACTUALS.iloc[:2], TARGETS, first_month="2026-01")
    first = shifted.table[shifted.table["csf"] == "customers"].iloc[0]
    assert (first["month"], first["plan"]) == (2, 1020)
    with pytest.raises(ModelError, match="outside the plan"):   # 2026-04 would be month 4 of a 3-month plan
        plan_vs_actual(FRAME, ACTUALS, TARGETS, first_month="2026-01")
    with pytest.raises(ModelError, match="outside the plan"):   # 2026-02 would be month 0, the baseline
        plan_vs_actual(FRAME, ACTUALS, TARGETS, first_month="2026-03")


def test_model_refuses_bad_actuals():
    with pytest.raises(ModelError, match="unknown column 'nps'"):
        plan_vs_actual(FRAME, ACTUALS.assign(nps=1.0), TARGETS, first_month="2026-02")
    with pytest.raises(ModelError, match="2026-03 appears twice"):
        plan_vs_actual(FRAME, pd.concat([ACTUALS, ACTUALS.iloc[[1]]]), TARGETS, first_month="2026-02")
    with pytest.raises(ModelError, match="YYYY-MM"):
        plan_vs_actual(FRAME, ACTUALS, TARGETS, first_month="February")


# -- the edge: the outlook section of an engagement ---------------------------------------------------

def _write(folder, csv: str, **outlook) -> None:
    (folder / "outlook_actuals.csv").write_text(csv, encoding="utf-8")
    raw = yaml.safe_load((folder / "outlook.yaml").read_text(encoding="utf-8"))
    raw.update(outlook)
    for key in [k for k, v in outlook.items() if v is None]:
        raw.pop(key)
    (folder / "outlook.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")


def _error(folder) -> EngagementError:
    with pytest.raises(EngagementError) as info:
        load_engagement(folder)
    return info.value


def test_sample_actuals_load(sample_path):
    cfg = load_engagement(sample_path).outlook
    assert cfg.first_month == "2026-02" and cfg.actuals_file == "outlook_actuals.csv"
    assert 8 <= len(cfg.actuals) <= 10 and cfg.actuals["month"].iloc[0] == "2026-02"


@pytest.mark.parametrize("csv, field, words", [
    ("month,customers,nps\n2026-02,413000,40\n", "column 'nps'", "unknown column"),
    ("month,customers\n2026-02,413000\n2029-03,420000\n", "column 'month', row 2", "outside the plan"),
    ("month,customers\n2026-01,413000\n", "column 'month', row 1", "outside the plan"),
    ("month,customers\n2026-02,413000\n2026-03,414000\n2026-02,413500\n", "column 'month', row 3",
     "appears twice"),
    ("month,customers\nFeb 2026,413000\n", "column 'month', row 1", "YYYY-MM"),
    ("month,self_service_share\n2026-02,12\n", "column 'self_service_share', row 1", "share in 0..1"),
    ("month,customers\n2026-02,-5\n", "column 'customers', row 1", "a number in 0.."),
])
def test_bad_actuals_name_file_column_and_row(sample_copy, csv, field, words):
    _write(sample_copy, csv)
    err = _error(sample_copy)
    assert err.file == "outlook_actuals.csv" and err.field == field and words in str(err)


def test_first_month_must_agree_with_start_month(sample_copy):
    """assumptions.start_month = 1 says month 0 is a January: first_month 2026-03 (month 0 =
    February) is one month off and refused; without first_month, plan month 1 is the month after
    the engagement date (2026-11-23 -> 2026-12, month 0 = November): refused too."""
    _write(sample_copy, "month,customers\n2026-03,413000\n", first_month="2026-03")
    err = _error(sample_copy)
    assert err.file == "outlook.yaml" and err.field == "outlook.first_month" and "start_month" in str(err)
    _write(sample_copy, "month,customers\n2026-12,413000\n", first_month=None)
    err = _error(sample_copy)
    assert err.field == "outlook.actuals" and "2026-12" in str(err)
    _write(sample_copy, "month,customers\n2026-02,413000\n", first_month="2026-13")
    assert _error(sample_copy).field == "outlook.first_month"


def test_default_first_month_is_the_month_after_the_engagement_date(sample_copy):
    raw = yaml.safe_load((sample_copy / "outlook.yaml").read_text(encoding="utf-8"))
    raw["assumptions"].pop("start_month")
    (sample_copy / "outlook.yaml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    _write(sample_copy, "month,customers\n2026-12,413000\n2027-01,414000\n", first_month=None)
    cfg = load_engagement(sample_copy).outlook
    assert cfg.first_month == "2026-12"     # engagement date 2026-11-23


# -- the narrative --------------------------------------------------------------------------------

def test_narrative_numbers_next_to_labels(sample_path):
    """The sentence and the table put each figure beside its factor (sample: October 2026, the
    self-service share behind plan), computed here from the model."""
    from cxconsult.i18n import translator
    from cxconsult.narrative import outlook as story

    engagement = load_engagement(sample_path)
    result = story.tracking(engagement)
    tr = translator("en")
    share, cost = result["self_service_share"], result["cost_base"]
    assert share.status == "behind" and cost.status == "ahead"
    text = str(story.plan_vs_actual_html(result, engagement))
    points = f"{'+' if share.variance > 0 else chr(0x2212)}{tr.number(abs(share.variance) * 100, 1)} pts"
    assert (f"Behind plan: Self-service share of transactional contacts: {tr.percent(share.actual, 1)} against "
            f"a plan of {tr.percent(share.plan, 1)} ({points})") in text
    assert (f"<tr><td>Cost base</td><td>October 2026</td><td>{tr.compact_money(cost.plan, 'EUR', 2)}</td>"
            f"<td>{tr.compact_money(cost.actual, 'EUR', 2)}</td>") in text
    assert f"<strong>{sum(c.on_track for c in result.csfs)} of {len(result.csfs)}</strong>" in text
    table = str(story.plan_vs_actual_table_html(result, engagement))
    row = result.table[(result.table["csf"] == "customers") & (result.table["month"] == 1)].iloc[0]
    assert (f"<td>February 2026</td><td>{tr.number(row['plan'])}</td><td>{tr.number(row['actual'])}</td>"
            f"<td>+{tr.number(row['variance'])} (+{tr.percent(row['variance_share'], 1)})</td>") in table
    fr = story.plan_vs_actual_html(result, dataclasses.replace(engagement, language="fr"))
    assert "Prévu et réalisé" in str(fr)


def test_no_actuals_no_tracking(sample_path):
    from cxconsult.narrative import outlook as story

    engagement = load_engagement(sample_path)
    config = dataclasses.replace(engagement.outlook, actuals=None)
    assert story.tracking(dataclasses.replace(engagement, sections={**engagement.sections, "outlook": config})) is None


def test_plot_plan_vs_actual(result):
    import matplotlib

    matplotlib.use("Agg")
    from cxconsult.plots.outlook import plot_plan_vs_actual

    fig = plot_plan_vs_actual(result)
    assert len([a for a in fig.axes if a.get_visible()]) == 3
    ax = plot_plan_vs_actual(result, csf="cost_base")
    assert ax.get_title(loc="left").startswith("Cost base: behind plan")


def test_headline_and_appendix(sample_path):
    """The executive summary counts the factors on track against the plan at the latest actual month and
    names those behind; the appendix says how many months of actuals were compared."""
    from cxconsult.narrative import outlook as story

    engagement = load_engagement(sample_path)
    result = story.tracking(engagement)
    line = next(h for h in story.headlines(engagement) if h.label.startswith("Critical success factors on track"))
    assert line.label.endswith("(October 2026)")
    assert line.value == f"{len(result.csfs) - len(result.behind)} of {len(result.csfs)}" == "7 of 8"
    assert line.detail == "Behind plan: Self-service share of transactional contacts."
    note = next(a for a in story.assumptions(engagement) if "Actuals compared" in str(a))
    assert "9 months of actuals" in str(note) and "plan month 1 is February 2026" in str(note)
