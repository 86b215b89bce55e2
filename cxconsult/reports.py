"""Client reports: papermill runs each notebook that applies to an engagement, nbconvert turns them
into one HTML report through the ``cxreport`` template in ``templates/``.

``run_engagement`` makes one report; ``run_batch`` (in :mod:`cxconsult.batch`) makes many.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html as html_lib
import mimetypes
import os
import re
import tempfile
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from jupyter_client.manager import AsyncKernelManager
from traitlets import default

from cxconsult import __version__, cache
from cxconsult.engagement import Engagement, engagement_folder, load_engagement
from cxconsult.errors import CxConsultError
from cxconsult.i18n import N_, translator
from cxconsult.resources import resource_path

REPORT_FILE = "report.html"
HASH_FILE = "inputs.sha256"
SKIP_TAGS = frozenset({"parameters", "injected-parameters", "hide-in-report"})


class IPCKernelManager(AsyncKernelManager):
    """A kernel manager talking to the kernel over Unix sockets instead of TCP ports.

    With TCP, kernels started at the same moment (batch jobs, parallel tests) can race for a port
    ("Address already in use", then "Kernel didn't respond"); IPC sockets have no ports to race for.
    """

    @default("transport")
    def _default_transport(self) -> str:
        return "ipc"

    @default("ip")
    def _default_ip(self) -> str:
        # socket path prefix, unique per kernel (jupyter_client's default is ./kernel-ipc, shared)
        return os.path.join(tempfile.gettempdir(), f"cxconsult-kernel-{uuid.uuid4().hex[:16]}")

    #: Environment variables added to the kernel's (the report run's cache folder; see cxconsult.cache).
    extra_env: Mapping[str, str] = {}

    async def _async_pre_start_kernel(self, **kw):  # type: ignore[override]
        if self.extra_env:
            kw["env"] = {**(kw.get("env") or os.environ), **self.extra_env}
        return await super()._async_pre_start_kernel(**kw)


def _kernel_manager(extra_env: Mapping[str, str]) -> type[IPCKernelManager]:
    """An :class:`IPCKernelManager` whose kernels get ``extra_env`` (one class per report run)."""
    return type("IPCKernelManagerWithEnv", (IPCKernelManager,), {"extra_env": dict(extra_env)})


class ReportError(CxConsultError):
    """A notebook failed while making a report; names the engagement, notebook and cell.

    ``cell`` is the 1-based position of the failing cell in the parameterised notebook: the source
    notebook plus the injected-parameters cell papermill adds after the ``parameters`` cell. (The copy
    saved for audit also carries papermill's error-marker cells, which are not counted.)
    """

    def __init__(self, message: str, *, engagement: str, notebook: str = "", cell: int | None = None):
        self.engagement = engagement
        self.notebook = notebook
        self.cell = cell
        super().__init__(message)


@dataclass(frozen=True)
class ReportSection:
    """A notebook of the report; ``needs`` is the engagement data it needs (None: always runs)."""

    key: str
    notebook: str
    title: str
    needs: str | None


#: The report's sections in order; titles are English msgids, translated where shown.
SECTIONS = (
    ReportSection("summary", "report.ipynb", N_("Executive summary"), None),
    ReportSection("intake", "intake.ipynb", N_("CX diagnostic"), "responses"),
    ReportSection("progress", "progress.ipynb", N_("Progress since the last diagnostic"), "waves"),
    ReportSection("journey", "journey.ipynb", N_("Customer journey"), "journey"),
    ReportSection("outlook", "outlook.ipynb", N_("Contact-centre 36-month outlook"), "outlook"),
    ReportSection("service_profit_chain", "service_profit_chain.ipynb", N_("Service-profit chain"),
                  "service_profit_chain"),
    ReportSection("retention", "retention.ipynb", N_("Retention economics"), "retention"),
    ReportSection("feedback", "voc.ipynb", N_("Voice of the customer"), "feedback"),
    ReportSection("complaints", "complaints.ipynb", N_("Complaints and the closed loop"), "complaints"),
)
#: Cell tags the report moves to its end, in this order, after the sections' bodies.
CLOSING_TAGS = ("roadmap", "appendix")


@dataclass(frozen=True)
class ReportResult:
    """What ``run_engagement`` made: paths, sections run or left out (with why), and timings in s."""

    engagement: str
    client: str
    html: Path
    pdf: Path | None = None
    notebooks: tuple[Path, ...] = ()
    sections: tuple[str, ...] = ()
    left_out: tuple[str, ...] = ()
    skipped: bool = False
    seconds: float = 0.0
    timings: Mapping[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        """One paragraph: the report's path, what it holds and how long it took."""
        state = "unchanged, kept" if self.skipped else f"made in {self.seconds:.1f} s"
        lines = [f"{self.client} ({self.engagement}): {state} -> {self.html}"]
        if self.sections:
            lines.append("  sections: " + ", ".join(self.sections))
        lines.extend(f"  {line}" for line in self.left_out)
        return "\n".join(lines)


def notebooks_folder(notebooks_dir: str | Path | None = None) -> Path:
    """The folder of report notebooks: ``notebooks_dir`` (a practice's own set) or the shipped one."""
    if notebooks_dir is None:
        return resource_path("notebooks")
    folder = Path(notebooks_dir).expanduser().resolve()
    if not folder.is_dir():
        raise CxConsultError(f"notebooks folder {str(folder)!r} does not exist")
    return folder


def applicable_sections(engagement: Engagement, notebooks_dir: str | Path | None = None,
                        ) -> tuple[list[ReportSection], list[str]]:
    """The report's sections for this engagement, and a line for each one left out saying why.

    A section whose notebook is not in the notebooks folder is not part of this version: skipped silently.
    """
    folder = notebooks_folder(notebooks_dir)
    tr = translator(engagement.language)
    run, left_out = [], []
    for section in SECTIONS:
        if not (folder / section.notebook).is_file():
            continue
        if section.needs == "responses" and engagement.responses.empty:
            left_out.append(tr._("{section} left out: no intake answers in the responses file.").format(
                section=tr._(section.title)))
        elif section.needs == "waves" and sum(not w.responses.empty for w in engagement.waves) < 2:
            left_out.append(tr._("{section} left out: one diagnostic wave only (list earlier waves under "
                                 "intake.waves).").format(section=tr._(section.title)))
        elif section.needs not in (None, "responses", "waves") and engagement.section(section.needs) is None:
            left_out.append(tr._("{section} left out: engagement.yaml has no “{name}” section.").format(
                section=tr._(section.title), name=section.needs))
        else:
            run.append(section)
    return run, left_out


def inputs_hash(folder: Path, notebooks_dir: str | Path | None = None) -> str:
    """SHA-256 over the engagement's files, the notebooks, the templates and cxconsult's code.

    A report whose hash is unchanged need not be made again.
    """
    digest = hashlib.sha256(__version__.encode())
    roots = [folder, notebooks_folder(notebooks_dir), resource_path("templates"), Path(__file__).parent]
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            relative = path.relative_to(root).as_posix()
            if (relative.startswith((".", "_resources")) or "/." in relative or "__pycache__" in relative
                    or path.name.startswith("responses.db")):
                continue
            digest.update(relative.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def run_engagement(path: str | Path, out_dir: str | Path = "reports", *, formats: tuple[str, ...] = ("html",),
                   force: bool = True, kernel_name: str = "python3", execution_timeout: int = 600,
                   notebooks_dir: str | Path | None = None) -> ReportResult:
    """Make the client report of one engagement.

    Parameters
    ----------
    path : engagement folder or its ``engagement.yaml``.
    out_dir : the report goes to ``out_dir/<engagement folder name>/report.html``, the executed
        notebooks to ``.../notebooks/`` beside it.
    formats : ``("html",)`` or ``("html", "pdf")`` (PDF needs WeasyPrint).
    force : make the report even when its inputs' hash is unchanged since the last run.
    notebooks_dir : a folder of report notebooks to run instead of the shipped ones (same file names).

    Raises
    ------
    EngagementError : the engagement's files are invalid.
    ReportError : a notebook failed; names the notebook and cell.
    """
    import papermill

    start = time.perf_counter()
    folder = engagement_folder(path)
    engagement = load_engagement(folder)
    out = Path(out_dir).resolve() / engagement.name
    html_path = out / REPORT_FILE
    notebooks = notebooks_folder(notebooks_dir)
    digest = inputs_hash(folder, notebooks)
    sections, left_out = applicable_sections(engagement, notebooks)
    if not force and html_path.is_file() and (out / HASH_FILE).is_file() \
            and (out / HASH_FILE).read_text().strip() == digest:
        return ReportResult(engagement.name, engagement.client, html_path,
                            pdf=(out / "report.pdf") if (out / "report.pdf").is_file() else None,
                            notebooks=tuple(sorted((out / "notebooks").glob("*.ipynb"))),
                            sections=tuple(s.title for s in sections), left_out=tuple(left_out), skipped=True)

    (out / "notebooks").mkdir(parents=True, exist_ok=True)
    (out / HASH_FILE).unlink(missing_ok=True)
    # results shared by the run's kernels (computed once per report; see cxconsult.cache)
    kernel_manager = _kernel_manager({cache.ENV: str(cache.prepare(out, digest))})
    timings: dict[str, float] = {}
    executed = []
    for section in sections:
        source = notebooks / section.notebook
        target = out / "notebooks" / section.notebook
        tick = time.perf_counter()
        try:
            notebook = papermill.execute_notebook(
                str(source), str(target), parameters={"engagement_path": str(folder)},
                kernel_name=kernel_name, cwd=str(source.parent), progress_bar=False,
                execution_timeout=execution_timeout, kernel_manager_class=kernel_manager)
        except papermill.PapermillExecutionError as exc:
            cell = exc.cell_index + 1  # 1-based, in the executed notebook kept beside the report
            first_line = (exc.source or "").strip().splitlines()[0][:80] if (exc.source or "").strip() else ""
            raise ReportError(f"{engagement.name}: notebook {section.notebook} failed at cell {cell} "
                              f"({first_line!r}): {exc.ename}: {exc.evalue}; executed notebook kept at "
                              f"{target}", engagement=engagement.name, notebook=section.notebook,
                              cell=cell) from None
        timings[f"execute {section.key}"] = time.perf_counter() - tick
        executed.append(notebook)

    tick = time.perf_counter()
    report = assemble(engagement, executed, [s.title for s in sections], left_out)
    html_path.write_text(export_html(report), encoding="utf-8")
    timings["export html"] = time.perf_counter() - tick
    pdf_path = None
    if "pdf" in formats:
        tick = time.perf_counter()
        pdf_path = export_pdf(html_path)
        timings["export pdf"] = time.perf_counter() - tick
    (out / HASH_FILE).write_text(digest + "\n")
    return ReportResult(engagement.name, engagement.client, html_path, pdf=pdf_path,
                        notebooks=tuple(out / "notebooks" / s.notebook for s in sections),
                        sections=tuple(s.title for s in sections), left_out=tuple(left_out),
                        seconds=time.perf_counter() - start, timings=timings)


def _data_uri(path: Path) -> str:
    kind = mimetypes.guess_type(path.name)[0] or "image/png"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode()}"


def assemble(engagement: Engagement, executed: list[nbformat.NotebookNode], titles: list[str],
             left_out: list[str]) -> nbformat.NotebookNode:
    """One notebook of every executed section, in order, with cells tagged ``roadmap`` then ``appendix``
    moved last.

    Parameter cells and cells tagged ``hide-in-report`` are dropped, and so are stderr outputs
    (warnings are for the analyst, not the client). Every chart gets a caption and alt text: its own
    (``cxconsult.plots.figure`` puts them in the output's metadata) or, failing that, one naming the
    heading it sits under (:func:`describe_charts`). Cover words are in the engagement's language.
    """
    tr = translator(engagement.language)
    body: list = []
    closing: dict[str, list] = {tag: [] for tag in CLOSING_TAGS}
    for notebook in executed:
        for cell in notebook.cells:
            tags = set(cell.get("metadata", {}).get("tags", []))
            if tags & SKIP_TAGS:
                continue
            if cell.cell_type == "code":
                cell.outputs = [o for o in cell.outputs if not (o.output_type == "stream" and o.name == "stderr")]
            target = next((closing[tag] for tag in CLOSING_TAGS if tag in tags), body)
            target.append(cell)
    cells = body + [cell for tag in CLOSING_TAGS for cell in closing[tag]]
    describe_charts(cells, engagement.language)
    report = nbformat.v4.new_notebook(cells=cells, metadata=dict(executed[0].metadata))
    report.metadata.pop("papermill", None)
    report.metadata["title"] = tr._("{client}: customer-experience report").format(client=engagement.client)
    generated = dt.datetime.now()
    report.metadata["cxreport"] = {
        "language": translator(engagement.language).language,
        "client": engagement.client,
        "industry": engagement.industry,
        "consultant": engagement.consultant,
        "date": tr.date(engagement.date),
        "colour": engagement.branding.colour,
        "logo": _data_uri(engagement.branding.logo) if engagement.branding.logo else "",
        "kicker": tr._("Customer-experience review"),
        "contents": tr._("Contents"),
        "logo_alt": tr._("Logo of {client}").format(client=engagement.client),
        "sections": [tr._(t) for t in titles if t != "Executive summary"],
        "left_out": list(left_out),
        "version": __version__,
        "generated": tr.date(generated.date()),
        "footer": tr._("Prepared with cxconsult {version} on {date}. Figures marked “assumption” come from "
                       "published literature, not from {client}'s data; sources are in the appendix.").format(
            version=__version__, date=tr.date(generated.date()), client=engagement.client),
    }
    return report


_HEADING_HTML = re.compile(r"<h([1-3])\b[^>]*>(.*?)</h\1>", re.IGNORECASE | re.DOTALL)
_HEADING_MD = re.compile(r"^#{1,3}\s+(.+)$", re.MULTILINE)


def _plain(fragment: str) -> str:
    return html_lib.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def describe_charts(cells: list, language: str = "en") -> int:
    """Give every image output without a description one from the latest heading above it.

    An image's description lives in ``output.metadata["cxreport"] = {"caption": ..., "alt": ...}`` (set
    by ``cxconsult.plots.figure``); the ``cxreport`` template writes it as the image's ``alt`` and its
    ``<figcaption>``. Returns how many images got the fallback.
    """
    tr = translator(language)
    current = ""
    filled = 0
    for cell in cells:
        if cell.cell_type == "markdown":
            found = _HEADING_MD.findall(cell.source)
            current = found[-1].strip() if found else current
            continue
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/html" in data:
                found = _HEADING_HTML.findall("".join(data["text/html"]))
                current = _plain(found[-1][1]) if found else current
            if "image/png" in data or "image/svg+xml" in data or "image/jpeg" in data:
                meta = output.setdefault("metadata", {})
                info = dict(meta.get("cxreport", {}))
                if not info.get("alt"):
                    info["alt"] = (tr._("Chart of the section “{heading}”").format(heading=current) if current
                                   else tr._("Chart of the report"))
                    filled += 1
                if not info.get("caption"):
                    info["caption"] = info["alt"]
                meta["cxreport"] = info
    return filled


def export_html(notebook: nbformat.NotebookNode) -> str:
    """HTML of an assembled report through the ``cxreport`` template (no code, no prompts)."""
    from nbconvert import HTMLExporter

    language = notebook.metadata.get("cxreport", {}).get("language", "en")
    exporter = HTMLExporter(template_name="cxreport", extra_template_basedirs=[str(resource_path("templates"))],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                            language_code=language.split("-")[0])
    body, _ = exporter.from_notebook_node(notebook)
    return body


def export_pdf(html_path: Path) -> Path:
    """PDF beside ``html_path`` with WeasyPrint (static images only; no JavaScript runs)."""
    try:
        from weasyprint import HTML
    except ImportError as exc:  # optional dependency
        raise CxConsultError("PDF output needs WeasyPrint: pip install 'cxconsult[pdf]'") from exc
    pdf_path = html_path.with_suffix(".pdf")
    HTML(filename=str(html_path)).write_pdf(str(pdf_path))
    return pdf_path


def run_batch(paths, out_dir: str | Path = "reports", jobs: int = 1, **options):
    """Make the reports of many engagements; see :func:`cxconsult.batch.run_batch`."""
    from cxconsult.batch import run_batch as _run_batch

    return _run_batch(paths, out_dir, jobs=jobs, **options)
