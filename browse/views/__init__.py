"""The reference pages, a module each: ``skills``, ``frameworks`` and ``bodies``. Each parses
the request, calls a selector and renders."""
