"""Shared by the benchmark and load scripts: environment, data set-up, the pages to measure,
and a gunicorn process under production settings. Loopback only; every loop is bounded."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/rp_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"

SEARCH_QUERIES = ["data", "clinical safety", "governance", "library", "machine learning"]

# How much is cached, from nothing to what production runs with REDIS_URL set.
CACHE_MODES = {
    "cold": "nothing cached: every read made and every page rendered (as just after an edit)",
    "rendered": "every page rendered; related roles and facet counts from Redis (page cache off)",
    "page cache": "whole pages from Redis, as production runs with REDIS_URL",
}


def bench_env(*, cache: str = "cold", **extra: str) -> dict[str, str]:
    """Production settings with a throwaway key, plain HTTP on loopback, no inherited test flags,
    caching as one of CACHE_MODES."""
    if cache not in CACHE_MODES:
        raise SystemExit(f"Unknown cache mode {cache!r}: one of {', '.join(CACHE_MODES)}")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_ALLOW_ASYNC"))}
    env.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=env.get("BENCH_SECRET_KEY", "bench-only-" + "k" * 50),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="false",
        CACHE_KEY_PREFIX="bench",
        PYTHONUNBUFFERED="1",
    )
    if cache == "cold":
        env.pop("REDIS_URL", None)
    else:
        env["REDIS_URL"] = env.get("REDIS_URL") or DEFAULT_REDIS_URL
    env["PAGE_CACHE_SECONDS"] = "300" if cache == "page cache" else "0"
    env["CONTENT_CACHE_SECONDS"] = "0" if cache == "cold" else "600"
    env.update(extra)
    return env


def manage(*args: str, env: dict[str, str]) -> str:
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def setup_data(*, roles: int, seed: int, env: dict[str, str], ddat: bool = True) -> str:
    """Migrate, load the seed (with the DDaT framework, as load_seed_data does, unless ``ddat``
    is false), generate the sample roles afresh, collect static files."""
    manage("migrate", "--noinput", "-v0", env=env)
    if ddat:
        manage("load_seed_data", env=env)
    else:
        manage("loaddata", str(ROOT / "fixtures" / "seed.json"), "-v0", env=env)
    out = manage("generate_sample_data", "--roles", str(roles), "--seed", str(seed), "--replace", env=env)
    manage("collectstatic", "--noinput", "-v0", env=env)
    return out.strip().splitlines()[-1]


def bench_pages() -> dict[str, list[str]]:
    """The pages the issue names, as URLs over the sample data (Django must be set up).

    A page type whose URL does not resolve yet is left out, and said so by the caller."""
    from django.urls import Resolver404, resolve

    from roleprofiles.models import Role

    sample = Role.objects.filter(slug__startswith="sample-").select_related("family", "level").order_by("slug")
    roles = list(sample[:4])
    if len(roles) < 4:
        raise SystemExit("No sample roles: run with --setup (or generate_sample_data --roles 2000).")
    profile = roles[0]
    pages = {
        "home": ["/"],
        "catalogue, two facets": [f"/roles/?family={profile.family.slug}&level={profile.level.rank}"],
        "profile": [f"/roles/{profile.slug}/"],
        "profile (seed, 132 requirements)": ["/roles/data-ethics-lead/"],
        "compare, four roles": ["/compare/?" + "&".join(f"roles={role.slug}" for role in roles)],
        "search, five queries": [f"/search/?q={q.replace(' ', '+')}" for q in SEARCH_QUERIES],
        "advert .docx": [f"/roles/{profile.slug}/advert/?format=docx"],
    }
    # The DDaT framework's pages, when it is loaded (run_bench.py --setup loads it unless --no-ddat).
    level = Role.objects.published().ddat_levels().filter(in_use=True).select_related("ladder__framework")
    level = level.order_by("slug").first()
    if level is not None:
        framework = level.ladder.framework.slug
        pages["DDaT role level"] = [level.get_absolute_url()]
        pages["DDaT framework"] = [f"/frameworks/{framework}/"]
        pages["mapping coverage"] = [f"/frameworks/{framework}/mapping/"]
    routed = {}
    for name, urls in pages.items():
        try:
            resolve(urls[0].split("?")[0])
        except Resolver404:
            print(f"  skipped {name!r}: {urls[0].split('?')[0]} is not routed yet")
            continue
        routed[name] = urls
    return routed


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, timeout: float = 10) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class Gunicorn:
    """gunicorn serving config.wsgi under production settings on a loopback port."""

    def __init__(self, *, env: dict[str, str], workers: int, port: int | None = None):
        port = port or free_port()  # never a fixed port: another server may be listening there
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.log_path = Path(f"/tmp/bench-gunicorn-{port}.log")
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--backlog",
                "2048",
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited:\n{self.log_path.read_text()}")
            with contextlib.suppress(OSError):
                if fetch(self.base + "/healthz", timeout=2)[0] == 200:
                    return
            time.sleep(0.3)
        self.stop()
        raise SystemExit("gunicorn did not start in 60 s")

    def wait_until_idle(self, timeout: float = 60) -> None:
        """Until a health check answers promptly: the queue wrk left behind has drained."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            started = time.monotonic()
            with contextlib.suppress(OSError):
                fetch(self.base + "/healthz", timeout=5)
            if time.monotonic() - started < 0.05:
                return
            time.sleep(0.5)

    def worker_pids(self) -> list[int]:
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, IndexError, ValueError):
                # The parent pid is the second field after the parenthesised command name.
                if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == self.process.pid:
                    pids.append(int(stat.parent.name))
        return pids

    def worker_rss_mib(self) -> list[float]:
        sizes = []
        for pid in self.worker_pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
        return sizes

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def wrk(
    url: str,
    *,
    seconds: int,
    connections: int,
    threads: int = 2,
    script: str | None = None,
    lua_args: list[str] | None = None,
) -> dict:
    """Run wrk against a loopback URL; parse requests/s, latency percentiles and errors."""
    if not url.startswith(("http://127.0.0.1", "http://localhost")):
        raise SystemExit("wrk is only ever pointed at this machine's loopback address")
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if script:
        command += ["-s", script]
    command.append(url)
    if lua_args:
        command += ["--", *lua_args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    out = result.stdout
    figures: dict = {"raw": out, "errors": 0, "non_2xx": 0}
    for line in out.splitlines():
        parts = line.split()
        if line.startswith("Requests/sec:"):
            figures["rps"] = float(parts[1])
        elif len(parts) == 2 and parts[0] in {"50%", "75%", "90%", "99%"}:
            figures[f"p{parts[0][:-1]}_ms"] = _ms(parts[1])
        elif line.strip().startswith("Socket errors:"):
            figures["errors"] = sum(int(p.strip(",")) for p in parts if p.strip(",").isdigit())
        elif line.strip().startswith("Non-2xx or 3xx responses:"):
            figures["non_2xx"] = int(parts[-1])
        elif "requests in" in line:
            figures["requests"] = int(parts[0])
    return figures


def _ms(value: str) -> float:
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0), ("m", 60000.0)):
        if value.endswith(unit):
            return float(value[: -len(unit)]) * factor
    return float(value)
