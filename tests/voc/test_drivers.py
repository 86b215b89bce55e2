"""Key drivers against a brute-force computation (every subset / every order, by least squares on the
raw data) and against a published example; the importance-performance matrix by hand."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest

from cxconsult.errors import ModelError
from cxconsult.voc import importance_performance, key_drivers

# mtcars (Henderson & Velleman 1981; R's datasets::mtcars): mpg, cyl, disp, hp, gear of the 32 cars.
MTCARS = np.array([
    [21.0, 6, 160.0, 110, 4], [21.0, 6, 160.0, 110, 4], [22.8, 4, 108.0, 93, 4], [21.4, 6, 258.0, 110, 3],
    [18.7, 8, 360.0, 175, 3], [18.1, 6, 225.0, 105, 3], [14.3, 8, 360.0, 245, 3], [24.4, 4, 146.7, 62, 4],
    [22.8, 4, 140.8, 95, 4], [19.2, 6, 167.6, 123, 4], [17.8, 6, 167.6, 123, 4], [16.4, 8, 275.8, 180, 3],
    [17.3, 8, 275.8, 180, 3], [15.2, 8, 275.8, 180, 3], [10.4, 8, 472.0, 205, 3], [10.4, 8, 460.0, 215, 3],
    [14.7, 8, 440.0, 230, 3], [32.4, 4, 78.7, 66, 4], [30.4, 4, 75.7, 52, 4], [33.9, 4, 71.1, 65, 4],
    [21.5, 4, 120.1, 97, 3], [15.5, 8, 318.0, 150, 3], [15.2, 8, 304.0, 150, 3], [13.3, 8, 350.0, 245, 3],
    [19.2, 8, 400.0, 175, 3], [27.3, 4, 79.0, 66, 4], [26.0, 4, 120.3, 91, 5], [30.4, 4, 95.1, 113, 5],
    [15.8, 8, 351.0, 264, 5], [19.7, 6, 145.0, 175, 5], [15.0, 8, 301.0, 335, 5], [21.4, 4, 121.0, 109, 4],
])


def generated(n: int = 500, p: int = 4, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    common = rng.normal(size=n)
    x = 0.6 * common[:, None] + rng.normal(size=(n, p))  # correlated drivers
    beta = np.array([0.9, 0.5, 0.25, 0.0, 0.4, 0.1][:p])
    y = x @ beta + rng.normal(size=n)
    frame = pd.DataFrame(x, columns=[f"d{j}" for j in range(p)])
    frame["y"] = y
    return frame


def r2_lstsq(frame: pd.DataFrame, cols: list[str]) -> float:
    """R^2 of an OLS fit with intercept on the raw data (independent of the correlation-matrix route)."""
    if not cols:
        return 0.0
    y = frame["y"].to_numpy()
    x = np.column_stack([np.ones(len(frame)), frame[cols].to_numpy()])
    coef, *_ = np.linalg.lstsq(x, y, rcond=None)
    resid = y - x @ coef
    return 1 - resid @ resid / ((y - y.mean()) @ (y - y.mean()))


def test_shapley_equals_brute_force_over_every_order():
    frame = generated()
    drivers = ["d0", "d1", "d2", "d3"]
    subsets = {s: r2_lstsq(frame, list(s)) for k in range(5) for s in itertools.combinations(drivers, k)}
    brute = dict.fromkeys(drivers, 0.0)
    for order in itertools.permutations(drivers):  # all 24 orders, each driver's R^2 gain when it enters
        for k, d in enumerate(order):
            before = tuple(sorted(order[:k]))
            after = tuple(sorted(order[:k + 1]))
            brute[d] += subsets[after] - subsets[before]
    brute = {d: v / math.factorial(4) for d, v in brute.items()}
    result = key_drivers(frame, "y", drivers, n_boot=0)
    for d in drivers:
        assert result.loc[d, "importance"] == pytest.approx(brute[d], abs=1e-10)
    assert result["importance"].sum() == pytest.approx(subsets[tuple(drivers)], abs=1e-10)
    assert result["share"].sum() == pytest.approx(1.0)
    assert result.attrs["exact"] and result.attrs["method"] == "shapley"
    assert result["importance"].idxmax() == "d0"


def test_relative_weights_equal_brute_force_orthogonalisation():
    frame = generated(p=5, seed=11)
    drivers = [f"d{j}" for j in range(5)]
    x = frame[drivers].to_numpy()
    x = (x - x.mean(0)) / x.std(0)
    y = (frame["y"] - frame["y"].mean()) / frame["y"].std(ddof=0)
    u, _, vt = np.linalg.svd(x, full_matrices=False)
    z = u @ vt * math.sqrt(len(x))  # the orthonormal Z closest to X (Johnson 2000)
    beta = z.T @ y.to_numpy() / len(x)  # y on Z (Z'Z = nI)
    lam = z.T @ x / len(x)  # each X_j on Z
    expected = (lam ** 2 * (beta ** 2)[:, None]).sum(axis=0)
    result = key_drivers(frame, "y", drivers, method="relative_weights", n_boot=0)
    np.testing.assert_allclose(result["importance"].to_numpy(), expected, atol=1e-10)
    assert result["importance"].sum() == pytest.approx(r2_lstsq(frame, drivers), abs=1e-10)


def test_relative_weights_match_published_mtcars_example():
    # Published: R package rwa (Chan, https://martinctc.github.io/rwa/), rwa(mtcars, "mpg",
    # c("cyl", "disp", "hp", "gear")): raw weights 0.2284797, 0.2221469, 0.2321744, 0.0963886,
    # rescaled 29.32274, 28.50999, 29.79691, 12.37037 (%); R^2 0.7791896.
    frame = pd.DataFrame(MTCARS, columns=["mpg", "cyl", "disp", "hp", "gear"])
    result = key_drivers(frame, "mpg", ["cyl", "disp", "hp", "gear"], method="relative_weights", n_boot=0)
    np.testing.assert_allclose(result["importance"], [0.2284797, 0.2221469, 0.2321744, 0.0963886], atol=2e-7)
    np.testing.assert_allclose(result["share"] * 100, [29.32274, 28.50999, 29.79691, 12.37037], atol=2e-5)
    assert result.attrs["r2"] == pytest.approx(0.7791896, abs=1e-7)
    shapley = key_drivers(frame, "mpg", ["cyl", "disp", "hp", "gear"], n_boot=0)
    assert shapley["importance"].sum() == pytest.approx(0.7791896, abs=1e-7)  # same model, same R^2


def test_many_drivers_use_a_documented_approximation():
    frame = generated(n=400, p=6, seed=5)
    for j in range(6, 17):
        frame[f"d{j}"] = frame["d0"] * 0.3 + np.random.default_rng(j).normal(size=len(frame))
    drivers = [f"d{j}" for j in range(17) if j != 6]  # 16 drivers
    exact = key_drivers(frame, "y", drivers, n_boot=0, exact_max=16)
    approx = key_drivers(frame, "y", drivers, n_boot=0, exact_max=15, n_permutations=400)
    assert exact.attrs["exact"] and not approx.attrs["exact"]
    assert approx["importance"].sum() == pytest.approx(exact["importance"].sum(), abs=1e-10)
    np.testing.assert_allclose(approx["importance"], exact["importance"], atol=0.01)


def test_bootstrap_intervals_cover_the_estimate():
    frame = generated(n=300)
    result = key_drivers(frame, "y", ["d0", "d1", "d2", "d3"], n_boot=300, seed=1)
    assert (result["importance_low"] <= result["importance"]).all()
    assert (result["importance"] <= result["importance_high"]).all()
    assert (result["share_low"] < result["share_high"]).all()
    assert result.loc["d3", "importance_high"] < result.loc["d0", "importance_low"]  # d3 has no effect


def test_bad_input_is_a_model_error():
    frame = generated()
    with pytest.raises(ModelError, match="unknown key-driver method"):
        key_drivers(frame, "y", ["d0"], method="magic")
    with pytest.raises(ModelError, match="do not vary"):
        key_drivers(frame.assign(d1=1.0), "y", ["d0", "d1"])
    with pytest.raises(ModelError, match="no column"):
        key_drivers(frame, "y", ["nope"])


def test_importance_performance_matrix_by_hand():
    drivers = pd.DataFrame({"share": [0.4, 0.3, 0.2, 0.1]}, index=pd.Index(["a", "b", "c", "d"], name="driver"))
    data = pd.DataFrame({"a": [2, 3], "b": [4, 5], "c": [2, 2], "d": [5, 5]})
    m = importance_performance(drivers, data, scale=(1, 5))
    # performance = (mean - 1) / 4 * 100: a 2.5 -> 37.5, b 4.5 -> 87.5, c 2 -> 25, d 5 -> 100; cut 62.5
    assert list(m["performance"]) == pytest.approx([37.5, 87.5, 25.0, 100.0])
    # share cut 0.25: a, b important; a and c below the performance cut
    assert list(m["quadrant"]) == ["concentrate_here", "keep_up_the_good_work", "low_priority", "possible_overkill"]
    assert list(m["priority"]) == [1, 2, 3, 4]
