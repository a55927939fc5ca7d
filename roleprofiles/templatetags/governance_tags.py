"""The review queue summary on the admin home page."""

from django import template
from django.utils import timezone

from roleprofiles import governance
from roleprofiles.models import Role

register = template.Library()


@register.inclusion_tag("admin/roleprofiles/review_summary.html", takes_context=True)
def review_summary(context):
    user = context["request"].user
    if not user.has_perm("roleprofiles.view_role"):
        return {"show": False}
    today = timezone.localdate()
    roles = Role.objects.exclude(status=Role.Status.ARCHIVED)
    return {
        "show": True,
        "overdue": roles.filter(governance.review_overdue(today)).count(),
        "due_soon": roles.filter(governance.review_due_soon(today)).count(),
        "unscheduled": roles.filter(next_review_due__isnull=True).count(),
        "days": governance.REVIEW_WINDOW_DAYS,
    }
