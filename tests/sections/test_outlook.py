"""The outlook section parser: the Aurora sample parses; bad input names the file and the field."""

from __future__ import annotations

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
    assert dict(a.planned) == {"aht_s": 380.0}
    assert set(cfg.scenarios) == {"base", "automation_push", "lean_operations"}
    push = cfg.scenario("automation_push")
    assert push.self_service_target == 0.85
    assert dict(push.planned) == {"aht_s": 400.0, "self_service_leak_back": 0.2}   # merged with base
    assert cfg.targets.headcount_change == -0.30 and cfg.n_paths == 10_000 and cfg.seed == 2026
    assert [u.name for u in cfg.uncertainty][0] == "aht_s"
    # A mid-size centre for 412k customers: 40-150 agents on the busiest interval.
    frame = project(a)
    assert 40 <= frame.loc[0, "agents_busy_interval"] <= 150
    assert check_targets(frame, cfg.targets)["customers"].on_track


def _error(mutate) -> EngagementError:
    raw = _raw()
    mutate(raw)
    with pytest.raises(EngagementError) as info:
        parse(raw, CTX)
    return info.value


@pytest.mark.parametrize("mutate,field,words", [
    (lambda r: r["assumptions"].update(customers=-10), "outlook.assumptions.customers", ">= 0"),
    (lambda r: r["assumptions"].update(contacts_per_customer_monthly=-0.1),
     "outlook.assumptions.contacts_per_customer_monthly", ">= 0"),
    (lambda r: r["assumptions"].update(transactional_share=1.4),
     "outlook.assumptions.transactional_share", "<= 1"),
    (lambda r: r["assumptions"].update(service_level_target=1.0),
     "outlook.assumptions.service_level_target", "below 1"),
    (lambda r: r["assumptions"].update(aht_trend_monthly="fast"),
     "outlook.assumptions.aht_trend_monthly", "got str"),
    (lambda r: r["assumptions"].update(shrinkge=0.3), "outlook.assumptions.shrinkge", "unknown field"),
    (lambda r: r["assumptions"]["channels"][1].update(share=0.5),
     "outlook.assumptions.channels", "sum to 1"),
    (lambda r: r["assumptions"]["channels"][0].update(aht_s=0),
     "outlook.assumptions.channels[0].aht_s", "> 0"),
    (lambda r: r["assumptions"]["channels"][2].update(real_time="no"),
     "outlook.assumptions.channels[2].real_time", "true or false"),
    (lambda r: r["assumptions"]["planned"].update(customers=5), "outlook.assumptions.planned.customers",
     "unknown field"),
    (lambda r: r["scenarios"]["automation_push"].update(self_service_target=1.5),
     "outlook.scenarios.automation_push.self_service_target", "<= 1"),
    (lambda r: r["targets"].update(by_month="soon"), "outlook.targets.by_month", "number"),
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
