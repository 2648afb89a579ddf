"""Import every model module so that the metadata (and Alembic) sees all tables."""

from dialogue.accounts.models import ApiToken, Role, User
from dialogue.answers.models import OfficialResponse
from dialogue.audit.models import AuditEvent
from dialogue.consultations.models import Consultation
from dialogue.contributions.models import Contribution, Reply, Report, Support
from dialogue.exports.models import ExportFile
from dialogue.jobs import Job
from dialogue.mail import OutboxMessage
from dialogue.mail.links import MailLink
from dialogue.moderation.models import ModerationDecision, ModerationReason
from dialogue.municipalities.models import Kern, Municipality, MunicipalityLogo
from dialogue.signals.models import Signal, SignalDigest
from dialogue.themes.models import Theme, ThemeAnalysis
from dialogue.votes.models import Vote

__all__ = [
    "ApiToken",
    "AuditEvent",
    "Consultation",
    "Contribution",
    "ExportFile",
    "Job",
    "Kern",
    "MailLink",
    "ModerationDecision",
    "ModerationReason",
    "Municipality",
    "MunicipalityLogo",
    "OfficialResponse",
    "OutboxMessage",
    "Reply",
    "Report",
    "Role",
    "Signal",
    "SignalDigest",
    "Support",
    "Theme",
    "ThemeAnalysis",
    "User",
    "Vote",
]
