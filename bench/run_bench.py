"""Benchmark at scale: server-side latency of the main page types, and throughput under gunicorn.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rp_bench \\
        .venv/bin/python bench/run_bench.py --setup --roles 2000

1. (--setup) migrate, load the seed, generate N sample roles, collectstatic.
2. Latency: each page through Django's full middleware stack in this process (the test
   client, production settings, DEBUG off), many iterations: median and p95 in each of the
   cache modes (bench.common.CACHE_MODES: cold, rendered, page cache), plus the queries each
   page makes.
3. Throughput: gunicorn (production settings) and wrk for 20 s at 32 connections on the
   profile and catalogue pages in each cache mode, next to the same bytes served as a static
   file by the same gunicorn (WhiteNoise), which is the ceiling; resident memory per worker.

Not a test: nothing here asserts on wall-clock time. Loopback only; every loop is bounded.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import CACHE_MODES, ROOT, Gunicorn, bench_env, bench_pages, fetch, setup_data, wrk  # noqa: E402


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def count_queries(client, url: str) -> list[str]:
    from django.db import connection

    queries: list[str] = []

    def record(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        client.get(url)
    return queries


def measure_latency(pages: dict[str, list[str]], *, iterations: int, budget: float, mode: str) -> dict[str, dict]:
    """``iterations`` requests per page type, or as many as fit in ``budget`` seconds (at least 20)."""
    from django.conf import settings
    from django.test import Client

    from core.cache import bump_content_version

    settings.PAGE_CACHE_SECONDS = 300 if mode == "page cache" else 0
    settings.CONTENT_CACHE_SECONDS = 0 if mode == "cold" else 600
    bump_content_version()
    client = Client()
    results = {}
    for name, urls in pages.items():
        for url in urls:  # warm up: imports, template loading, connection, cache fill
            response = client.get(url)
            assert response.status_code == 200, f"{url} gave {response.status_code}"
        queries = count_queries(client, urls[0])
        timings = []
        deadline = time.perf_counter() + budget
        while len(timings) < iterations and (len(timings) < 20 or time.perf_counter() < deadline):
            url = urls[len(timings) % len(urls)]  # the search queries in turn
            started = time.perf_counter()
            response = client.get(url)
            _ = response.content
            timings.append((time.perf_counter() - started) * 1000)
        results[name] = {
            "urls": urls,
            "n": len(timings),
            "median_ms": round(statistics.median(timings), 2),
            "p95_ms": round(percentile(timings, 95), 2),
            "queries": len(queries),
            "bytes": len(response.content),
            "gzip_bytes": len(gzip.compress(response.content, compresslevel=6)),
        }
        print(
            f"  {name:36} median {results[name]['median_ms']:7.2f} ms  p95 {results[name]['p95_ms']:7.2f} ms  "
            f"{results[name]['queries']:3d} queries  {results[name]['bytes'] / 1024:6.1f} KB "
            f"({results[name]['gzip_bytes'] / 1024:5.1f} KB gzipped)",
            flush=True,
        )
    return results


def write_static_copies(pages: dict[str, list[str]]) -> dict[str, str]:
    """The profile and catalogue responses' bytes as static files, for the ceiling."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    folder = Path(settings.STATIC_ROOT) / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    copies = {}
    for name, filename in (("profile", "profile.html"), ("catalogue, two facets", "catalogue.html")):
        if name in pages:
            (folder / filename).write_bytes(client.get(pages[name][0]).content)
            copies[name] = f"/static/bench/{filename}"
    return copies


def measure_throughput(pages, copies, *, workers: int, seconds: int, connections: int, mode: str) -> dict:
    server = Gunicorn(env=bench_env(cache=mode), workers=workers)
    results = {}
    try:
        targets = [(name, pages[name][0]) for name in ("profile", "catalogue, two facets") if name in pages]
        if mode == "cold":  # the ceiling first, on an idle server
            targets = [(f"static copy of {name}", path) for name, path in copies.items()] + targets
        for name, path in targets:
            fetch(server.base + path)  # steady state: the page rendered (and cached) once before
            figures = wrk(server.base + path, seconds=seconds, connections=connections)
            server.wait_until_idle()  # sync workers finish what wrk left queued before the next run
            figures.pop("raw")
            results[name] = figures
            print(
                f"  {name:36} {figures.get('rps', 0):8.1f} req/s  p50 {figures.get('p50_ms', 0):6.1f} ms  "
                f"p99 {figures.get('p99_ms', 0):6.1f} ms  errors {figures['errors']}  non-2xx {figures['non_2xx']}",
                flush=True,
            )
        results["worker_rss_mib"] = [round(size, 1) for size in server.worker_rss_mib()]
        print(f"  resident memory per worker (MiB): {results['worker_rss_mib']}", flush=True)
    finally:
        server.stop()
    return results


# Each page measured for throughput, and its static copy (write_static_copies): the ceiling.
THROUGHPUT_PAGES = {page: f"static copy of {page}" for page in ("profile", "catalogue, two facets")}


def ratios(run: dict) -> dict[str, float]:
    """Each page's throughput over its static copy's, in one run (the ceiling measured in the
    same run, on the same server, just before)."""
    found = {}
    for mode in CACHE_MODES:
        figures = run.get(mode, {})
        for page, copy in THROUGHPUT_PAGES.items():
            ceiling = run.get("cold", {}).get(copy, {}).get("rps")
            rps = figures.get(page, {}).get("rps")
            if ceiling and rps:
                found[f"{page}, {mode}"] = rps / ceiling
    return found


