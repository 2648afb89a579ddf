"""Import every model module so that the metadata (and Alembic) sees all tables."""

from dialogue.accounts.models import ApiToken, Role, User
from dialogue.audit.models import AuditEvent
from dialogue.consultations.models import Consultation, OfficialResponse
from dialogue.contributions.models import Contribution, Reply, Report, Support
from dialogue.jobs import Job
from dialogue.mail import OutboxMessage
from dialogue.moderation.models import ModerationDecision
from dialogue.municipalities.models import Area, Municipality

__all__ = [
    "ApiToken",
    "Area",
    "AuditEvent",
    "Consultation",
    "Contribution",
    "Job",
    "ModerationDecision",
    "Municipality",
    "OfficialResponse",
    "OutboxMessage",
    "Reply",
    "Report",
    "Role",
    "Support",
    "User",
]
