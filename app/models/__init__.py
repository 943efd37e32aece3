"""All models, imported here so Alembic and the app see every table."""
from app.models.audit import AuditEntry
from app.models.base import Base, utcnow
from app.models.case import (
    Case,
    CaseComment,
    CaseEvent,
    CaseKind,
    CaseStatus,
    CaseStep,
    CaseSubmission,
    CommentState,
    FilingChannel,
    InternalNote,
    case_products,
)
from app.models.deadline import (
    Deadline,
    DeadlineRule,
    DeadlineState,
    Holiday,
    Party,
    Reminder,
    ValidityPeriod,
)
from app.models.document import FilePurpose, GeneratedDocument, StoredFile
from app.models.job import Job, JobKind, JobState
from app.models.organization import Organization, OrganizationKind
from app.models.product import Product, ProductGroup
from app.models.reference import FeeRate, FeeStage, FeeUnit, FormVersion, NiceTerm
from app.models.user import LoginFailure, LoginLock, PublicRequestCount, Role, User

__all__ = [
    "AuditEntry",
    "Base",
    "CaseComment",
    "CaseStep",
    "CaseSubmission",
    "CommentState",
    "Deadline",
    "DeadlineRule",
    "DeadlineState",
    "FilingChannel",
    "Holiday",
    "LoginFailure",
    "PublicRequestCount",
    "LoginLock",
    "InternalNote",
    "Job",
    "JobKind",
    "JobState",
    "Notification",
    "Party",
    "Reminder",
    "ValidityPeriod",
    "FeeRate",
    "FeeStage",
    "FeeUnit",
    "FilePurpose",
    "FormVersion",
    "GeneratedDocument",
    "NiceTerm",
    "StoredFile",
    "Case",
    "CaseEvent",
    "CaseKind",
    "CaseStatus",
    "Organization",
    "OrganizationKind",
    "Product",
    "ProductGroup",
    "Role",
    "User",
    "case_products",
    "utcnow",
]

# The OCOP product registry (issue 6).
from app.models.registry import (  # noqa: E402
    ApiToken,
    ImportBatch,
    ProductReferral,
    ProductVerification,
    ReferralStatus,
)

__all__ += ["ApiToken", "ImportBatch", "ProductReferral", "ProductVerification", "ReferralStatus"]

# The annual implementation report (issue 7).
from app.models.report import ManualCount, PlanTarget, ReportMetric, ReportSettings  # noqa: E402

__all__ += ["ManualCount", "PlanTarget", "ReportMetric", "ReportSettings"]

# Contributions of other agencies to the annual report (issue 20).
from app.models.contribution import (  # noqa: E402
    Agency,
    CollectionRound,
    Contribution,
    ContributionReminder,
    ContributionStatus,
    ContributionValue,
    FigureDefinition,
    FigureUnit,
    ReportSection,
)

__all__ += ["Agency", "CollectionRound", "Contribution", "ContributionReminder", "ContributionStatus",
            "ContributionValue", "FigureDefinition", "FigureUnit", "ReportSection"]

# What the app tells people: in-app notifications, the e-mail outbox, e-mail choices (issue 17).
from app.models.notification import EmailOptOut, Notification, NotificationKind, OutboxEmail  # noqa: E402

__all__ += ["EmailOptOut", "NotificationKind", "OutboxEmail"]

# After approval: filing offices and payment details, each case's filing plan (issue 17).
from app.models.filing import FilingOffice, FilingPlan, FilingRoute  # noqa: E402

__all__ += ["FilingOffice", "FilingPlan", "FilingRoute"]

# Folded search keys of cases and organizations and the trigram indexes (issue 19): registers the
# listener that keeps them current.
from app.models import search_keys  # noqa: E402,F401

# The mark pre-check's earlier rights (issue 18).
from app.models.mark_register import EarlierMark, EarlierMarkKey, MarkCheck, ProtectedIndication  # noqa: E402

__all__ += ["EarlierMark", "EarlierMarkKey", "MarkCheck", "ProtectedIndication"]
