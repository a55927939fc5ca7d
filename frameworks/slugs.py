"""Moved to ``core.slugs``; this name stays until the importer (``roleprofiles/services.py``) imports it from there."""

from core.slugs import unique_slug

__all__ = ["unique_slug"]
