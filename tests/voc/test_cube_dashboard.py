"""The dashboard cube gives exactly what the raw rows give; the dashboard tree and statuses by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxconsult.errors import ModelError
from cxconsult.voc import trend
from cxconsult.voc.cube import build_cube
from cxconsult.voc.dashboard import Measure, dashboard
from cxconsult.voc.sample import SampleSpec, generate_feedback

SPEC = SampleSpec(language="en", first_month="2025-01", months=8,
                  touchpoints={"a": (1, 0.0), "b": (1, -0.5), "c": (1, 0.5)},
                  channels={"phone": 1}, segments={"S1": 1, "S2": 1})


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return generate_feedback(SPEC, {}, 3000, seed=2, with_verbatims=False)


@pytest.mark.parametrize("metric", ["nps", "csat", "ces", "ease"])
def test_cube_matches_raw_rows(data, metric):
    cube = build_cube(data, ["nps", "csat", "ces", "ease"])
    keep = data["touchpoint"].isin(["a", "b"]) & (data["segment"] == "S2")
    raw = trend(data[keep], metric)
    fast = cube.trend(metric, touchpoints=["a", "b"], segments=["S2"])
    pd.testing.assert_frame_equal(raw.reset_index(drop=True), fast.reset_index(drop=True), check_exact=False,
                                  rtol=1e-9)
    start, end = raw["period"].iloc[2], raw["period"].iloc[5]
    window = data[keep & (data["date"] >= start) & (data["date"] < end + pd.offsets.MonthBegin(1))]
    summary = cube.summary(metric, start=start, end=end, touchpoints=["a", "b"], segments=["S2"])
    assert summary.n == window[metric].notna().sum()
    code = {"nps": lambda s: np.where(s >= 9, 100, np.where(s <= 6, -100, 0)).mean(),  # noqa: E731
            "csat": lambda s: (s >= 4).mean()}.get(metric, lambda s: s.mean())
    assert summary.value == pytest.approx(code(window[metric]))
    assert cube.responses(touchpoints=["c"]) == int((data["touchpoint"] == "c").sum())


def test_dashboard_tree_and_status(data):
    cube = build_cube(data, ["nps", "ease"])
    last = trend(data, "nps").iloc[-1]
    measures = [
        Measure("ease", "Ease", "leading", baseline=1.0, target=4.9, metric="ease", drives=("nps",)),
        Measure("nps", "NPS", "lagging", baseline=-100, target=-90, metric="nps"),
        Measure("cost", "Cost to serve", "lagging", baseline=5.0, target=4.0, higher_is_better=False,
                values=(("2025-01", 5.0), ("2025-02", 4.6), ("2025-03", 4.5))),
        Measure("churn", "Churn", "lagging", baseline=0.10, target=0.05, higher_is_better=False,
                values=(("2025-01", 0.10), ("2025-02", 0.12))),
    ]
    out = dashboard(measures, cube)
    assert [(s.measure.id, s.depth) for s in out] == [("nps", 0), ("ease", 1), ("cost", 0), ("churn", 0)]
    nps = out[0]
    assert nps.current == pytest.approx(last["value"]) and nps.status == "met"  # far above -90
    assert out[1].status == "better"  # ease ~3 vs baseline 1: interval excludes it, target 4.9 not met
    assert out[2].current == 4.5 and out[2].status == "better"  # lower is better: 5.0 -> 4.5, target 4.0
    assert out[3].status == "worse"  # 0.10 -> 0.12 and lower is better
    assert len(nps.trend) == 8
    flat = dashboard([Measure("nps", "NPS", "lagging", baseline=float(last["value"]), target=100, metric="nps")], cube)
    assert flat[0].status == "flat"  # the baseline is inside the latest interval: not a move
    with pytest.raises(ModelError, match="unknown measure"):
        dashboard([Measure("x", "X", "leading", 0, 1, metric="nps", drives=("nope",))], cube)


def test_generated_feedback_has_its_driver_structure(data):
    from cxconsult.voc import key_drivers
    from cxconsult.voc.sample import ATTRIBUTES, DRIVER_WEIGHTS

    result = key_drivers(data, "nps", list(ATTRIBUTES), n_boot=0)
    assert result["importance"].idxmax() == max(DRIVER_WEIGHTS, key=DRIVER_WEIGHTS.get)  # resolution
    assert result["importance"].idxmin() == min(DRIVER_WEIGHTS, key=DRIVER_WEIGHTS.get)  # tone
