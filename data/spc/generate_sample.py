"""Generate Aurora Telecom's sample service-profit-chain data with KNOWN true links (seeded).

Writes, in ``data/engagements/aurora-telecom/``:

- ``units.csv``: 45 contact-centre teams x 6 quarters, one column per stage of the chain;
- ``customer_survey.csv``: 600 customer answers (NPS 0-10, CSAT 1-5, CES 1-7), one row each.

Every figure is invented. Each stage is built from the one before it:
``stage = intercept + TRUE_LINKS[(cause, stage)] * cause + team effect + quarter effect + noise``,
so the true links are the constants below (tests read them to check the estimator recovers them).
The team and quarter effects are independent of the cause, so OLS with quarter fixed effects is
unbiased and team-clustered errors are the right ones. Run from the repository root:

    .venv/bin/python data/spc/generate_sample.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

SEED = 2024
N_UNITS = 45
N_PERIODS = 6

# True links in natural units (effect per one unit of cause); see data/spc/README.md.
TRUE_LINKS: dict[tuple[str, str], float] = {
    ("internal_service_quality", "engagement"): 0.55,   # engagement points per ISQ point
    ("engagement", "employee_retention"): 0.45,         # pp staff retention per engagement point
    ("employee_retention", "service_quality"): 0.40,    # pp FCR per pp staff retention
    ("service_quality", "csat"): 0.90,                  # pp CSAT per pp FCR
    ("csat", "customer_retention"): 0.30,               # pp customer retention per pp CSAT
    ("customer_retention", "revenue_growth"): 0.40,     # pp revenue growth per pp customer retention
}
# stage: (intercept, sd of team effect, sd of quarter effect, sd of noise)
_NOISE: dict[str, tuple[float, float, float, float]] = {
    "engagement": (30.0, 3.0, 1.5, 4.0),
    "employee_retention": (40.0, 2.5, 1.0, 3.5),
    "service_quality": (35.0, 2.5, 1.0, 3.0),
    "csat": (20.0, 2.0, 1.0, 3.0),
    "customer_retention": (60.0, 1.5, 0.5, 1.5),
    "revenue_growth": (-30.0, 0.8, 0.4, 0.8),
}
# stage -> column name in units.csv (the engagement's spc.yaml maps them back)
COLUMNS: dict[str, str] = {
    "internal_service_quality": "isq_index",
    "engagement": "engagement_index",
    "employee_retention": "staff_retention_pct",
    "service_quality": "fcr_pct",
    "csat": "csat_pct",
    "customer_retention": "customer_retention_pct",
    "revenue_growth": "revenue_growth_pct",
}
TRUE_INDIRECT_ENGAGEMENT_TO_REVENUE = float(np.prod([
    TRUE_LINKS[k] for k in list(TRUE_LINKS)[1:]]))  # 0.45*0.40*0.90*0.30*0.40 = 0.01944

# Survey answer probabilities (invented): NPS 0..10, CSAT 1..5, CES 1..7.
NPS_PROBS = [0.03, 0.02, 0.03, 0.03, 0.04, 0.07, 0.08, 0.15, 0.20, 0.17, 0.18]  # 30% detractors, 35% promoters
CSAT_PROBS = [0.05, 0.07, 0.12, 0.40, 0.36]  # 76% answer 4-5
CES_PROBS = [0.04, 0.06, 0.10, 0.15, 0.25, 0.25, 0.15]
N_RESPONDENTS = 600


def simulate_units(n_units: int = N_UNITS, n_periods: int = N_PERIODS, seed: int = SEED) -> pd.DataFrame:
    """The long unit table, columns named by stage (``unit``, ``period``, ``engagement``, ...)."""
    rng = np.random.default_rng(seed)
    unit = np.repeat(np.arange(n_units), n_periods)
    period = np.tile(np.arange(n_periods), n_units)
    levels = {"internal_service_quality": 62 + rng.normal(0, 8, n_units)[unit]
              + rng.normal(0, 2, n_periods)[period] + rng.normal(0, 4, unit.size)}
    for (cause, effect), slope in TRUE_LINKS.items():
        intercept, sd_unit, sd_period, sd_noise = _NOISE[effect]
        levels[effect] = (intercept + slope * levels[cause] + rng.normal(0, sd_unit, n_units)[unit]
                          + rng.normal(0, sd_period, n_periods)[period] + rng.normal(0, sd_noise, unit.size))
    return pd.DataFrame({"unit": unit, "period": period, **levels})


def simulate_survey(n: int = N_RESPONDENTS, seed: int = SEED) -> pd.DataFrame:
    """Per-respondent NPS (0-10), CSAT (1-5) and CES (1-7) answers."""
    rng = np.random.default_rng(seed + 1)
    return pd.DataFrame({
        "respondent": np.arange(1, n + 1),
        "team": [f"T{t:02d}" for t in rng.integers(1, N_UNITS + 1, n)],
        "nps": rng.choice(11, n, p=NPS_PROBS),
        "csat": rng.choice(np.arange(1, 6), n, p=CSAT_PROBS),
        "ces": rng.choice(np.arange(1, 8), n, p=CES_PROBS),
    })


def main(folder: Path | None = None) -> None:
    folder = folder or Path(__file__).resolve().parents[1] / "engagements" / "aurora-telecom"
    units = simulate_units()
    quarters = [f"{2024 + q // 4}Q{q % 4 + 1}" for q in range(N_PERIODS)]
    table = pd.DataFrame({"team": [f"T{u + 1:02d}" for u in units["unit"]],
                          "quarter": [quarters[p] for p in units["period"]]})
    for stage, column in COLUMNS.items():
        table[column] = units[stage].round(2)
    table.to_csv(folder / "units.csv", index=False)
    simulate_survey().to_csv(folder / "customer_survey.csv", index=False)
    print(f"wrote {folder / 'units.csv'} ({len(table)} rows) and {folder / 'customer_survey.csv'}")


if __name__ == "__main__":
    main()
