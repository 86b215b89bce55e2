"""The Dask path: the same batch on a local Dask cluster (worker processes) gives the same reports."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from cxconsult import load_engagement
from cxconsult.batch import run_batch
from cxconsult.i18n import translator

distributed = pytest.importorskip("distributed")

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "engagements"


def report_content(path: Path) -> tuple[list[str], str]:
    """A report's section headings and its visible text, without the generation time in the footer."""
    page = path.read_text(encoding="utf-8")
    headings = [html.unescape(re.sub(r"<[^>]+>|¶", "", h)).strip()
                for h in re.findall(r"<h[12][^>]*>(.*?)</h[12]>", page, flags=re.S)]
    body = re.sub(r"<(style|script)\b.*?</\1>", "", page, flags=re.S)
    body = re.sub(r"<footer\b.*?</footer>", "", body, flags=re.S)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())
    return headings, text


@pytest.mark.slow
def test_dask_cluster_makes_the_same_reports_as_the_local_pool(tmp_path, diagnostic_only):
    slugs = ["ledgerly-saas", "lumiere-energie"]
    for slug in slugs:  # scheduler mechanics: copies with the diagnostic only
        diagnostic_only(shutil.copytree(SHIPPED / slug, tmp_path / "engagements" / slug))
    pattern = str(tmp_path / "engagements" / "*")

    local = run_batch(pattern, tmp_path / "local", jobs=2, progress=False)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        remote = run_batch(pattern, tmp_path / "dask", scheduler=cluster.scheduler_address, progress=False)

    assert local.ok and remote.ok, remote.summary()
    assert remote.scheduler.startswith("tcp://127.0.0.1:")
    assert [i.engagement for i in remote.items] == [i.engagement for i in local.items] == sorted(slugs)
    for mine, theirs in zip(local.items, remote.items):
        assert theirs.status == "ok" and theirs.html == tmp_path / "dask" / theirs.engagement / "report.html"
        assert theirs.scores == mine.scores and theirs.index == mine.index
        headings, text = report_content(theirs.html)
        assert (headings, text) == report_content(mine.html)
        title = translator(load_engagement(tmp_path / "engagements" / theirs.engagement).language)._("CX diagnostic")
        assert title in headings and f"{theirs.index:.0f}/100" in text  # the section title in the client's language
    assert local.to_frame()[["index", "people", "finance"]].equals(remote.to_frame()[["index", "people", "finance"]])
    assert 'href="lumiere-energie/report.html"' in (tmp_path / "dask" / "index.html").read_text(encoding="utf-8")
