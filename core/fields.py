"""Text from outside cut to fit the columns it is stored in."""

from __future__ import annotations

from typing import TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


def fitted(model: type[M], **values) -> M:
    """An unsaved ``model(**values)`` with each string cut to its field's ``max_length``.

    For text that must be kept even when longer than its column (an uploaded file's name, a
    search document's title): PostgreSQL refuses a value too long, and a ``bulk_create`` does not
    validate first. The lengths are read from the model, so they are written down once."""
    for name, value in values.items():
        if isinstance(value, str):
            limit = getattr(model._meta.get_field(name), "max_length", None)
            if limit:
                values[name] = value[:limit]
    return model(**values)
