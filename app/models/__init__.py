"""All models, imported here so Alembic and the app see every table."""
from app.models.base import Base, utcnow
from app.models.case import Case, CaseEvent, CaseKind, CaseStatus, case_products
from app.models.organization import Organization, OrganizationKind
from app.models.product import Product, ProductGroup
from app.models.user import Role, User

__all__ = [
    "Base",
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
