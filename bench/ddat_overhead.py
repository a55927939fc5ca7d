"""The DDaT framework's cost to every page type: latency with it loaded against without it.

Run ``run_bench.py --only latency`` several times on each of two databases set up alike but
for the framework (``--setup`` and ``--setup --no-ddat``), alternating, each run to its own
``--out`` file; then

    .venv/bin/python bench/ddat_overhead.py --with bench/ddat-1.json ... --without bench/noddat-1.json ...

prints, for each page type and cache mode measured in both, the median of the runs' medians
with and without the framework and how much slower it is with it (the issue's bound: 10 %).
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path


def medians(paths: list[str]) -> dict[tuple[str, str], float]:
    """(mode, page) -> the median over the runs of each run's median latency."""
    found: dict[tuple[str, str], list[float]] = {}
    for path in paths:
        report = json.loads(Path(path).read_text())
        for key, pages in report.items():
            if not key.startswith("latency "):
                continue
            for page, figures in pages.items():
                found.setdefault((key.removeprefix("latency "), page), []).append(figures["median_ms"])
    return {key: statistics.median(values) for key, values in found.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--with", dest="with_ddat", nargs="+", required=True, help="runs with the framework loaded")
    parser.add_argument("--without", nargs="+", required=True, help="runs without it")
    args = parser.parse_args()
    loaded, plain = medians(args.with_ddat), medians(args.without)
    print(f"Median of {len(args.with_ddat)} runs with the DDaT framework, {len(args.without)} without.\n")
    print("| page | cache | without ms | with ms | change |")
    print("| --- | --- | ---: | ---: | ---: |")
    # By cache mode, then the pages in the order the runs measured them.
    for mode, page in sorted(plain, key=lambda key: key[0]):
        if (mode, page) not in loaded:
            continue
        before, after = plain[(mode, page)], loaded[(mode, page)]
        print(f"| {page} | {mode} | {before:.1f} | {after:.1f} | {(after - before) / before:+.0%} |")
    only = sorted({page for _, page in loaded} - {page for _, page in plain})
    if only:
        print(f"\nOnly with the framework (its own pages): {', '.join(only)}")


if __name__ == "__main__":
    main()
