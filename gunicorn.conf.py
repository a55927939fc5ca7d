"""gunicorn's settings, read from the working directory: `gunicorn config.wsgi`.

Command-line options override these (the benchmark passes its own port and worker count).
"""

import gc
import os

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
