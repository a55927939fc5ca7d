"""Pages whose address carries what a visitor told us (self-assessment answers live only in
the query string, so nothing is stored on the server): nothing may keep those addresses.

Read by the middleware (no caching, no referrer) and by gunicorn.conf.py (no query string
in the access log), so this module imports nothing from Django.
"""

PRIVATE_PATH_PREFIXES = ("/self-assessment/",)


def is_private(path: str) -> bool:
    return path.startswith(PRIVATE_PATH_PREFIXES)
