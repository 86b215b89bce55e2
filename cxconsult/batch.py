"""Many client reports at once: a process pool on this machine or a Dask cluster, one failure isolated.

``run_batch(paths, out_dir, jobs=4)`` makes the report of every engagement (``run_engagement`` in a
worker each), then writes a portfolio page ``out_dir/index.html`` linking every report with each client's
diagnostic index and area scores side by side, and ``out_dir/summary.csv``. An engagement that fails
(bad input, a notebook cell raising) is recorded with its error and the failing notebook and cell; the
others carry on. Reports whose inputs, notebooks and code are unchanged are kept unless ``force``.

Before the reports, the batch writes the practice benchmark ``out_dir/benchmark.json`` (load and score
each engagement: :func:`practice_benchmark`; anonymised, see :mod:`cxconsult.benchmark`) and passes it to
every report (papermill parameter ``benchmark_path``), so each client's diagnostic says where it stands
among the practice's engagements. ``benchmark=`` a shipped benchmark file uses that one instead;
``benchmark=False`` leaves it out.

Ctrl-C (SIGINT) stops a batch within seconds: queued engagements never start, running notebooks are
stopped (their kernels ended), ``summary.csv`` and ``index.html`` are written for what finished with
the rest marked ``interrupted``, and :class:`BatchInterrupted` (a ``KeyboardInterrupt`` carrying the
result) is raised, so ``cxconsult batch`` exits with 130. Local reports always run in worker
processes (also with ``jobs=1``) so that this process can stop them.

On a Dask cluster (``scheduler="tcp://host:port"``) every worker needs ``cxconsult`` installed and must see
the engagement folders and ``out_dir`` at the same paths as this machine (a shared file system). Start the
workers with one thread each (``dask worker ADDRESS --nthreads 1``; scale with ``--nworkers``): papermill
changes the process's working directory while a notebook runs, so two runs must not share a process.
"""

from __future__ import annotations

import datetime as dt
import glob
import html
import math
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cxconsult import __version__
from cxconsult.engagement import AREAS, ENGAGEMENT_FILE
from cxconsult.errors import CxConsultError
from cxconsult.reports import notebooks_folder

SUMMARY_CSV = "summary.csv"
BENCHMARK_JSON = "benchmark.json"
INDEX_HTML = "index.html"
#: Environment variable naming a folder of report notebooks to run instead of the shipped ones.
NOTEBOOKS_ENV = "CXCONSULT_NOTEBOOKS"
AREA_LABELS = {"people": "People", "process_technology": "Processes & technology",
               "customers": "Customers", "finance": "Finance"}
STATUSES = ("ok", "skipped", "failed", "interrupted")
#: Seconds a stopped worker gets to end on its own before it and its kernels are killed.
STOP_GRACE_S = 3.0
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class EngagementOutcome:
    """What happened to one engagement of a batch (picklable: plain values and paths only).

    ``status`` is ``"ok"`` (report made), ``"skipped"`` (inputs unchanged, report kept), ``"failed"`` or
    ``"interrupted"`` (the batch was stopped before this report was made).
    For a failure, ``error_type`` and ``error`` give the exception's class and message, and ``notebook``
    and ``cell`` (execution count) the failing notebook cell when a notebook raised. ``scores`` are the
    intake diagnostic's area scores (0-100) and ``index`` its index, when the engagement loads and has
    answers; ``seconds`` is the wall time in the worker.
    """

    engagement: str
    path: Path
    status: str
    client: str = ""
    industry: str = ""
    language: str = ""
    date: str = ""
    colour: str = ""
    html: Path | None = None
    executed: tuple[Path, ...] = ()
    sections: tuple[str, ...] = ()
    left_out: tuple[str, ...] = ()
    respondents: int = 0
    index: float = math.nan
    scores: Mapping[str, float] = field(default_factory=dict)
    error_type: str = ""
    error: str = ""
    notebook: str = ""
    cell: int | None = None
    seconds: float = 0.0
    timings: Mapping[str, float] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    def where(self) -> str:
        """The failing notebook and cell, e.g. ``"intake.ipynb cell 3"`` (blank when none)."""
        if not self.notebook:
            return ""
        return f"{self.notebook} cell {self.cell}" if self.cell is not None else self.notebook


