"""A page-cache hit's server-side time: one URL through Django's WSGI handler (production
settings, the whole middleware stack), with and without ``Accept-Encoding: gzip``.

    DATABASE_URL=... REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/page_cache_hit.py /roles/<slug>/ [--hits 3000]

It measures the code in the current directory, so an older commit can be measured the same
way from a copy of its tree (``git archive <commit> | tar -x -C /tmp/old``; run the script
from /tmp/old with this virtualenv's python). Not a test: nothing asserts on time.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import statistics
import sys
import time

sys.path.insert(0, os.getcwd())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--hits", type=int, default=3000)
    args = parser.parse_args()
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=os.environ.get("SECRET_KEY") or "bench-only-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        PAGE_CACHE_SECONDS="300",
        CONTENT_CACHE_SECONDS="600",
        CACHE_KEY_PREFIX="bench-hit",
    )
    if not os.environ.get("REDIS_URL"):
        raise SystemExit("Set REDIS_URL: the page cache is Redis.")
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler

    gc.freeze()  # as gunicorn.conf.py does before forking
    app = WSGIHandler()

    def get(accept: str) -> tuple[dict, bytes]:
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": args.path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "HTTP_HOST": "127.0.0.1",
            "REMOTE_ADDR": "127.0.0.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
        }
        if accept:
            environ["HTTP_ACCEPT_ENCODING"] = accept
        started = []
        body = app(environ, lambda status, headers: started.append(dict(headers)))
        data = b"".join(body)
        body.close()
        return started[0], data

    for accept in ("", "gzip, deflate, br"):
        get(accept)
        headers, data = get(accept)
        if headers.get("X-Page-Cache") != "hit":
            raise SystemExit(f"not a page-cache hit: {headers.get('X-Page-Cache')}")
        times = []
        for _ in range(args.hits):
            start = time.perf_counter()
            get(accept)
            times.append(time.perf_counter() - start)
        times.sort()
        print(
            f"{os.path.basename(os.getcwd())} {'gzip' if accept else 'plain'}: median "
            f"{statistics.median(times) * 1000:.3f} ms, p95 {times[int(len(times) * 0.95)] * 1000:.3f} ms, "
            f"{len(data):,} bytes sent"
        )


if __name__ == "__main__":
    main()
