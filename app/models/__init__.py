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
    FilingChannel,
    InternalNote,
    case_products,
)
from app.models.deadline import (
    Deadline,
    DeadlineRule,
    DeadlineState,
    Holiday,
    Notification,
    Party,
    Reminder,
    ValidityPeriod,
)
from app.models.document import FilePurpose, GeneratedDocument, StoredFile
from app.models.job import Job, JobKind, JobState
from app.models.organization import Organization, OrganizationKind
from app.models.product import Product, ProductGroup
from app.models.reference import FeeRate, FeeStage, FeeUnit, FormVersion, NiceTerm
from app.models.user import LoginFailure, LoginLock, Role, User

__all__ = [
    "AuditEntry",
    "Base",
    "CaseComment",
    "CaseStep",
    "Deadline",
    "DeadlineRule",
    "DeadlineState",
    "FilingChannel",
    "Holiday",
    "LoginFailure",
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
