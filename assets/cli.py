"""``policy-tracker``: run the pipeline, print the scorecard, inspect one document.

policy-tracker run                 materialize everything, then print the scorecard
policy-tracker scorecard           print the scorecard from the DuckDB file
policy-tracker goals FILE [--json] the goals and claims found in one document
policy-tracker refresh-snapshot    refresh data/snapshot's curated indicators from the live API
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pipeline import config
from pipeline.catalog import Catalogue


def _print_scorecard(db: Path, country: str | None) -> int:
    from pipeline.report.console import console
    from pipeline.warehouse import Warehouse
    from pipeline.warehouse.sql import query

    # A reader like any other: the published file, read-only, never the pipeline's working file.
    wh = Warehouse(db)
    if not wh.exists("goal_progress", published=True):
        print(f"no scorecard in {db}: run `make run` first", file=sys.stderr)
        return 1
    sc = wh.read(query("scorecard_rows"), published=True)
    claims = wh.read(query("claim_rows"), published=True)
    print(console(sc, claims, country))
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    import dagster as dg

    from assets.definitions import defs

    job = defs.resolve_job_def("materialize_everything")
    instance = dg.DagsterInstance.get() if args.persist else dg.DagsterInstance.ephemeral()
    quiet = {"loggers": {"console": {"config": {"log_level": args.log_level}}}}
    result = job.execute_in_process(run_config=quiet, instance=instance, raise_on_error=False)
    if not result.success:
        for event in result.all_events:
            if event.is_step_failure:
                err = event.step_failure_data.error
                print(
                    f"FAILED {event.step_key}: {err.message.strip() if err else ''}",
                    file=sys.stderr,
                )
        return 1
    print(f"materialized everything into {config.db_path()} (source: {config.source()})\n")
    code = _print_scorecard(config.db_path(), args.country)
    print(f"\nreport: {config.reports_dir() / 'scorecard.html'}")
    failed_checks = [e for e in result.get_asset_check_evaluations() if not e.passed]
    errors = 0
    for check in failed_checks:
        warn = check.severity == dg.AssetCheckSeverity.WARN
        errors += not warn
        what = "CHECK WARNING" if warn else "CHECK FAILED"
        print(f"{what} {check.check_name}: {check.description}", file=sys.stderr)
    return 1 if errors else code


def cmd_scorecard(args: argparse.Namespace) -> int:
    return _print_scorecard(Path(args.db) if args.db else config.db_path(), args.country)


def cmd_goals(args: argparse.Namespace) -> int:
    from pipeline.documents import DocumentError, parse_document
    from pipeline.link.reading import read_goals

    path = Path(args.file)
    try:
        doc = parse_document(path.read_bytes(), path)
    except (DocumentError, OSError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    for warning in doc.warnings:
        print(f"warning: {path}: {warning}", file=sys.stderr)
    goals, links = read_goals(doc, Catalogue(Path(config.value("POLICY_TRACKER_CATALOG"))))
    indicators = links.groupby("goal_id")["indicator_code"].agg(list).to_dict()
    records = goals.astype(object).where(goals.notna(), None).to_dict("records")
    if args.json:
        out = [r | {"indicators": indicators.get(r["goal_id"], [])} for r in records]
        print(json.dumps(out, indent=2, ensure_ascii=False, default=str))
        return 0
    hidden = 0
    for r in records:
        if r["theme"] is None and r["kind"] == "goal" and not args.all:
            hidden += 1
            continue
        ind = ",".join(indicators.get(r["goal_id"], [])) or "unmeasured"
        print(
            f"{r['kind']:<5} {r['direction']:<9} {r['country_iso3']} {str(r['theme']):<24} "
            f"{ind:<38} {r['target_year'] or '':<5} {r['text'][:80]}"
        )
    if hidden:
        print(f"({hidden} goal clauses matched no theme; --all shows them)")
    return 0


def cmd_refresh_snapshot(args: argparse.Namespace) -> int:
    from pipeline.sources import refresh

    argv = ["--api-url", args.api_url or config.value("WORLDBANK_API_URL")]
    return refresh.main(argv + (["--snapshot", args.snapshot] if args.snapshot else []))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="policy-tracker", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="materialize everything and print the scorecard")
    run.add_argument("--country", help="only this ISO3 code in the printed scorecard")
    run.add_argument(
        "--persist",
        action="store_true",
        help="record the run in $DAGSTER_HOME so the UI shows it (make run sets this)",
    )
    run.add_argument("--log-level", default="WARNING", help="Dagster's console log level")
    run.set_defaults(func=cmd_run)
    sc = sub.add_parser("scorecard", help="print the scorecard from the DuckDB file")
    sc.add_argument("--db", help="the DuckDB file (default: POLICY_TRACKER_DB)")
    sc.add_argument("--country")
    sc.set_defaults(func=cmd_scorecard)
    goals = sub.add_parser("goals", help="the goals and claims in one document")
    goals.add_argument("file")
    goals.add_argument("--json", action="store_true")
    goals.add_argument("--all", action="store_true", help="also goals that matched no theme")
    goals.set_defaults(func=cmd_goals)
    refresh = sub.add_parser(
        "refresh-snapshot", help="refresh the snapshot's curated indicators from the live API"
    )
    refresh.add_argument("--api-url", help="default: WORLDBANK_API_URL or the World Bank API")
    refresh.add_argument("--snapshot", help="the snapshot folder (default: data/snapshot)")
    refresh.set_defaults(func=cmd_refresh_snapshot)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