def markdown(report: dict) -> str:
    """The figures as the tables in RESULTS.md."""
    latency = {mode: report.get(f"latency {mode}", {}) for mode in CACHE_MODES}
    lines = [
        "| page | KB (gzipped) | queries (cold) | "
        + " | ".join(f"{mode} median ms | p95 ms" for mode in CACHE_MODES)
        + " |",
        "| --- | ---: | ---: |" + " ---: | ---: |" * len(CACHE_MODES),
    ]
    first = next((figures for figures in latency.values() if figures), {})
    for name, cold in first.items():
        cells = []
        for mode in CACHE_MODES:
            figures = latency[mode].get(name, {})
            cells += [str(figures.get("median_ms", "")), str(figures.get("p95_ms", ""))]
        size = f"{cold.get('bytes', 0) / 1024:.1f} ({cold.get('gzip_bytes', 0) / 1024:.1f})"
        lines.append(f"| {name} | {size} | {cold['queries']} | " + " | ".join(cells) + " |")
    runs = report.get("throughput runs", [])
    for number, run in enumerate(runs, 1):
        lines += [
            "",
            f"Throughput, run {number} of {len(runs)}:",
            "",
            "| served | cache | req/s | p50 ms | p99 ms | errors | non-2xx |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for mode in CACHE_MODES:
            for name, figures in run.get(mode, {}).items():
                if name == "worker_rss_mib":
                    continue
                lines.append(
                    f"| {name} | {mode if not name.startswith('static') else 'n/a'} | {figures.get('rps', 0):.0f} | "
                    f"{figures.get('p50_ms', 0):.1f} | {figures.get('p99_ms', 0):.1f} | {figures['errors']} | "
                    f"{figures['non_2xx']} |"
                )
    if runs:
        per_run = [ratios(run) for run in runs]
        lines += [
            "",
            "| throughput / static ceiling (each run's own) | "
            + " | ".join(f"run {n}" for n in range(1, len(runs) + 1))
            + " | median |",
            "| --- |" + " ---: |" * (len(runs) + 1),
        ]
        for key in per_run[0]:
            values = [found.get(key) for found in per_run]
            known = [v for v in values if v is not None]
            cells = " | ".join(f"{v:.2f}" if v is not None else "" for v in values)
            lines.append(f"| {key} | {cells} | {statistics.median(known):.2f} |")
        memory = runs[-1].get("page cache", {}).get("worker_rss_mib")
        if memory:
            lines.append(f"\nResident memory per worker (MiB), page cache, last run: {memory}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--setup", action="store_true", help="migrate, seed and generate the sample roles first")
    parser.add_argument("--roles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--iterations", type=int, default=200, help="requests per page type for latency")
    parser.add_argument("--budget", type=float, default=30, help="at most this many seconds per page type")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.json"))
    parser.add_argument("--only", choices=["latency", "throughput"], help="run one half (the other is kept from --out)")
    parser.add_argument("--runs", type=int, default=1, help="throughput runs; ratios are taken within each run")
    parser.add_argument(
        "--modes", default=",".join(CACHE_MODES), help=f"latency cache modes, comma-separated: {', '.join(CACHE_MODES)}"
    )
    parser.add_argument(
        "--no-ddat", action="store_true", help="with --setup: the seed alone, without the DDaT framework"
    )
    args = parser.parse_args()

    env = bench_env(cache="page cache")
    if args.setup:
        done = setup_data(roles=args.roles, seed=args.seed, env=bench_env(cache="cold"), ddat=not args.no_ddat)
        print("Setting up:", done, flush=True)
    os.environ.update(env)
    import django

    django.setup()
    gc.freeze()  # as gunicorn.conf.py does after loading the app, so collections skip what is loaded
    from roleprofiles.models import Requirement, Role

    report = {
        "machine": {"cpus": os.cpu_count(), "uname": " ".join(os.uname()), "load_average_at_start": os.getloadavg()},
        "data": {
            "published_roles": Role.objects.published().count(),
            "ddat_role_levels": Role.objects.published().ddat_levels().count(),
            "requirements": Requirement.objects.count(),
        },
        "workers": args.workers,
    }
    print(f"Data: {report['data']}", flush=True)
    pages = bench_pages()
    if args.only and Path(args.out).exists():
        previous = json.loads(Path(args.out).read_text())
        report.update({k: v for k, v in previous.items() if k.startswith(("latency", "throughput runs"))})
    if args.only != "throughput":
        for mode, meaning in CACHE_MODES.items():
            if mode not in args.modes.split(","):
                continue
            print(f"Latency, {mode} ({meaning}):", flush=True)
            report[f"latency {mode}"] = measure_latency(
                pages, iterations=args.iterations, budget=args.budget, mode=mode
            )
    if args.only == "latency":
        Path(args.out).write_text(json.dumps(report, indent=2))
        print(markdown(report))
        return
    copies = write_static_copies(pages)
    report["throughput runs"] = []
    for number in range(1, args.runs + 1):
        run = {}
        for mode, meaning in CACHE_MODES.items():
            print(
                f"Throughput, run {number} of {args.runs}, gunicorn --workers {args.workers}, wrk {args.seconds}s x "
                f"{args.connections} connections, {mode} ({meaning}):",
                flush=True,
            )
            run[mode] = measure_throughput(
                pages, copies, workers=args.workers, seconds=args.seconds, connections=args.connections, mode=mode
            )
        report["throughput runs"].append(run)
        print("  " + ", ".join(f"{key} {value:.2f}" for key, value in ratios(run).items()), flush=True)
    Path(args.out).write_text(json.dumps(report, indent=2))
    print(f"Wrote {args.out}\n")
    print(markdown(report))


if __name__ == "__main__":
    main()
