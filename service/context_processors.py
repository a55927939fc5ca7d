"""The operator's details on every page: the phase banner links to their feedback route."""

from .operator import operator


def service_operator(request):
    return {"service_operator": operator()}