@dataclass(frozen=True)
class BatchResult:
    """The outcome of a batch: one :class:`EngagementOutcome` per engagement, in the order given.

    ``seconds`` is the batch's wall time; ``index_html`` and ``summary_csv`` the portfolio files written.
    """

    items: tuple[EngagementOutcome, ...]
    out_dir: Path
    seconds: float = 0.0
    jobs: int = 1
    scheduler: str | None = None
    benchmark: Path | None = None
    benchmark_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when no engagement failed or was interrupted (skipped ones count as fine)."""
        return not any(item.failed or item.status == "interrupted" for item in self.items)

    @property
    def interrupted(self) -> bool:
        """True when the batch was stopped (Ctrl-C) before every report was made."""
        return any(item.status == "interrupted" for item in self.items)

    @property
    def counts(self) -> dict[str, int]:
        """Number of engagements per status: ``{"ok": n, "skipped": n, "failed": n}`` (and
        ``"interrupted"`` when the batch was stopped)."""
        counts = {status: sum(item.status == status for item in self.items) for status in STATUSES}
        if not counts["interrupted"]:
            del counts["interrupted"]
        return counts

    @property
    def failures(self) -> tuple[EngagementOutcome, ...]:
        return tuple(item for item in self.items if item.failed)

    @property
    def index_html(self) -> Path:
        return self.out_dir / INDEX_HTML

    @property
    def summary_csv(self) -> Path:
        return self.out_dir / SUMMARY_CSV

    def to_frame(self):
        """One row per engagement: status, client, index and area scores (0-100), error, and the report's
        path relative to ``out_dir``."""
        import pandas as pd

        rows = []
        for item in self.items:
            rows.append({
                "engagement": item.engagement, "client": item.client, "industry": item.industry,
                "language": item.language, "date": item.date, "status": item.status,
                "respondents": item.respondents, "index": item.index,
                **{area: item.scores.get(area, math.nan) for area in AREAS},
                "seconds": round(item.seconds, 2),
                "report": os.path.relpath(item.html, self.out_dir) if item.html else "",
                "error_type": item.error_type, "error": item.error, "notebook": item.notebook,
                "cell": item.cell, "left_out": " | ".join(item.left_out)})
        return pd.DataFrame(rows).set_index("engagement")

    def summary(self) -> str:
        """Text table: one line per engagement, the failures' errors, then totals and wall time."""
        head = f"{'engagement':<26} {'status':<8} {'index':>5} {'P':>5} {'T':>5} {'C':>5} {'F':>5} {'s':>6}"
        lines = [head, "-" * len(head)]
        for item in self.items:
            numbers = " ".join(_fmt(v, 5) for v in (item.index, *(item.scores.get(a, math.nan) for a in AREAS)))
            lines.append(f"{item.engagement[:26]:<26} {item.status:<8} {numbers} {item.seconds:6.1f}")
        for item in self.failures:
            where = f" [{item.where()}]" if item.notebook else ""
            lines.append(f"FAILED {item.engagement}{where}: {item.error_type}: {_first_line(item.error)}")
        counts = self.counts
        where = f"on {self.scheduler}" if self.scheduler else f"with {self.jobs} job(s)"
        stopped = f", {counts['interrupted']} interrupted" if counts.get("interrupted") else ""
        lines.append(f"{len(self.items)} engagement(s): {counts['ok']} made, {counts['skipped']} unchanged, "
                     f"{counts['failed']} failed{stopped}, in {self.seconds:.1f} s {where}")
        lines.append(f"Portfolio: {self.index_html}")
        if self.benchmark:
            lines.append(f"Benchmark: {self.benchmark} (built or read in {self.benchmark_seconds:.2f} s)")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return _portfolio_table(self)


