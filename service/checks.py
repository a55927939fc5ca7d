"""`manage.py check`: operator settings that would put a broken link on every page."""

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from .operator import PHASES


def _valid(validator, value: str) -> bool:
    try:
        validator(value)
    except ValidationError:
        return False
    return True


@register()
def operator_settings(app_configs=None, **kwargs):
    errors = []
    email, feedback, phase = settings.SERVICE_CONTACT_EMAIL, settings.SERVICE_FEEDBACK_URL, settings.SERVICE_PHASE
    if email and not _valid(validate_email, email):
        errors.append(Error(f"SERVICE_CONTACT_EMAIL is not an email address: {email!r}", id="service.E001"))
    if feedback:
        mailto = feedback.startswith("mailto:") and _valid(validate_email, feedback.removeprefix("mailto:"))
        if not mailto and not _valid(URLValidator(schemes=["https", "http"]), feedback):
            errors.append(
                Error(
                    f"SERVICE_FEEDBACK_URL is not a web address: {feedback!r}",
                    hint="The full https:// address of a feedback form, or mailto: and an email address.",
                    id="service.E002",
                )
            )
    if phase not in {*PHASES, "live"}:
        errors.append(Error(f"SERVICE_PHASE is {phase!r}", hint="alpha, beta or live.", id="service.E003"))
    return errors
