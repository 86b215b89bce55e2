"""Two diagnostic waves compared: hand-worked scores and changes, paired versus independent intervals,
and a known change recovered from seeded generated waves."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from cxconsult.diagnostic import Change, WaveComparison, compare, score
from cxconsult.engagement import AREAS, QUESTION_IDS, Wave
from cxconsult.errors import ModelError

COLUMNS = ["respondent", "role", "question", "answer"]

# Hand-worked waves (three people, three questions; "dk" = don't know):
#            earlier              later (each person one level higher on every answer)
#   Ana:  P1=0 P2=1 C1=2      P1=1 P2=2 C1=3
#   Bea:  P1=2 P2=2 C1=dk     P1=3 P2=3 C1=dk
#   Caio: P1=3 P2=3 C1=1      P1=4 P2=4 C1=2
EARLIER = {"Ana": {"P1": 0, "P2": 1, "C1": 2}, "Bea": {"P1": 2, "P2": 2, "C1": "dk"},
           "Caio": {"P1": 3, "P2": 3, "C1": 1}}


def _table(answers: dict[str, dict[str, object]], rename: str = "") -> pd.DataFrame:
    return pd.DataFrame([(name + rename, "Staff", q, a) for name, qs in answers.items() for q, a in qs.items()],
                        columns=COLUMNS)


def _later() -> dict[str, dict[str, object]]:
    return {name: {q: (a if a == "dk" else a + 1) for q, a in qs.items()} for name, qs in EARLIER.items()}


def test_hand_worked_area_question_and_index_change():
    """Worked by hand. People, earlier: answers 0,1,2,2,3,3 -> 11/6 = 1.8333 -> x25 = 45.83; later
    1,2,3,3,4,4 -> 17/6 -> 70.83; change +25. Customers ("dk" left out): earlier 2,1 -> 1.5 -> 37.5;
    later 3,2 -> 62.5; +25. Index = mean of the two areas with answers: 41.67 -> 66.67, +25. Question P1:
    (0+2+3)/3 x 25 = 41.67 -> (1+3+4)/3 x 25 = 66.67. Processes and finance have no answer: NaN."""
    result = compare(_table(EARLIER), _table(_later()))
    people = result.area("people")
    assert people.earlier == pytest.approx(11 / 6 * 25)
    assert people.later == pytest.approx(17 / 6 * 25)
    assert people.change == pytest.approx(25.0)
    assert result.area("customers").earlier == pytest.approx(37.5)
    assert result.area("customers").later == pytest.approx(62.5)
    assert result.index.earlier == pytest.approx((11 / 6 * 25 + 37.5) / 2)
    assert result.index.change == pytest.approx(25.0)
    assert result.question("P1").earlier == pytest.approx(5 / 3 * 25)
    assert result.question("p1").later == pytest.approx(8 / 3 * 25)
    assert np.isnan(result.area("finance").change)
    assert result.areas.loc["people", "n_earlier"] == 6 and result.areas.loc["customers", "n_later"] == 2


def test_point_estimates_are_the_scores_of_each_wave():
    """The comparison's earlier/later columns are exactly what score() gives for each wave."""
    earlier, later = _table(EARLIER), _table(_later())
    result = compare(earlier, later)
    for wave, column in ((earlier, "earlier"), (later, "later")):
        scored = score(wave)
        for area in AREAS:
            np.testing.assert_allclose(result.areas.loc[area, column], scored.by_area[area])
        np.testing.assert_allclose(result.questions[column].to_numpy(),
                                   scored.questions["score"].reindex(QUESTION_IDS).to_numpy())
    assert getattr(result.index, "earlier") == pytest.approx(score(earlier).index)


def test_paired_interval_is_narrower_than_independent_when_everyone_moves_alike():
    """Argued by hand: with the same three people in both waves, every person is one level higher on each
    answer, so any resample of people (drawn together with both their answer sets) has the same answer
    counts in both waves and a pooled mean exactly 1 higher: every resampled change is +25, the paired
    interval is [25, 25] and significant. Renaming the later people (nobody paired) resamples each wave on
    its own; people differ a lot (Ana's people answers average 0.5, Caio's 3), so the resampled changes
    spread well below and above +25."""
    paired = compare(_table(EARLIER), _table(_later()), n_boot=2000, seed=3)
    assert paired.method == "paired" and paired.paired == 3
    people = paired.area("people")
    assert people.low == pytest.approx(25.0) and people.high == pytest.approx(25.0)
    assert people.significant and people.direction == "up"

    independent = compare(_table(EARLIER), _table(_later(), rename=" (2nd)"), n_boot=2000, seed=3)
    assert independent.method == "independent" and independent.paired == 0
    wide = independent.area("people")
    assert wide.change == pytest.approx(25.0)  # the same point estimate
    assert wide.low < 25 < wide.high
    assert wide.high - wide.low > 20 > people.high - people.low