class BatchInterrupted(KeyboardInterrupt):
    """Raised by :func:`run_batch` after Ctrl-C, once the portfolio of what finished is written.

    ``result`` is the :class:`BatchResult` (unfinished engagements have status ``"interrupted"``).
    """

    def __init__(self, result: BatchResult):
        super().__init__(f"batch interrupted: {result.counts}")
        self.result = result


def engagement_folders(paths: str | Path | Iterable[str | Path]) -> list[Path]:
    """Engagement folders named by ``paths`` (folders, ``engagement.yaml`` files or globs), deduplicated.

    Glob matches that are not engagements (no ``engagement.yaml``) are passed over; a path named
    explicitly is kept even when it is not one, so that the batch reports it as a failure.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    folders: list[Path] = []
    for entry in paths:
        text = os.path.expanduser(str(entry))
        if _GLOB_CHARS & set(text):
            matches = [Path(m) for m in sorted(glob.glob(text))]
            candidates = [_folder_of(m) for m in matches]
            candidates = [c for c in candidates if (c / ENGAGEMENT_FILE).is_file()]
        else:
            candidates = [_folder_of(Path(text))]
        for folder in candidates:
            folder = folder.resolve()
            if folder not in folders:
                folders.append(folder)
    if not folders:
        raise CxConsultError("no engagement folders match " + ", ".join(map(repr, map(str, paths))))
    return folders


def _folder_of(path: Path) -> Path:
    return path.parent if path.suffix in {".yaml", ".yml"} else path


def run_batch(paths: str | Path | Iterable[str | Path], out_dir: str | Path = "reports", *, jobs: int = 1,
              force: bool = False, scheduler: str | None = None, formats: Sequence[str] = ("html",),
              progress: bool = True, notebooks_dir: str | Path | None = None,
              execution_timeout: int = 600, benchmark: bool | str | Path = True) -> BatchResult:
    """Make the reports of many engagements and a portfolio page linking them.

    Parameters
    ----------
    paths : engagement folders, ``engagement.yaml`` files or globs (``"engagements/*"``).
    out_dir : each report goes to ``out_dir/<engagement>/report.html``; ``index.html`` and
        ``summary.csv`` of the whole batch to ``out_dir``.
    jobs : reports made at once in a process pool on this machine (1: one by one in this process).
    force : remake reports whose inputs, notebooks and code are unchanged (else they are kept).
    scheduler : a Dask scheduler address (``tcp://host:port``); the runs go to that cluster instead.
    formats : ``("html",)`` or ``("html", "pdf")``.
    progress : show a progress bar on stderr.
    notebooks_dir : a folder of report notebooks (``report.ipynb``, ``intake.ipynb``, ...) to run instead
        of the shipped ones, e.g. a practice's customised set (default: ``$CXCONSULT_NOTEBOOKS``, else the
        shipped notebooks). A notebook absent from the folder is not run.
    benchmark : True (default) builds the practice benchmark of these engagements into
        ``out_dir/benchmark.json`` and positions every report against it; a path positions the reports
        against that (shipped) benchmark file instead; False: no benchmark.

    Returns
    -------
    BatchResult : ``ok`` is False when any engagement failed; failures never stop the others.
    """
    if jobs < 1:
        raise CxConsultError(f"jobs must be at least 1, got {jobs}")
    start = time.perf_counter()
    folders = engagement_folders(paths)
    out = Path(out_dir).expanduser().resolve()
    out.mkdir(parents=True, exist_ok=True)
    notebooks_dir = notebooks_dir or os.environ.get(NOTEBOOKS_ENV) or None
    if notebooks_dir is not None:
        notebooks_dir = notebooks_folder(notebooks_dir)
    tick = time.perf_counter()
    benchmark_path = None
    if benchmark is True:
        benchmark_path = practice_benchmark(folders).to_file(out / BENCHMARK_JSON)
    elif benchmark:
        from cxconsult.benchmark import BenchmarkError, load_benchmark

        benchmark_path = Path(benchmark).expanduser().resolve()
        try:
            load_benchmark(benchmark_path)  # refuse a bad file before any report starts
        except BenchmarkError as exc:
            raise CxConsultError(f"benchmark: {exc}") from None
    benchmark_seconds = time.perf_counter() - tick
    options = {"force": force, "formats": tuple(formats), "notebooks_dir": notebooks_dir,
               "execution_timeout": execution_timeout, "benchmark_path": benchmark_path}

    outcomes: dict[Path, EngagementOutcome] = {}
    runnable = []
    names: dict[str, Path] = {}
    for folder in folders:  # two folders of the same name would write to the same report folder
        if folder.name in names:
            outcomes[folder] = EngagementOutcome(
                folder.name, folder, "failed", error_type="CxConsultError",
                error=f"another engagement folder of the same name ({names[folder.name]}) writes to "
                      f"{out / folder.name}; rename one of them")
        else:
            names[folder.name] = folder
            runnable.append(folder)

    bar = _progress_bar(len(runnable), progress)
    stop = _StopSignal()
    runs = _run_all(runnable, out, jobs, scheduler, options, stop)
    try:
        for outcome in runs:
            outcomes[outcome.path] = outcome
            bar.update(1)
            failed = sum(o.failed for o in outcomes.values())
            bar.set_postfix_str(f"{outcome.engagement}: {outcome.status}" + (f", {failed} failed" if failed else ""))
    except KeyboardInterrupt:
        stop.requested = True
    finally:
        with _sigint_ignored():  # a second Ctrl-C must not cut the clean-up short
            runs.close()  # stops the workers (and their kernels) when the loop did not finish
            bar.close()

    if stop.requested:
        for folder in runnable:
            if folder not in outcomes or outcomes[folder].status == "interrupted":
                outcomes[folder] = EngagementOutcome(folder.name, folder, "interrupted",
                                                     error="the batch was stopped before this report was made")
    result = BatchResult(tuple(outcomes[f] for f in folders), out, seconds=time.perf_counter() - start,
                         jobs=jobs, scheduler=scheduler, benchmark=benchmark_path,
                         benchmark_seconds=benchmark_seconds)
    write_portfolio(result)
    if stop.requested:
        if progress:
            counts = result.counts
            print(f"Interrupted: {counts['ok'] + counts['skipped']} report(s) done, {counts.get('interrupted', 0)} "
                  f"interrupted; wrote {result.summary_csv} and {result.index_html}", file=sys.stderr)
        raise BatchInterrupted(result)
    return result


class _StopSignal:
    requested: bool = False


class _sigint_ignored:
    """Ignore SIGINT inside the block (main thread only; elsewhere a no-op)."""

    def __enter__(self) -> None:
        self._old = None
        if threading.current_thread() is threading.main_thread():
            self._old = signal.signal(signal.SIGINT, signal.SIG_IGN)

    def __exit__(self, *exc: Any) -> None:
        if self._old is not None:
            signal.signal(signal.SIGINT, self._old)


def _progress_bar(total: int, enabled: bool):
    from tqdm.auto import tqdm

    return tqdm(total=total, desc="reports", unit="report", file=sys.stderr, disable=not enabled,
                dynamic_ncols=True)


def _run_all(folders: list[Path], out: Path, jobs: int, scheduler: str | None,
             options: dict[str, Any], stop: _StopSignal) -> Iterable[EngagementOutcome]:
    """Yield each engagement's outcome as it completes; closing the generator early stops the runs."""
    if not folders:
        return
    if scheduler:
        try:
            from distributed import Client
        except ImportError as exc:  # optional dependency
            raise CxConsultError("--scheduler needs Dask: pip install 'cxconsult[dask]'") from exc
        with Client(scheduler, set_as_default=False) as client:
            # the client's executor is a concurrent.futures.Executor; pure=False: each run is a new task
            executor = client.get_executor(pure=False)
            yield from _submit_all(executor, folders, out, options)
        return
    # Always worker processes (spawn: no fork of this process's threads), so that Ctrl-C here can stop
    # them: in this process, nbclient would take SIGINT over while a notebook runs.
    context = multiprocessing.get_context("spawn")
    halt = context.Event()
    executor = ProcessPoolExecutor(max_workers=min(jobs, len(folders)), mp_context=context,
                                   initializer=_worker_init, initargs=(halt,))
    finished = False
    try:
        yield from _submit_all(executor, folders, out, options, worker=_run_in_worker)
        finished = True
    finally:
        if finished:
            executor.shutdown(wait=True)
        else:  # Ctrl-C, or the caller stopped reading
            stop.requested = True
            _stop_pool(executor, halt)


