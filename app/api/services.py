"""Per-user API tokens: issued and revoked by an admin; only a hash is stored."""
from __future__ import annotations

import hashlib
import secrets

import sqlalchemy as sa

from app.extensions import db
from app.models import ApiToken, User, utcnow

TOKEN_PREFIX = "ocop_"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue(user: User, name: str, actor: User) -> tuple[ApiToken, str]:
    """A new token for the user; the plain token is returned once and never stored."""
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name.strip()[:120], token_hash=_hash(plain), prefix=plain[:12],
                     created_by=actor)
    db.session.add(token)
    db.session.flush()
    return token, plain


def revoke(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.flush()


def authenticate(header: str | None) -> User | None:
    """The active user behind an `Authorization: Bearer <token>` header, else None."""
    if not header or not header.startswith("Bearer "):
        return None
    plain = header[len("Bearer "):].strip()
    if not plain.startswith(TOKEN_PREFIX) or len(plain) > 100:
        return None
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == _hash(plain)))
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    token.last_used_at = utcnow()
    return token.user
