"""Files of a case: uploads (checked by content) and generated PDF dossiers."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Optional

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TitledEnum, UTCDateTime, string_enum, utcnow

if TYPE_CHECKING:
    from app.models.case import Case
    from app.models.user import User


class FilePurpose(TitledEnum):
    """What an uploaded file is for."""

    MARK_IMAGE = "mark_image", _l("Mark sample")  # mẫu nhãn hiệu
    POWER_OF_ATTORNEY = "power_of_attorney", _l("Power of attorney")  # giấy ủy quyền
    PRIORITY_DOCUMENT = "priority_document", _l("Priority document")  # tài liệu hưởng quyền ưu tiên
    MAP = "map", _l("Map of the area")  # bản đồ khu vực địa lý
    # văn bản cho phép sử dụng địa danh của UBND cấp tỉnh
    PLACE_PERMISSION = "place_permission", _l("Permission to use a place name")
    GI_SAMPLE = "gi_sample", _l("Presentation sample of the GI")  # mẫu trình bày chỉ dẫn địa lý
    OTHER = "other", _l("Other document")


class StoredFile(Base):
    """An upload kept under UPLOAD_DIR with a random name, served only to those who may see the case."""

    __tablename__ = "stored_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[FilePurpose] = mapped_column(string_enum(FilePurpose, 24))
    original_name: Mapped[str] = mapped_column(sa.String(255))
    stored_name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    content_type: Mapped[str] = mapped_column(sa.String(80))
    size_bytes: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    width_px: Mapped[Optional[int]]
    height_px: Mapped[Optional[int]]
    uploaded_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    case: Mapped["Case"] = relationship(back_populates="files")
    uploaded_by: Mapped[Optional["User"]] = relationship()


class GeneratedDocument(Base):
    """A rendered PDF, keyed by the hash of the data it was made from, so it is rendered once."""

    __tablename__ = "generated_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(40))  # e.g. "dossier"
    data_hash: Mapped[str] = mapped_column(sa.String(64))
    stored_name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    size_bytes: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (sa.UniqueConstraint("case_id", "kind", "data_hash", name="uq_generated_documents_case_kind_hash"),)
