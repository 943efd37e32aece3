"""An append-only log of changes to reference data and other records that need a trail."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, utcnow
from app.models.user import User


class AuditEntry(Base):
    """Who changed what, when: `changes` maps each field to [old, new]."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(sa.String(40), index=True)  # table name
    entity_id: Mapped[int] = mapped_column(index=True)
    action: Mapped[str] = mapped_column(sa.String(16))  # create / update / delete
    changes: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    actor_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor: Mapped[Optional[User]] = relationship()
