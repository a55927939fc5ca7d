"""Sixty seconds of mixed traffic against gunicorn (production settings): no errors, p99 recorded.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rp_bench .venv/bin/python bench/load.py

The mix (profiles of any of the 2,000 sample roles, catalogue facets and pages, search, compare,
skills, frameworks, home, pathways, adverts) is a seeded shuffle of real URLs, replayed by wrk
through bench/mixed.lua. Page types not routed yet are left out, with a note. Loopback only.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import CACHE_MODES, ROOT, SEARCH_QUERIES, Gunicorn, bench_env, wrk  # noqa: E402

# Share of requests per page type.
MIX = {
    "profile": 25,
    "catalogue": 20,
    "home": 10,
    "search": 15,
    "compare": 10,
    "skill": 8,
    "framework": 4,
    "pathways": 4,
    "advert": 4,
}


def build_paths(count: int, seed: int) -> tuple[list[str], list[str]]:
    from django.urls import Resolver404, resolve

    from frameworks.models import Framework, Skill
    from roleprofiles.models import JobFamily, Role

    rng = random.Random(seed)
    roles = list(Role.objects.published().values_list("slug", flat=True))
    families = list(JobFamily.objects.values_list("slug", flat=True))
    skills = list(Skill.objects.filter(requirements__isnull=False).distinct().values_list("slug", flat=True))
    frameworks = list(Framework.objects.values_list("slug", flat=True))
    makers = {
        "profile": lambda: f"/roles/{rng.choice(roles)}/",
        "catalogue": lambda: rng.choice(
            [
                f"/roles/?family={rng.choice(families)}",
                f"/roles/?family={rng.choice(families)}&level={rng.randint(2, 7)}",
                f"/roles/?page={rng.randint(1, 20)}",
                f"/roles/?q={rng.choice(SEARCH_QUERIES).replace(' ', '+')}",
            ]
        ),
        "home": lambda: "/",
        "search": lambda: f"/search/?q={rng.choice(SEARCH_QUERIES).replace(' ', '+')}",
        "compare": lambda: "/compare/?" + "&".join(f"roles={slug}" for slug in rng.sample(roles, rng.randint(2, 4))),
        "skill": lambda: f"/skills/{rng.choice(skills)}/",
        "framework": lambda: f"/frameworks/{rng.choice(frameworks)}/",
        "pathways": lambda: rng.choice(["/pathways/", "/about/", "/frameworks/", "/skills/"]),
        "advert": lambda: f"/roles/{rng.choice(roles)}/advert/",
    }
    live, skipped = {}, []
    for name, make in makers.items():
        try:
            resolve(make().split("?")[0])
            live[name] = make
        except Resolver404:
            skipped.append(name)
    kinds = [name for name in live for _ in range(MIX[name])]
    paths = []
    for _ in range(count):
        path = live[rng.choice(kinds)]()
        try:
            resolve(path.split("?")[0])
        except Resolver404:
            continue
        paths.append(path)
    return paths, skipped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--paths", type=int, default=5000, help="distinct request paths in the mix")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache", choices=CACHE_MODES, default="page cache", help="what is cached (see CACHE_MODES)")
    parser.add_argument("--out", default=str(ROOT / "bench" / "load-results.json"))
    args = parser.parse_args()

    env = bench_env(cache=args.cache)
    os.environ.update(env)
    import django

    django.setup()
    paths, skipped = build_paths(args.paths, args.seed)
    for name in skipped:
        print(f"  skipped {name!r}: not routed yet")
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("\n".join(paths) + "\n")
    server = Gunicorn(env=env, workers=args.workers)
    try:
        figures = wrk(
            server.base + "/",
            seconds=args.seconds,
            connections=args.connections,
            script=str(ROOT / "bench" / "mixed.lua"),
            lua_args=[handle.name],
        )
        memory = server.worker_rss_mib()
    finally:
        server.stop()
        Path(handle.name).unlink(missing_ok=True)
    raw = figures.pop("raw")
    status_line = next((line for line in raw.splitlines() if line.startswith("STATUS")), "STATUS")
    status = dict(part.split("=") for part in status_line.split()[1:])
    result = {
        "seconds": args.seconds,
        "connections": args.connections,
        "workers": args.workers,
        "cache": args.cache,
        "distinct_paths": len(set(paths)),
        "skipped": skipped,
        "requests": figures.get("requests"),
        "rps": figures.get("rps"),
        "p50_ms": figures.get("p50_ms"),
        "p90_ms": figures.get("p90_ms"),
        "p99_ms": figures.get("p99_ms"),
        "socket_errors": figures["errors"],
        "status": {k: int(v) for k, v in status.items()},
        "worker_rss_mib": [round(m, 1) for m in memory],
    }
    errors = figures["errors"] + result["status"].get("4xx", 0) + result["status"].get("5xx", 0)
    result["errors"] = errors
    print(json.dumps(result, indent=2))
    Path(args.out).write_text(json.dumps(result, indent=2))
    if errors:
        raise SystemExit(f"{errors} errors under load")


if __name__ == "__main__":
    main()