def _submit_all(executor: Executor, folders: list[Path], out: Path, options: dict[str, Any],
                worker: Any = None) -> Iterable[EngagementOutcome]:
    futures = {executor.submit(worker or run_one, folder, out, **options): folder for folder in folders}
    try:
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception as exc:  # the worker itself died (out of memory, killed, lost connection)
                folder = futures[future]
                yield EngagementOutcome(folder.name, folder, "failed", error_type=type(exc).__name__,
                                        error=f"worker lost: {exc}")
    finally:
        for future in futures:  # queued runs never start once the batch is stopped
            future.cancel()


# -- stopping a local pool ------------------------------------------------------------------------------

_HALT: Any = None


def _worker_init(halt: Any) -> None:
    """In each worker: remember the batch's stop event; leave Ctrl-C to the parent, which stops us."""
    global _HALT
    _HALT = halt
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run_in_worker(folder: Path, out_dir: Path, **options: Any) -> EngagementOutcome:
    """:func:`run_one` unless the batch was stopped (then the engagement is not started)."""
    if _HALT is not None and _HALT.is_set():
        return EngagementOutcome(Path(folder).name, Path(folder), "interrupted")
    outcome = run_one(folder, out_dir, **options)
    if _HALT is not None and _HALT.is_set() and outcome.failed:  # its kernel was stopped
        return EngagementOutcome(Path(folder).name, Path(folder), "interrupted")
    return outcome


