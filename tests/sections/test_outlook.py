"""The outlook section parser: the Aurora sample parses; bad input names the file and the field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from cxconsult.errors import EngagementError
from cxconsult.outlook import check_targets, project
from cxconsult.sections.base import SectionContext
from cxconsult.sections.outlook import OutlookConfig, parse

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "data" / "engagements" / "aurora-telecom"
CTX = SectionContext(FOLDER, "outlook.yaml", "outlook")


def _raw() -> dict:
    return yaml.safe_load((FOLDER / "outlook.yaml").read_text())


def test_aurora_sample_parses():
    cfg = parse(_raw(), CTX)
    assert isinstance(cfg, OutlookConfig)
    a = cfg.assumptions
    assert a.customers == 412_000 and a.contacts_per_customer_monthly * 12 == pytest.approx(3.0)
    assert [c.name for c in a.channels] == ["voice", "chat", "email"]
    assert [c.kind for c in a.channels] == ["phone", "chat", "email"]
    assert a.channels[1].concurrency == 2 and a.channels[2].response_hours == 24
    assert dict(a.planned) == {"aht_s": 448.0, "digital_share": 0.45}
    assert a.profile is not None and a.profile.source == "engagement" and a.profile.intervals_per_day == 48
    assert a.seasonality[0] == 1.10 and a.patience_s == 180 and a.max_abandon == 0.06
    assert set(cfg.scenarios) == {"base", "automation_push", "lean_operations"}
    push = cfg.scenario("automation_push")
    assert push.self_service_target == 0.85
    assert dict(push.planned) == {"aht_s": 471.0, "digital_share": 0.45,
                                  "self_service_leak_back": 0.2}                   # merged with base
    assert cfg.targets.headcount_change == -0.30 and cfg.n_paths == 10_000 and cfg.seed == 2026
    assert [u.name for u in cfg.uncertainty][0] == "aht_s"
    # A mid-size centre for 412k customers: 40-150 agents in the busiest half hour.
    frame = project(a)
    assert 40 <= frame.loc[0, "agents_peak_interval"] <= 150
    report = check_targets(frame, cfg.targets)
    assert report["customers"].on_track
    assert report["abandon_rate"].kind == "level<=" and report["digital_share"].kind == "level>="
    # Where each target comes from: the two the board set, the rest seed 002's market view.
    assert cfg.target_source("abandon_rate") == "client" and cfg.target_source("digital_share") == "client"
    assert cfg.target_source("revenue_change") == "market_view"


def _error(mutate) -> EngagementError:
    raw = _raw()
    mutate(raw)
    with pytest.raises(EngagementError) as info:
        parse(raw, CTX)
    return info.value


@pytest.mark.parametrize("mutate,field,words", [
    (lambda r: r["assumptions"].update(customers=-10), "outlook.assumptions.customers", "in 0..1e+09"),
    (lambda r: r["assumptions"].update(customers=1e22), "outlook.assumptions.customers", "in 0..1e+09"),
    (lambda r: r["assumptions"].update(customers=1e300), "outlook.assumptions.customers", "in 0..1e+09"),
    (lambda r: r["assumptions"].update(customers=10**400), "outlook.assumptions.customers", "too large"),
    (lambda r: r["assumptions"].update(contacts_per_customer_monthly=-0.1),
     "outlook.assumptions.contacts_per_customer_monthly", "in 0..20"),
    (lambda r: r["assumptions"].update(transactional_share=1.4),
     "outlook.assumptions.transactional_share", "in 0..1"),
    (lambda r: r["assumptions"].update(service_level_target=1.0),
     "outlook.assumptions.service_level_target", "in 0..0.99"),
    (lambda r: r["assumptions"].update(customer_growth_monthly=0.5),
     "outlook.assumptions.customer_growth_monthly", "in -0.1..0.1"),
    (lambda r: r["assumptions"].update(shrinkage=0.9), "outlook.assumptions.shrinkage", "in 0..0.7"),
    (lambda r: r["assumptions"].update(patience_s=-30), "outlook.assumptions.patience_s", "in 0..7,200"),
    (lambda r: r["assumptions"].update(aht_trend_monthly="fast"),
     "outlook.assumptions.aht_trend_monthly", "got str"),
    (lambda r: r["assumptions"].update(shrinkge=0.3), "outlook.assumptions.shrinkge", "unknown field"),
    (lambda r: r["assumptions"].update(seasonality=[1.5] * 12), "outlook.assumptions.seasonality", "average 1"),
    (lambda r: r["assumptions"].update(seasonality=[1.0] * 11), "outlook.assumptions.seasonality", "12 monthly"),
    (lambda r: r["assumptions"]["channels"][1].update(share=0.5),
     "outlook.assumptions.channels", "sum to 1"),
    (lambda r: r["assumptions"]["channels"][0].update(aht_s=0),
     "outlook.assumptions.channels[0].aht_s", "in 1..14,400"),
    (lambda r: r["assumptions"]["channels"][1].update(concurrency=0),
     "outlook.assumptions.channels[1].concurrency", "in 1..10"),
    (lambda r: r["assumptions"]["channels"][0].update(patience_s=-5),
     "outlook.assumptions.channels[0].patience_s", "in 0..7,200"),
    (lambda r: r["assumptions"]["channels"][2].update(kind="fax"),
     "outlook.assumptions.channels[2].kind", "one of phone, chat, email, messaging"),
    (lambda r: r["assumptions"]["channels"][2].update(patience_s=60),
     "outlook.assumptions.channels[2]", "deferred work"),
    (lambda r: r["assumptions"]["channels"][2].update(real_time="no"),
     "outlook.assumptions.channels[2].real_time", "true or false"),
    (lambda r: r["assumptions"]["planned"].update(customers=5), "outlook.assumptions.planned.customers",
     "unknown field"),
    (lambda r: r["assumptions"].update(patience_s=0), "outlook.assumptions.max_abandon", "needs patience_s"),
    (lambda r: r["assumptions"].update(patience_s=0, max_abandon=1), "outlook.targets.abandon_rate",
     "needs callers' patience"),
    (lambda r: r["scenarios"]["automation_push"].update(self_service_target=1.5),
     "outlook.scenarios.automation_push.self_service_target", "in 0..1"),
    (lambda r: r["targets"].update(by_month="soon"), "outlook.targets.by_month", "number"),
    (lambda r: r["targets"].update(by_month=1e8), "outlook.targets.by_month", "in 1..120"),
    (lambda r: r["targets"].update(cost_base_stretch=-0.1), "outlook.targets.cost_base_stretch",
     "at least as ambitious"),
    (lambda r: r["targets"].pop("digital_share"), "outlook.client_targets", "no value under targets"),
    (lambda r: r.update(client_targets=["revenue"]), "outlook.client_targets", "unknown target"),
    (lambda r: r.update(n_paths=1e9), "outlook.n_paths", "in 1..200,000"),
    (lambda r: r["uncertainty"][1].update(dist="cauchy"), "outlook.uncertainty[1].dist", "one of"),
    (lambda r: r["uncertainty"][0].update(name="moon"), "outlook.uncertainty[0]", "not a lever"),
    (lambda r: r["uncertainty"][0]["params"].update(c="x"), "outlook.uncertainty[0].params.c", "number"),
    (lambda r: r.update(uncertainty={"aht_s": 1}), "outlook.uncertainty", "list"),
    (lambda r: r.update(assumptions=[1, 2]), "outlook.assumptions", "mapping"),
])
def test_bad_input_names_file_and_field(mutate, field, words):
    err = _error(mutate)
    assert err.file == "outlook.yaml"
    assert err.field == field, str(err)
    assert str(err).startswith(f"outlook.yaml: {field}: ")
    assert words in str(err)


def test_profile_table_errors_name_the_file(tmp_path):
    import shutil
    folder = tmp_path / "eng"
    shutil.copytree(FOLDER, folder)
    ctx = SectionContext(folder, "outlook.yaml", "outlook")
    lines = (folder / "outlook_profile.csv").read_text().splitlines()
    day, start, share = lines[20].split(",")
    lines[20] = f"{day},{start},{float(share) + 0.1:.6f}"            # the week now sums to 1.1
    (folder / "outlook_profile.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(EngagementError, match="sum to 1 over the week"):
        parse(_raw(), ctx)
    (folder / "outlook_profile.csv").write_text("\n".join(lines[:100]) + "\n")
    with pytest.raises(EngagementError, match="one row per interval"):
        parse(_raw(), ctx)


def test_every_numeric_field_has_a_range_in_the_sample_comments():
    from cxconsult.sections.outlook import RANGES
    text = (FOLDER / "outlook.yaml").read_text()
    for name in RANGES:
        key = name.split(".")[-1].replace("[]", "")
        if key in ("profile share",) or name.startswith(("assumptions.channels[]", "targets.")):
            continue
        line = next((l for l in text.splitlines() if re.match(rf"^(  |    )?{key}:", l)), None)
        if line is None:
            continue                                       # fields the sample leaves at their default
        assert "[" in line.split("#", 1)[-1] or "[" in line, f"{name} has no range comment"
    # channel fields and targets: one comment line above each block lists their ranges
    assert "concurrency [1..10]" in text and "patience_s [0..7200]" in text
    assert "Changes [-1..10], shares [0..1]" in text and "abandon_rate [0.001..1]" in text
