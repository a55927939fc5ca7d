"""The pages built on roles and reference data, a module each: ``pathways`` (/pathways/ and the
report's archetypes and programmes, /about/), ``self_assessment`` (/self-assessment/) and
``progression`` (/pathways/progression/). Each parses the request, calls a selector and renders."""

import re
from functools import partial

from core.http import answers_problems

# A problem on these pages is listed on a page that leads back to the self-assessment.
answers_problems_here = partial(answers_problems, template="pathways/bad_request.html")
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,120}")
