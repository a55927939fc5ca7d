"""The project's templates read without their indentation.

Templates are indented for the person editing them; the browser does not need it. The
filesystem loader's text, for the project's own templates (``templates/``), loses the spaces
and tabs that start each line before Django compiles it, so every page is sent without them and
nothing is done per request. Only the template's own text changes, never a value rendered
into it: content from the sources is sent exactly as stored. Each line stays a line (line
numbers in template errors are unchanged), and a line break is still whitespace wherever the
indentation was, so no words run together. The project's templates have no ``<pre>`` and no
literal text inside a ``<textarea>`` whose indentation would show.
"""

from __future__ import annotations

import re

from django.template.loaders.filesystem import Loader as FilesystemLoader

INDENTATION = re.compile(r"^[ \t]+", re.MULTILINE)


def without_indentation(source: str) -> str:
    return INDENTATION.sub("", source)


class Loader(FilesystemLoader):
    def get_contents(self, origin) -> str:
        return without_indentation(super().get_contents(origin))
