"""What roleprofiles tells the layers above it, which it must not import (mapping recomputes its
suggested DDaT levels when roles change)."""

from django.dispatch import Signal

# Sent when an editor or an import has changed what roles say (a role, its requirements, its
# status, or a role removed), from inside the transaction that changed them, so that receivers
# can defer their work to its commit. ``roles``: the ids of the roles changed.
content_changed = Signal()
