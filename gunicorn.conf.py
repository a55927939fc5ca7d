"""gunicorn's settings, read from the working directory: `gunicorn config.wsgi`.

Command-line options override these (the benchmark passes its own port and worker count).
"""

import gc
import os
import sys
from urllib.parse import urlsplit

from gunicorn import glogging

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Sync workers: two per core plus one, as gunicorn's documentation suggests; WEB_CONCURRENCY
# is the usual platform override.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1))
timeout = 30
# Load Django once in the master, then fork: workers share the loaded code's memory pages.
preload_app = True


def when_ready(server):
    """After the app is loaded and before any worker forks: move what is loaded out of the
    garbage collector's reach, so collections in a worker do not touch (and so copy) the
    pages shared with the master."""
    gc.freeze()


# Self-assessment answers live in the query string (config/privacy.py): the access log (when
# one is kept: --access-logfile or accesslog) records those pages' paths without it, and a
# referring address on one of them without its query string either.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from config.privacy import is_private  # noqa: E402 - after the path it is found on


class PrivateQueryLogger(glogging.Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        if is_private(environ.get("PATH_INFO", "")):
            path = environ.get("PATH_INFO", "")
            atoms.update(q="", r=f"{environ['REQUEST_METHOD']} {path} {environ['SERVER_PROTOCOL']}")
            atoms.update({"{raw_uri}e": path, "{query_string}e": ""})
        referrer = atoms.get("f", "-")
        if is_private(urlsplit(referrer).path):
            atoms["f"] = atoms["{referer}i"] = referrer.split("?", 1)[0]
        return atoms


logger_class = PrivateQueryLogger
