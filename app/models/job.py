"""Jobs a user waits for (a big import, the annual report PDF): run by the worker, followed on a page."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TitledEnum, UTCDateTime, string_enum, utcnow
from app.models.user import User


class JobKind(TitledEnum):
    ANNUAL_REPORT_PDF = "annual_report_pdf", _l("Annual report (PDF)")
    PRODUCT_IMPORT = "product_import", _l("Import of the OCOP product list")


class JobState(TitledEnum):
    QUEUED = "queued", _l("Waiting to start")
    RUNNING = "running", _l("Running")
    DONE = "done", _l("Done")
    FAILED = "failed", _l("Failed")

    @property
    def finished(self) -> bool:
        return self in (JobState.DONE, JobState.FAILED)


class Job(Base):
    """One run of a kind of work for its owner: what it was asked (params), how far it got, and its
    result file or summary, or the errors to show. Only the owner and admins see it."""

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[JobKind] = mapped_column(string_enum(JobKind, 32))
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    state: Mapped[JobState] = mapped_column(string_enum(JobState, 16), default=JobState.QUEUED)
    #: 0–100
    progress: Mapped[int] = mapped_column(default=0)
    params: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    #: the result file under UPLOAD_DIR/jobs/, the name it downloads as, and its type
    result_name: Mapped[Optional[str]] = mapped_column(sa.String(64))
    result_filename: Mapped[Optional[str]] = mapped_column(sa.String(255))
    result_content_type: Mapped[Optional[str]] = mapped_column(sa.String(100))
    #: what the job did, for the owner (e.g. "120 new, 3 updated"), in Vietnamese
    summary: Mapped[Optional[str]] = mapped_column(sa.Text)
    #: why it failed, one message a line, for the owner
    error: Mapped[Optional[str]] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    finished_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)

    owner: Mapped[User] = relationship()