def _descendants(pids: Iterable[int]) -> list[Any]:
    try:
        import psutil
    except ImportError:  # pragma: no cover - psutil comes with ipykernel
        return []
    found = []
    for pid in pids:
        try:
            found.extend(psutil.Process(pid).children(recursive=True))
        except psutil.Error:
            continue
    return found


def _stop_pool(executor: ProcessPoolExecutor, halt: Any) -> None:
    """Stop a local pool now: no queued run starts, running kernels are ended, workers exit or are killed."""
    halt.set()
    workers = list(getattr(executor, "_processes", {}).values())
    kernels = _descendants(w.pid for w in workers if w.pid)
    executor.shutdown(wait=False, cancel_futures=True)
    for kernel in kernels:  # the notebook's cell fails at once; the worker tidies up and returns
        try:
            kernel.terminate()
        except Exception:  # noqa: BLE001 - already gone
            pass
    deadline = time.monotonic() + STOP_GRACE_S
    for worker in workers:
        worker.join(max(0.0, deadline - time.monotonic()))
    for worker in workers:
        if worker.is_alive():
            worker.kill()
            worker.join(1.0)
    for process in kernels + _descendants(w.pid for w in workers if w.pid):
        try:
            if process.is_running():
                process.kill()
        except Exception:  # noqa: BLE001 - already gone
            pass


