"""Property-based fuzzing of the loader (issue 10): ``load_engagement`` on a mutated copy of the
aurora-telecom sample either returns an Engagement or raises ``EngagementError``, within a time limit,
every time, and its message stays short (no more than about 80 characters of a bad value).

Mutations (hypothesis): one value anywhere in one of the YAML files replaced by a hostile value
(huge or non-finite numbers, text, lists, mappings, booleans, dates, long strings, hostile paths);
byte-level edits of a YAML or CSV file (insert, delete, overwrite, truncate, bad encodings); a CSV
cell replaced by a hostile value; a YAML alias bomb or deep nesting appended. Derandomized with a
fixed example budget, so CI sees the same examples every run (about 30-60 s here).
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxconsult.engagement import load_engagement
from cxconsult.errors import EngagementError

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "engagements" / "aurora-telecom"
YAML_FILES = ("engagement.yaml", "outlook.yaml", "retention.yaml", "spc.yaml", "complaints.yaml")
CSV_FILES = ("responses.csv", "retention_cohorts.csv", "retention_exit_reasons.csv",
             "retention_poor_service.csv", "units.csv", "customer_survey.csv", "complaints.csv")
TIME_LIMIT_S = 10.0  # one load takes well under a second; a hang or an alias bomb takes much longer
MESSAGE_LIMIT = 700  # file + field + message + an ~80-character value, never the whole value
EXAMPLES = 100

HOSTILE_TEXT = ["../../etc/passwd", "/etc/passwd", "<script>alert(1)</script>", "x" * 5000, "", " ",
                "2026-13-45", "nan", "inf", "1e400", "\x00", "ñ€中文", "*a", "&a x", "{", "[", "- -",
                "data:text/html,<script>", "javascript:alert(1)"]
HOSTILE_SCALARS = st.one_of(
    st.sampled_from([10**400, -(10**400), 10**22, 1e300, -1e300, float("inf"), float("-inf"),
                     float("nan"), 0, -1, 1, True, False, None, 2**63, -(2**63) - 1, 1e-320]),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=40),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
)
HOSTILE_VALUES = st.recursive(HOSTILE_SCALARS,
                              lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                      st.dictionaries(st.text(max_size=12), inner, max_size=4)),
                              max_leaves=12)


def _paths(node, prefix=()):
    """Every (path, value) of a YAML document, containers included."""
    yield prefix, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, (*prefix, i))


def _replace(document, path, value):
    if not path:
        return value
    node = document
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return document


@st.composite
def yaml_value_mutation(draw):
    name = draw(st.sampled_from(YAML_FILES))
    document = yaml.safe_load((SAMPLE / name).read_text(encoding="utf-8"))
    paths = [p for p, _ in _paths(document)]
    path = draw(st.sampled_from(paths))
    value = draw(HOSTILE_VALUES)
    text = yaml.safe_dump(_replace(document, path, value), allow_unicode=True, sort_keys=False)
    return name, text.encode("utf-8")


@st.composite
def byte_mutation(draw):
    name = draw(st.sampled_from(YAML_FILES + CSV_FILES))
    data = bytearray((SAMPLE / name).read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["insert", "delete", "overwrite", "truncate", "latin1"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "insert":
            data[at:at] = draw(st.sampled_from([b"\xff\xfe", b"\x00", b"&a [*a]", b": :", b"\n  - ", b'"',
                                                b",,,,", b"\n\n", b"1e999", b"99999999999999999999999",
                                                b"\t", b"{[", b"\xc3("])) + draw(st.binary(max_size=8))
        elif kind == "delete":
            del data[at:at + draw(st.integers(1, 40))]
        elif kind == "overwrite":
            chunk = draw(st.binary(min_size=1, max_size=8))
            data[at:at + len(chunk)] = chunk
        elif kind == "truncate":
            del data[at:]
        else:
            data[at:at] = "é".encode("latin-1")
    return name, bytes(data)


@st.composite
def csv_cell_mutation(draw):
    name = draw(st.sampled_from(CSV_FILES))
    frame = pd.read_csv(SAMPLE / name, dtype=str, keep_default_na=False)
    row = draw(st.integers(0, len(frame) - 1))
    column = draw(st.sampled_from(list(frame.columns)))
    frame.loc[row, column] = str(draw(HOSTILE_SCALARS))
    if draw(st.booleans()) and len(frame.columns) > 1:
        frame = frame.drop(columns=[draw(st.sampled_from(list(frame.columns)))])
    return name, frame.to_csv(index=False).encode("utf-8")


@st.composite
def structural_mutation(draw):
    name = draw(st.sampled_from(YAML_FILES))
    text = (SAMPLE / name).read_text(encoding="utf-8")
    kind = draw(st.sampled_from(["bomb", "deep_flow", "deep_block", "alias_value", "bad_date", "huge_int"]))
    if kind == "bomb":
        extra = 'zz0: &a0 ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
            f"zz{i}: &a{i} [*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1}]\n"
            for i in range(1, 9))
    elif kind == "deep_flow":
        depth = draw(st.integers(15, 3000))
        extra = "zz: " + "[" * depth + "]" * depth + "\n"
    elif kind == "deep_block":
        extra = "zz:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, draw(st.integers(15, 80)))) + "  v\n"
    elif kind == "alias_value":
        extra = "zz: &anchor 1\nyy: *anchor\n"
    elif kind == "bad_date":
        extra = "date: 2026-13-45\n"
    else:
        extra = "customers: 1" + "0" * draw(st.integers(20, 6000)) + "\n"
    return name, (text + "\n" + extra).encode("utf-8")


MUTATIONS = st.one_of(yaml_value_mutation(), byte_mutation(), csv_cell_mutation(), structural_mutation())


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large])
@given(mutations=st.lists(MUTATIONS, min_size=1, max_size=2))
def test_mutated_engagement_loads_or_raises_engagement_error(workdir, mutations):
    folder = workdir / "aurora-telecom"
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns("responses.db*"))
    for name, data in mutations:
        (folder / name).write_bytes(data)
    start = time.perf_counter()
    try:
        load_engagement(folder)
    except EngagementError as exc:
        message = str(exc)
        assert len(message) <= MESSAGE_LIMIT, message[:300]
        assert exc.file, message  # every error names a file
        # a parser's own bug would surface as the loader's catch-all; only the outlook parser (owned
        # elsewhere) may reach it here
        if "cannot be read (" in message and exc.file not in ("outlook.yaml",):
            pytest.fail(f"unexpected exception behind: {message}")
    elapsed = time.perf_counter() - start
    assert elapsed < TIME_LIMIT_S, f"took {elapsed:.1f} s: {[n for n, _ in mutations]}"


def test_every_sample_still_loads():
    """Nothing valid before is refused: every shipped sample engagement loads."""
    folders = sorted(p for p in SAMPLE.parent.iterdir() if (p / "engagement.yaml").is_file())
    assert len(folders) >= 9  # the seven of 0.1.0 plus the zh and ru samples
    for folder in folders:
        assert load_engagement(folder).client
