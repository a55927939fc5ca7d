"""Who runs this deployment and how to reach them, from settings (the environment). An unset
value stays empty: the pages say "not configured" rather than invent an operator."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

PHASES = {"alpha": "Alpha", "beta": "Beta"}


@dataclass(frozen=True)
class Operator:
    name: str
    email: str
    phone: str
    feedback_url: str
    phase: str

    @property
    def phase_label(self) -> str:
        """ "Alpha" or "Beta" for the phase banner; empty once the service is live."""
        return PHASES.get(self.phase, "")

    @property
    def feedback_href(self) -> str:
        """Where the phase banner's feedback link goes: the operator's form, else the contact page."""
        return self.feedback_url or reverse("service:contact") + "#feedback"

    @property
    def configured(self) -> bool:
        return bool(self.name and (self.email or self.phone))


def operator() -> Operator:
    return Operator(
        name=settings.SERVICE_OPERATOR_NAME,
        email=settings.SERVICE_CONTACT_EMAIL,
        phone=settings.SERVICE_CONTACT_PHONE,
        feedback_url=settings.SERVICE_FEEDBACK_URL,
        phase=settings.SERVICE_PHASE,
    )
