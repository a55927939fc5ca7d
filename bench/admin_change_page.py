"""The admin change page of the largest role (the data ethics lead, 132 requirements): its
size and queries, and server-side time to load it and to save it (its summary and one
requirement changed), through the full middleware stack under production settings.

    DATABASE_URL=postgres://... .venv/bin/python bench/admin_change_page.py [--runs 15]

Needs the seed loaded (``manage.py load_seed_data``) in that database. Prints the median and
the best of the wall-clock and CPU times (CPU time says what the request costs when the
machine is shared), and writes nothing but a throwaway superuser and the edits it saves.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import bench_env, manage  # noqa: E402

SLUG = "data-ethics-lead"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    env = bench_env(cache="cold")
    manage("collectstatic", "--noinput", env=env)
    os.environ.update(env)

    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from roleprofiles.models import Role
    from tests.admin_support import form_data, inline_prefix_for

    user, _ = User.objects.get_or_create(username="bench-admin", defaults={"is_staff": True, "is_superuser": True})
    client = Client()
    client.force_login(user)
    role = Role.objects.get(slug=SLUG)
    url = f"/admin/roleprofiles/role/{role.pk}/change/"
    first = role.requirements.order_by("position").first()
    client.get(url)  # warm the per-process caches (templates, content types)

    def timed(request):
        wall, cpu = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as queries:
            response = request()
        return response, time.perf_counter() - wall, time.process_time() - cpu, len(queries)

    loads, saves = [], []
    for run in range(args.runs):
        response, wall, cpu, queries = timed(lambda: client.get(url))
        assert response.status_code == 200, response.status_code
        loads.append((wall, cpu, queries, len(response.content)))
        data = form_data(response.content)
        mark = " ." * (run % 2)  # alternate, so that every save changes something
        data["summary"] = data["summary"].rstrip(" .") + mark
        prefix = inline_prefix_for(data, first.pk)
        data[f"{prefix}-descriptor"] = data[f"{prefix}-descriptor"].rstrip(" .") + mark
        response, wall, cpu, queries = timed(lambda: client.post(url, data))  # noqa: B023
        assert response.status_code == 302, response.content[:2000]
        saves.append((wall, cpu, queries, 0))

    for name, rows in (("load", loads), ("save", saves)):
        walls, cpus = [r[0] for r in rows], [r[1] for r in rows]
        size = f", {rows[0][3]:,} bytes" if rows[0][3] else ""
        print(
            f"{name}: {rows[0][2]} queries{size}; wall median {statistics.median(walls) * 1000:.0f} ms "
            f"(best {min(walls) * 1000:.0f}), CPU median {statistics.median(cpus) * 1000:.0f} ms "
            f"(best {min(cpus) * 1000:.0f}), {len(rows)} runs"
        )
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
