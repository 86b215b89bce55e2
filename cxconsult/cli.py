"""The ``cxconsult`` command: parses arguments and calls the library, nothing more."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from cxconsult import __version__
from cxconsult.errors import CxConsultError



def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cxconsult", description="Customer-experience consulting toolkit.")
    parser.add_argument("--version", action="version", version=f"cxconsult {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    new = commands.add_parser("new", help="create an engagement folder from the template")
    new.add_argument("folder", help="folder to create, e.g. engagements/acme")
    new.add_argument("--client", required=True, help="client's name for the report cover")
    new.add_argument("--language", default="en", help="en, fr, pt-BR, pt-PT, zh or ru (default en)")

    report = commands.add_parser("report", help="run the notebooks of one engagement into an HTML report")
    report.add_argument("engagement", help="engagement folder or its engagement.yaml")
    report.add_argument("--out", default="reports", help="output folder (default: reports)")
    report.add_argument("--pdf", action="store_true", help="also write report.pdf (needs WeasyPrint)")
    report.add_argument("--skip-unchanged", action="store_true",
                        help="keep the existing report when inputs, notebooks and code are unchanged")

    batch = commands.add_parser("batch", help="make the reports of many engagements")
    batch.add_argument("engagements", nargs="+", help="engagement folders, engagement.yaml files or globs")
    batch.add_argument("--out", default="reports", help="output folder (default: reports)")
    batch.add_argument("--jobs", type=int, default=1, help="reports made at once (default 1)")
    batch.add_argument("--force", action="store_true", help="remake reports whose inputs are unchanged")
    batch.add_argument("--pdf", action="store_true", help="also write a PDF of each report")
    batch.add_argument("--scheduler", default=None,
                       help="Dask scheduler address (tcp://host:port) to run the reports on a cluster")

    app = commands.add_parser("app", help="serve a voila app for a workshop")
    app.add_argument("engagement", help="engagement folder")
    app.add_argument("--app", default="workshop",
                     help="workshop (default), facilitator, outlook, retention, service_profit_chain or case_review")
    app.add_argument("--ip", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    app.add_argument("--port", type=int, default=None, help="port (default: a free one)")
    app.add_argument("--token", default=None,
                     help="participant secret, in the room's link (default: a random one)")
    app.add_argument("--facilitator-token", default=None,
                     help="facilitator secret: facilitator view, explorers, export (default: a random one)")
    app.add_argument("--open", action="store_true", help="open the app in this machine's browser")
    app.add_argument("--preheat", action="store_true",
                     help="keep a kernel ready (faster first load; slower when many join at once on 2 cores)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``cxconsult`` console script; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "new":
            from cxconsult.scaffold import new_engagement

            folder = new_engagement(args.folder, args.client, language=args.language)
            print(f"Created {folder}/: fill in engagement.yaml and responses.csv, then run "
                  f"`cxconsult report {folder}`")
            return 0
        if args.command == "report":
            from cxconsult.reports import run_engagement

            formats = ("html", "pdf") if args.pdf else ("html",)
            result = run_engagement(args.engagement, args.out, formats=formats, force=not args.skip_unchanged)
            print(result.summary())
            print(f"Report: {result.html}")
            return 0
        if args.command == "batch":
            from cxconsult.reports import run_batch

            formats = ("html", "pdf") if args.pdf else ("html",)
            outcome = run_batch(args.engagements, args.out, jobs=args.jobs, force=args.force,
                                scheduler=args.scheduler, formats=formats, progress=True)
            print(outcome.summary())
            return 0 if outcome.ok else 1
        if args.command == "app":
            from cxconsult.apps.serve import serve

            return serve(args.engagement, app=args.app, ip=args.ip, port=args.port, token=args.token,
                         facilitator_token=args.facilitator_token, open_browser=args.open, preheat=args.preheat)
    except CxConsultError as exc:
        print(f"cxconsult {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
