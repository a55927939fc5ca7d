"""Helpers for management commands that no one app owns."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError


def read_named_file(path: str | Path, *, note: str, limit: int | None = None) -> bytes:
    """The bytes of a file named on the command line (at most ``limit`` of them, when given), or
    a CommandError that says why it cannot be read, ending in ``(note)``."""
    try:
        with Path(path).open("rb") as file:
            return file.read() if limit is None else file.read(limit)
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file ({note})") from None
    except IsADirectoryError:
        raise CommandError(f"{path}: is a folder, not a file ({note})") from None
    except OSError as error:
        raise CommandError(f"{path}: cannot be read: {error.strerror} ({note})") from None