def run_one(folder: str | Path, out_dir: str | Path, *, force: bool = False, formats: Sequence[str] = ("html",),
            notebooks_dir: Path | None = None, execution_timeout: int = 600,
            benchmark_path: Path | None = None) -> EngagementOutcome:
    """Make one engagement's report in a worker and describe the outcome; never raises for a bad engagement."""
    from cxconsult.reports import ReportError, run_engagement

    start = time.perf_counter()
    folder = Path(folder)
    facts: dict[str, Any] = {}
    try:
        facts = _engagement_facts(folder)
        report = run_engagement(folder, out_dir, formats=tuple(formats), force=force,
                                execution_timeout=execution_timeout, notebooks_dir=notebooks_dir,
                                benchmark_path=benchmark_path)
    except Exception as exc:  # isolate: any failure becomes a record
        extra: dict[str, Any] = {}
        if isinstance(exc, ReportError):
            extra = {"notebook": exc.notebook, "cell": exc.cell}
            executed = Path(out_dir) / folder.name / "notebooks" / exc.notebook
            if executed.is_file():
                extra["executed"] = (executed,)
        message = str(exc) or "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return EngagementOutcome(folder.name, folder, "failed", **facts, error_type=type(exc).__name__,
                                 error=message, seconds=time.perf_counter() - start, **extra)
    return EngagementOutcome(folder.name, folder, "skipped" if report.skipped else "ok", **facts,
                             html=report.html, executed=tuple(report.notebooks), sections=tuple(report.sections),
                             left_out=tuple(report.left_out), seconds=time.perf_counter() - start,
                             timings=dict(report.timings))


def _engagement_facts(folder: Path) -> dict[str, Any]:
    """Client details and diagnostic scores for the portfolio; {} when the engagement does not load."""
    from cxconsult import diagnostic
    from cxconsult.engagement import load_engagement

    engagement = load_engagement(folder)  # an EngagementError here is the engagement's failure
    facts: dict[str, Any] = {"client": engagement.client, "industry": engagement.industry,
                             "language": engagement.language, "date": engagement.date.isoformat(),
                             "colour": engagement.branding.colour}
    if not engagement.responses.empty:
        result = diagnostic.score(engagement.responses)
        facts.update(respondents=result.respondents, index=float(result.index),
                     scores={area: float(result.by_area[area]) for area in AREAS})
    return facts


# -- practice benchmark ------------------------------------------------------------------------------------

def benchmark_record(engagement: Any) -> Any:
    """An engagement's anonymised benchmark record (sector, size band, year, scores); None without answers."""
    return _record(engagement.profile, engagement.date, engagement.responses)


def _record(profile: Any, date: dt.date, responses: Any) -> Any:
    from cxconsult.benchmark import BenchmarkRecord

    scores = diagnostic_scores(responses)
    if scores is None:
        return None
    return BenchmarkRecord(profile.sector if profile else "", profile.size_band if profile else "", date.year,
                           scores)


def diagnostic_scores(responses: Any) -> dict[str, float] | None:
    """The diagnostic's ``index`` and four area scores (0-100) of a validated responses table, as
    :func:`cxconsult.diagnostic.score` computes them (area: mean numeric answer / 4 x 100; index: mean of
    the scored areas), without the rest of its result; None when there are no answers."""
    import numpy as np

    from cxconsult.engagement import AREA_PREFIX, DONT_KNOW

    if responses.empty:
        return None
    answers = responses["answer"]
    numeric = answers[answers.map(lambda a: a != DONT_KNOW)].astype(float)
    areas = responses.loc[numeric.index, "question"].str[0].map(AREA_PREFIX)
    means = numeric.groupby(areas).mean()
    by_area = {area: float(means[area] / 4 * 100) if area in means.index else math.nan for area in AREAS}
    present = [v for v in by_area.values() if not math.isnan(v)]
    return {"index": float(np.mean(present)) if present else math.nan, **by_area}


