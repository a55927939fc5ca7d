"""How long the open-data downloads take to make: /download/ and its three files, rendered every
time (a query string the page does not read is served but never cached), in one process under
the test settings (DEBUG off, page and content caches off).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rp_dev .venv/bin/python bench/downloads.py [--repeat 8]

Prints, for each URL, the median time through the test client, the queries it made and the
bytes it sent. Needs a migrated database with content (``manage.py load_seed_data``). It
measures the code in the current directory, so an older commit is measured the same way from a
copy of its tree (``git archive <commit> | tar -x -C /tmp/old``). Not a test: nothing asserts on
time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.getcwd())

URLS = ("/download/", "/download/roles.csv", "/download/skills.csv", "/download/catalogue.json")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=8)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    for url in URLS:
        times = []
        for run in range(args.repeat):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(f"{url}?run={run}")
                body = b"".join(response.streaming_content) if response.streaming else response.content
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, f"{url} gave {response.status_code}"
        print(f"{url:28} {statistics.median(times) * 1000:7.1f} ms  {len(queries)} queries  {len(body):>10,} bytes")


if __name__ == "__main__":
    main()
