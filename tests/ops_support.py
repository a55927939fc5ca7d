"""Helpers for the operations tests: every public URL (found by walking the URL resolver, so
pages added later are covered without editing a list), scratch PostgreSQL databases, real
gunicorn app processes, a private Redis that can be frozen or stopped, and a TCP proxy that
can cut an app off from its database."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest
from django.apps import apps
from django.conf import settings
from django.db import connections
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from tests.conftest import ROOT

# Not public pages: the admin, and static files.
EXCLUDED_PREFIXES = ("admin/", "static/")
CSRF_INPUT = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]*">')
PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


# --- Public URLs -------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    route: str  # e.g. "roles/<slug:slug>/"
    name: str  # e.g. "roleprofiles:role-detail"

    @property
    def has_parameters(self) -> bool:
        return "<" in self.route

    def fill(self, values: dict[str, str]) -> str:
        return "/" + PARAMETER.sub(lambda m: values[m.group("name")], self.route)


def public_routes() -> list[Route]:
    """Every routed public page, from config.urls down through its includes."""
    found: list[Route] = []

    def walk(patterns, prefix: str, namespace: str) -> None:
        for pattern in patterns:
            if not isinstance(pattern.pattern, RoutePattern):
                continue  # regex routes: none are public pages
            route = prefix + str(pattern.pattern)
            if route.startswith(EXCLUDED_PREFIXES):
                continue
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}" if namespace else (pattern.name or route)
                found.append(Route(route=route, name=name))

    walk(get_resolver().url_patterns, "", "")
    unique = {route.route: route for route in found}
    return sorted(unique.values(), key=lambda r: r.route)


def slug_candidates() -> list[tuple[type, str]]:
    """One example of every content model with a slug (model, slug), published roles first."""
    from roleprofiles.models import Role

    first_role = Role.objects.published().order_by("title").values_list("slug", flat=True).first()
    candidates = [(Role, first_role)] if first_role else []
    for model in apps.get_models():
        if model._meta.app_label in {"admin", "auth", "contenttypes", "sessions", "axes"}:
            continue
        if "slug" in {field.name for field in model._meta.get_fields()} and not model.__name__.startswith("Historical"):
            slug = model.objects.order_by("pk").values_list("slug", flat=True).first()
            if slug and (model, slug) not in candidates:
                candidates.append((model, slug))
    return candidates


def _route_models(client, routes: list[Route]) -> dict[Route, tuple[type | None, str]]:
    """For each route, the model whose slugs fill it (the first example giving a 200) and a URL."""
    candidates = slug_candidates()
    found: dict[Route, tuple[type | None, str]] = {}
    for route in routes:
        if not route.has_parameters:
            found[route] = (None, route.fill({}))
            continue
        names = [m.group("name") for m in PARAMETER.finditer(route.route)]
        options = [
            (model, route.fill({name: ("1" if "int" in route.route else slug) for name in names}))
            for model, slug in candidates
        ]
        working = ((model, url) for model, url in options if client.get(url).status_code == 200)
        found[route] = next(working, (None, options[0][1]))
    return found


def resolve_urls(client, routes: list[Route] | None = None) -> dict[Route, str]:
    """A concrete URL for each route: the first example slug that gives a 200, else the first."""
    return {route: url for route, (_, url) in _route_models(client, routes or public_routes()).items()}


def every_public_url(client, *, per_route: int = 500) -> list[str]:
    """Every public page: each route, and for a route with a slug, every object of its model."""
    urls: list[str] = []
    for route, (model, url) in _route_models(client, public_routes()).items():
        if model is None or route.route.count("<") != 1:
            urls.append(url)
            continue
        name = PARAMETER.search(route.route).group("name")
        slugs = model.objects.order_by("slug").values_list("slug", flat=True)[:per_route]
        urls.extend(route.fill({name: slug}) for slug in slugs)
    return urls


def without_csrf_tokens(html: str) -> str:
    return CSRF_INPUT.sub("", html)


# --- Scratch databases and app processes ----------------------------------------------


def is_postgresql() -> bool:
    return connections["default"].vendor == "postgresql"


def _admin_dsn() -> str:
    db = settings.DATABASES["default"]
    return f"host={db['HOST'] or '127.0.0.1'} port={db['PORT'] or 5432} user={db['USER']} dbname=postgres"


def database_url(name: str, *, port: int | None = None) -> str:
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{port or db['PORT'] or 5432}/{name}"


def _dsn(name: str) -> str:
    db = settings.DATABASES["default"]
    return f"host={db['HOST'] or '127.0.0.1'} port={db['PORT'] or 5432} user={db['USER']} dbname={name}"


@contextlib.contextmanager
def scratch_database(name: str, *, copy_of: str | None = None) -> Iterator[str]:
    """A new PostgreSQL database, empty or a copy of ``copy_of``; dropped afterwards.

    The copy goes through pg_dump rather than CREATE DATABASE ... TEMPLATE, which refuses
    while any other session (a live server's thread, say) is connected to the source."""
    with psycopg.connect(_admin_dsn(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        if copy_of:
            command = ["pg_dump", "--no-owner", "--no-privileges", _dsn(copy_of)]
            dump = subprocess.run(command, capture_output=True, check=True, timeout=120)
            subprocess.run(
                ["psql", "-q", "-v", "ON_ERROR_STOP=1", _dsn(name)],
                input=dump.stdout,
                capture_output=True,
                check=True,
                timeout=120,
            )
        yield name
    finally:
        with psycopg.connect(_admin_dsn(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def app_database(request, django_db_setup, django_db_blocker):
    """A copy of the test database, with the seed, for a module's app processes to use (and to lose)."""
    if not is_postgresql():
        pytest.skip("app-process tests run against PostgreSQL, the production database")
    name = settings.DATABASES["default"]["NAME"]
    copy = f"{name}_{request.module.__name__.rsplit('.', 1)[-1]}"[:63]
    with django_db_blocker.unblock(), scratch_database(copy, copy_of=name):
        # Browser tests flush the test database when they finish; load the seed into the copy
        # whatever ran before (idempotent: the seed's rows have fixed ids).
        manage("load_seed_data", env=app_env(DATABASE_URL=database_url(copy)))
        yield copy


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def app_env(**overrides: str) -> dict[str, str]:
    skip = ("PYTEST_", "REDIS_URL", "PAGE_CACHE", "CONTENT_CACHE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if not k.startswith(skip)}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
        PYTHONUNBUFFERED="1",
    )
    env.update(overrides)
    return env


def manage(*args: str, env: dict[str, str], timeout: int = 300) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    text: str


def fetch(url: str, *, headers: dict[str, str] | None = None, timeout: float = 10) -> Response:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=timeout) as response:
            return Response(response.status, dict(response.headers), response.read().decode())
    except urllib.error.HTTPError as error:
        return Response(error.code, dict(error.headers), error.read().decode())


class AppProcess:
    """One gunicorn process (one worker) serving the project on a loopback port."""

    def __init__(self, env: dict[str, str], extra_args: list[str] | None = None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = f"/tmp/ops-gunicorn-{self.port}.log"
        self.log = open(self.log_path, "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--timeout",
                "60",
                "--graceful-timeout",
                "2",
                *(extra_args or []),
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def url(self, path: str) -> str:
        return self.base + path

    def get(self, path: str) -> Response:
        return fetch(self.url(path))

    def wait_until_serving(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.output()
            try:
                fetch(self.url("/healthz"), timeout=2)
                return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"gunicorn did not start in {timeout}s:\n{self.output()}")

    def output(self) -> str:
        self.log.flush()
        with open(self.log_path) as log:
            return log.read()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


@contextlib.contextmanager
def app_process(env: dict[str, str], extra_args: list[str] | None = None) -> Iterator[AppProcess]:
    app = AppProcess(env, extra_args)
    try:
        app.wait_until_serving()
        yield app
    finally:
        app.stop()


class TcpProxy:
    """Forwards a loopback port to PostgreSQL. ``cut()`` drops every connection and refuses
    new ones, as a database host that went away would; ``restore()`` brings it back."""

    def __init__(self, target_port: int):
        self.target = ("127.0.0.1", target_port)
        self.port = free_port()
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        with self._lock:
            sockets, self._sockets = self._sockets, set()
            listener, self._listener = self._listener, None
        for sock in [listener, *sockets]:
            if sock is None:
                continue
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self._lock:
                self._sockets.update({client, upstream})
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


class RedisServer:
    """A private redis-server on a free port, so a test can freeze (SIGSTOP: connections are
    accepted by the kernel but nothing answers, as a hung Redis behaves) or stop it without
    touching the shared one on 6379."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None
        self.start()

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, cwd="/tmp", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "redis-server exited (is it installed? apt-get install redis-server)"
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                pass
            time.sleep(0.05)
        raise AssertionError("redis-server did not start")

    def client(self):
        import redis

        return redis.Redis.from_url(self.url, socket_timeout=2)

    def freeze(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextlib.contextmanager
def redis_server() -> Iterator[RedisServer]:
    server = RedisServer()
    try:
        yield server
    finally:
        server.stop()