def test_mixed_waves_say_which_people_were_paired():
    """Ana and Bea answered both waves; Caio only the earlier one, Dora only the later one."""
    later = _later()
    later["Dora"] = later.pop("Caio")
    result = compare(_table(EARLIER), _table(later))
    assert result.method == "mixed" and result.paired == 2
    assert result.respondents_earlier == 3 and result.respondents_later == 3
    assert "2 people who answered both waves resampled as pairs" in result.method_text()
    assert "1 earlier only, 1 later only" in result.method_text()


def test_significant_only_when_the_interval_excludes_zero():
    assert Change(40, 50, 10, 2, 18).significant
    assert Change(50, 40, -10, -18, -2).direction == "down"
    assert not Change(40, 50, 10, 0.0, 18).significant  # touches 0: not excluded
    assert not Change(40, 50, 10, -3, 18).significant
    assert Change(40, 50, 10, -3, 18).direction == "flat"


def test_seeded_and_validated():
    a, b = _table(EARLIER), _table(_later(), rename="x")
    first, second = compare(a, b, seed=11), compare(a, b, seed=11)
    pd.testing.assert_frame_equal(first.areas, second.areas)
    with pytest.raises(ModelError, match="n_boot"):
        compare(a, b, n_boot=10)
    with pytest.raises(ModelError, match="confidence"):
        compare(a, b, confidence=1.5)
    with pytest.raises(ModelError, match="dated after"):
        compare(Wave("late", dt.date(2026, 6, 1), a), Wave("early", dt.date(2025, 6, 1), b))


def test_waves_give_labels_and_the_summary_shows_numbers_next_to_labels():
    result = compare(Wave("2025 H2", dt.date(2025, 11, 20), _table(EARLIER)),
                     Wave("2026 H2", dt.date(2026, 11, 23), _table(_later())))
    assert isinstance(result, WaveComparison)
    assert (result.earlier_label, result.later_label) == ("2025 H2", "2026 H2")
    text = result.summary()
    assert "2025 H2 -> 2026 H2" in text
    people_line = next(line for line in text.splitlines() if line.strip().startswith("People"))
    assert "45.8 ->  70.8" in people_line and "+25.0" in people_line and people_line.endswith("*")
    html = result._repr_html_()
    assert "<td>People</td><td>45.8</td><td>70.8</td><td>+25.0</td>" in html


# -- a known change recovered from generated waves -------------------------------------------------
#: Answer probabilities (0..4) of every area: mean 0x.1 + 1x.2 + 2x.4 + 3x.2 + 4x.1 = 2.0.
BASE = np.array([0.10, 0.20, 0.40, 0.20, 0.10])
#: The improved area: mean 1x.14 + 2x.32 + 3x.30 + 4x.18 = 2.40, i.e. +0.4 answer levels = +10 points.
IMPROVED = np.array([0.06, 0.14, 0.32, 0.30, 0.18])


def _generated(rng: np.random.Generator, people: int, improved_area: str | None) -> pd.DataFrame:
    rows = []
    for p in range(people):
        for q in QUESTION_IDS:
            area = {"P": "people", "T": "process_technology", "C": "customers", "F": "finance"}[q[0]]
            probabilities = IMPROVED if area == improved_area else BASE
            rows.append((f"r{p:02d}", "Staff", q, int(rng.choice(5, p=probabilities))))
    return pd.DataFrame(rows, columns=COLUMNS)


def test_an_injected_ten_point_change_is_recovered():
    """40 people answer twice (paired); the later wave's customers area is drawn with a mean answer 0.4
    higher (+10 points exactly, see IMPROVED), every other area from the same distribution. Over ten
    seeds the customers interval holds +10 and excludes 0 in most, and the other areas are rarely
    "significant" (a 95% interval gives about 1 false alarm in 20)."""
    covered = detected = false_alarms = 0
    seeds = range(10)
    for seed in seeds:
        rng = np.random.default_rng(1000 + seed)
        result = compare(_generated(rng, 40, None), _generated(rng, 40, "customers"), seed=seed)
        customers = result.area("customers")
        covered += customers.low <= 10 <= customers.high
        detected += customers.significant
        false_alarms += sum(result.area(a).significant for a in AREAS if a != "customers")
    assert covered >= 8
    assert detected >= 8
    assert false_alarms <= 4  # of 30 area comparisons