def _benchmark_inputs(folder: Path) -> tuple[Any, dt.date, Any]:
    """What the benchmark needs of an engagement, validated as :func:`load_engagement` validates it: the
    profile, the date and the intake answers (the model sections are not read: that is the report's work)."""
    from cxconsult.engagement import _date, _profile, engagement_folder, load_responses, read_yaml
    from cxconsult.sections.base import SectionContext

    folder = engagement_folder(folder)
    raw = read_yaml(folder, ENGAGEMENT_FILE)
    if not isinstance(raw, Mapping):
        raise CxConsultError("engagement.yaml: expected a mapping of fields")
    ctx = SectionContext(folder, ENGAGEMENT_FILE, "")
    intake = ctx.mapping(raw, "intake", required=False)
    responses_file = ctx.sub("intake").text(intake, "responses", "responses.csv")
    return _profile(raw, ctx), _date(raw.get("date"), ctx), load_responses(folder, responses_file)


def practice_benchmark(paths: str | Path | Iterable[str | Path]) -> Any:
    """The :class:`~cxconsult.benchmark.PracticeBenchmark` of the engagements named by ``paths`` (folders,
    ``engagement.yaml`` files or globs): each one's profile, date and intake answers are read and its
    diagnostic scored (the model sections are not read); one whose ``engagement.yaml`` or answers do not
    load, or that has no answers, is left out (the batch reports its failure with its report)."""
    from cxconsult.benchmark import build_benchmark

    records = []
    for folder in engagement_folders(paths):
        try:
            record = _record(*_benchmark_inputs(folder))
        except Exception:  # noqa: BLE001 - a bad engagement fails in its own report, not here
            continue
        if record is not None:
            records.append(record)
    return build_benchmark(records)


# -- portfolio ---------------------------------------------------------------------------------------------

def write_portfolio(result: BatchResult) -> None:
    """Write ``summary.csv`` and ``index.html`` (relative links to every report) into ``result.out_dir``.

    Text cells of ``summary.csv`` that a spreadsheet would run as a formula (starting with ``=``, ``+``,
    ``-``, ``@``) get a leading apostrophe; every value of ``index.html`` is escaped.
    """
    result.out_dir.mkdir(parents=True, exist_ok=True)
    frame = result.to_frame()
    for column in ("client", "industry", "language", "date", "error_type", "error", "notebook", "left_out"):
        frame[column] = frame[column].map(_no_formula)
    frame.index = frame.index.map(_no_formula)
    frame.to_csv(result.summary_csv, float_format="%.1f")
    result.index_html.write_text(portfolio_html(result), encoding="utf-8")


