from django import template

from roleprofiles.models import Role

from .. import selectors

register = template.Library()


@register.inclusion_tag("mapping/includes/mappings_block.html")
def ddat_mappings(role):
    """The mapping block of a role page: for an NHS profile its DDaT mappings and suggestions,
    for a DDaT level the NHS roles mapped to it."""
    if role.kind == Role.Kind.DDAT_LEVEL:
        return {"role": role, "is_level": True, "mapped_roles": selectors.for_level(role)}
    return {"role": role, "is_level": False, **selectors.for_profile(role)}
