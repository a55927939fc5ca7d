"""The home page and the reference pages, a module each: ``home``, ``skills``, ``frameworks``
and ``bodies``. Each parses the request, calls a selector and renders."""