def _no_formula(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _fmt(value: float, width: int = 0) -> str:
    return f"{'-' if value is None or math.isnan(value) else f'{value:.0f}':>{width}}"


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def _link(path: Path | None, base: Path, label: str) -> str:
    if path is None or not Path(path).is_file():
        return ""
    href = os.path.relpath(path, base).replace(os.sep, "/")
    return f'<a href="{html.escape(href)}">{html.escape(label)}</a>'


def _score_cell(value: float) -> str:
    if value is None or math.isnan(value):
        return '<td class="num na">&ndash;</td>'
    hue = round(120 * max(0.0, min(100.0, value)) / 100)  # red (0) to green (100)
    return (f'<td class="num"><div class="val">{value:.0f}</div><div class="track"><div class="fill" '
            f'style="width:{value:.0f}%;background:hsl({hue},55%,45%)"></div></div></td>')


def _portfolio_table(result: BatchResult) -> str:
    head = ("<tr><th>Client</th><th>Industry</th><th>Date</th><th>Lang.</th><th class=num>Resp.</th>"
            "<th class=num>Index</th>" + "".join(f"<th class=num>{AREA_LABELS[a]}</th>" for a in AREAS)
            + "<th>Status</th><th>Report</th></tr>")
    rows = []
    for item in result.items:
        swatch = f'<span class="swatch" style="background:{html.escape(item.colour)}"></span>' if item.colour else ""
        name = html.escape(item.client or item.engagement)
        status = f'<span class="status {html.escape(item.status)}">{html.escape(item.status)}</span>'
        links = _link(item.html, result.out_dir, "report") if not item.failed else ""
        if item.failed:
            audit = [_link(p, result.out_dir, p.name) for p in item.executed]
            links = " ".join(a for a in audit if a)
        rows.append(
            f"<tr class=\"{html.escape(item.status)}\"><td>{swatch}<b>{name}</b><div class=sub>{html.escape(item.engagement)}</div></td>"
            f"<td>{html.escape(item.industry)}</td><td class=nowrap>{html.escape(item.date)}</td>"
            f"<td>{html.escape(item.language)}</td><td class=num>{item.respondents or '&ndash;'}</td>"
            + _score_cell(item.index) + "".join(_score_cell(item.scores.get(a, math.nan)) for a in AREAS)
            + f"<td>{status}</td><td>{links}</td></tr>")
        if item.failed:
            where = f" in {html.escape(item.where())}" if item.notebook else ""
            rows.append(f'<tr class="error"><td colspan="12"><b>{html.escape(item.error_type)}</b>{where}: '
                        f"<pre>{html.escape(item.error.strip())}</pre></td></tr>")
        elif item.left_out:
            rows.append('<tr class="note"><td colspan="12">' + " &middot; ".join(map(html.escape, item.left_out))
                        + "</td></tr>")
    return f'<table class="portfolio"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:2rem auto;
 max-width:1200px;padding:0 1rem;color:#222;}
h1{font-weight:600;margin-bottom:.2rem}.meta{color:#666;margin-top:0}
.counts span{display:inline-block;margin-right:1rem;padding:.2rem .6rem;border-radius:1rem;background:#eee}
table.portfolio{border-collapse:collapse;width:100%;font-size:.92rem;margin-top:1rem}
.portfolio th{text-align:left;border-bottom:2px solid #333;padding:.4rem;font-weight:600;vertical-align:bottom}
.portfolio td{border-bottom:1px solid #ddd;padding:.4rem;vertical-align:middle}
.portfolio .num{text-align:right;min-width:4.5rem}
.val{font-variant-numeric:tabular-nums;font-weight:500}
.track{height:5px;background:#eceff1;border-radius:3px;margin-top:3px}.fill{height:100%;border-radius:3px}
.nowrap{white-space:nowrap}
.na{color:#999}.sub{color:#888;font-size:.8rem}
.swatch{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;margin-right:.4rem;vertical-align:-1px}
.status{padding:.1rem .5rem;border-radius:1rem;font-size:.8rem}
.status.ok{background:#d7f0dc;color:#1b5e20}.status.skipped{background:#e3e8f0;color:#37474f}
.status.failed{background:#fbd5d5;color:#b71c1c}.status.interrupted{background:#fff3cd;color:#7a5b00}
tr.error td{background:#fff5f5;color:#7f1d1d;font-size:.85rem}
tr.error pre{white-space:pre-wrap;margin:.3rem 0 0;font-size:.8rem}
tr.note td{color:#777;font-size:.8rem;border-bottom:1px solid #ddd;padding-top:0}
footer{color:#888;font-size:.8rem;margin-top:1.5rem}
"""


def portfolio_html(result: BatchResult) -> str:
    """The portfolio page: every client's diagnostic index and area scores (0-100) with report links."""
    counts = result.counts
    generated = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    return (
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        f"<title>Client portfolio: CX reports</title><style>{_CSS}</style></head><body>"
        "<h1>Client portfolio</h1>"
        f"<p class=meta>{len(result.items)} engagement(s); CX diagnostic index and area scores, 0-100 "
        "(mean answer on the 0-4 maturity scale &times; 25; &ndash; where there are no answers).</p>"
        f"<p class=counts><span>{counts['ok']} made</span><span>{counts['skipped']} unchanged</span>"
        f"<span>{counts['failed']} failed</span>"
        + (f"<span>{counts['interrupted']} interrupted</span>" if counts.get("interrupted") else "") + "</p>"
        + _portfolio_table(result)
        + f"<footer>Generated {generated} by cxconsult {html.escape(__version__)} in {result.seconds:.1f} s"
        f"{' on ' + html.escape(result.scheduler) if result.scheduler else ''}.</footer></body></html>")
