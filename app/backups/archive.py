"""Write and restore a backup archive (a gzip'd tar).

Members: ``manifest.json`` first, then the database (``database.sqlite3``, a copy made with
SQLite's online backup API, or ``database.pgdump``, pg_dump's custom format) and every file under
UPLOAD_DIR as ``uploads/<relative path>``. The manifest lists each member with its size and
SHA-256, so a damaged or tampered archive is refused before anything is restored. Both copies
are consistent snapshots taken while the app keeps serving: SQLite's backup reads one
transaction, pg_dump one repeatable-read snapshot. Uploads are only ever added, never changed in
place, so copying them after the database at worst adds a file no row points to yet.
"""
from __future__ import annotations

import glob
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import sqlalchemy as sa
from flask import current_app

from app import clock
from app.extensions import db
from app.models import Case, Organization, User

MANIFEST = "manifest.json"
FORMAT_VERSION = 1
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
UPLOADS_PREFIX = "uploads/"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """The backup cannot be written or restored; the message says why (for the operator)."""


@dataclass(frozen=True)
class Summary:
    database: str
    files: int
    size_bytes: int


# --- writing -------------------------------------------------------------------------------------


def write_backup(path: Path) -> Summary:
    """Write the archive to `path` (through a temporary name, so a failed run leaves no half archive)."""
    with tempfile.TemporaryDirectory(prefix="ocop-backup-") as workdir:
        database_file = _dump_database(Path(workdir))
        members = [(database_file.name, database_file)]
        members += [(UPLOADS_PREFIX + rel, full) for rel, full in _upload_files()]
        entries = [{"path": name, "size": full.stat().st_size, "sha256": _sha256(full)} for name, full in members]
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": clock.now().isoformat(),
            "dialect": db.engine.dialect.name,
            "schema_revision": _schema_revision(),
            "members": entries,
        }
        partial = path.with_name(path.name + ".part")
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False).encode())
            for name, full in members:
                archive.add(full, arcname=name, recursive=False)
        os.replace(partial, path)
    return Summary(manifest["dialect"], len(members) - 1, path.stat().st_size)


def _dump_database(workdir: Path) -> Path:
    if db.engine.dialect.name == "sqlite":
        target = workdir / SQLITE_MEMBER
        source = sqlite3.connect(_sqlite_path())
        copy = sqlite3.connect(target)
        try:
            with copy:
                source.backup(copy)  # one read transaction: a consistent copy even while the app writes
        finally:
            copy.close()
            source.close()
        return target
    if db.engine.dialect.name == "postgresql":
        target = workdir / POSTGRES_MEMBER
        _run_postgres("pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target))
        return target
    raise BackupError(f"backups support SQLite and PostgreSQL, not {db.engine.dialect.name}")


def _upload_files() -> list[tuple[str, Path]]:
    """Every regular file under UPLOAD_DIR as (POSIX path relative to it, full path); links are skipped."""
    root = Path(os.path.realpath(current_app.config["UPLOAD_DIR"]))
    if not root.is_dir():
        return []
    found = []
    for folder, _dirs, names in os.walk(root):
        for name in names:
            full = Path(folder) / name
            if full.is_file() and not full.is_symlink():
                found.append((full.relative_to(root).as_posix(), full))
    return sorted(found)


def _schema_revision() -> str | None:
    with db.engine.connect() as connection:
        if not sa.inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(clock.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


# --- restoring -----------------------------------------------------------------------------------


def restore_backup(path: Path) -> Summary:
    """Check the whole archive, then restore it into this instance, which must be empty."""
    reason = non_empty_reason()
    if reason:
        raise BackupError(f"refused: this instance is not empty ({reason}); restore into a new one")
    with tempfile.TemporaryDirectory(prefix="ocop-restore-") as workdir:
        manifest = _extract_checked(path, Path(workdir))
        if manifest["dialect"] != db.engine.dialect.name:
            raise BackupError(f"the archive holds a {manifest['dialect']} database; "
                              f"this instance uses {db.engine.dialect.name}")
        _restore_database(Path(workdir))
        uploads = _restore_uploads(Path(workdir))
    return Summary(manifest["dialect"], uploads, path.stat().st_size)


def non_empty_reason() -> str | None:
    """Why this instance is not empty (accounts, organizations, cases or uploaded files), or None.

    Reference data seeded by the migrations does not count: a freshly migrated instance is empty.
    """
    inspector = sa.inspect(db.engine)
    for model in (User, Organization, Case):
        if inspector.has_table(model.__tablename__) and db.session.scalar(sa.select(sa.func.count()).select_from(model)):
            return f"the table {model.__tablename__} has rows"
    if _upload_files():
        return "UPLOAD_DIR holds files"
    return None


def _extract_checked(path: Path, workdir: Path) -> dict:
    """Extract the members the manifest names into `workdir`; BackupError on anything unexpected."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            manifest = _read_manifest(archive)
            expected = {entry["path"]: entry for entry in manifest["members"]}
            seen = set()
            for member in archive:
                if member.name == MANIFEST:
                    continue
                entry = expected.get(member.name)
                if entry is None or not member.isfile() or not _safe_name(member.name):
                    raise BackupError(f"unexpected member in the archive: {member.name!r}")
                _extract_one(archive, member, workdir / member.name, entry)
                seen.add(member.name)
    except (tarfile.TarError, OSError, EOFError, ValueError, KeyError) as error:
        raise BackupError(f"the archive cannot be read ({error})") from error
    missing = set(expected) - seen
    if missing:
        raise BackupError(f"the archive lacks {len(missing)} member(s) its manifest lists, e.g. {sorted(missing)[0]}")
    return manifest


def _read_manifest(archive: tarfile.TarFile) -> dict:
    first = archive.next()
    if first is None or first.name != MANIFEST:
        raise BackupError("not a backup archive: manifest.json is not its first member")
    manifest = json.loads(archive.extractfile(first).read())
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    return manifest


def _safe_name(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return bool(parts) and not PurePosixPath(name).is_absolute() and ".." not in parts


def _extract_one(archive: tarfile.TarFile, member: tarfile.TarInfo, target: Path, entry: dict) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with archive.extractfile(member) as source, open(target, "wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    if digest.hexdigest() != entry["sha256"] or target.stat().st_size != entry["size"]:
        raise BackupError(f"checksum mismatch for {member.name}: the archive is damaged")


def _restore_database(workdir: Path) -> None:
    db.session.remove()
    db.engine.dispose()  # no pooled connection may keep the old database open
    if db.engine.dialect.name == "sqlite":
        source = sqlite3.connect(workdir / SQLITE_MEMBER)
        target = sqlite3.connect(_sqlite_path())
        try:
            with target:
                source.backup(target)  # replaces every page, WAL included
        finally:
            target.close()
            source.close()
    else:
        _run_postgres("pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
                      "--single-transaction", str(workdir / POSTGRES_MEMBER))


def _restore_uploads(workdir: Path) -> int:
    source_root = workdir / UPLOADS_PREFIX
    if not source_root.is_dir():
        return 0
    root = Path(current_app.config["UPLOAD_DIR"])
    count = 0
    for folder, _dirs, names in os.walk(source_root):
        for name in names:
            relative = (Path(folder) / name).relative_to(source_root)
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(Path(folder) / name, root / relative)
            os.chmod(root / relative, 0o640)
            count += 1
    return count


# --- helpers -------------------------------------------------------------------------------------


def _sqlite_path() -> str:
    path = db.engine.url.database
    if not path or path == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up or restored")
    return path


def _run_postgres(program: str, *args: str) -> None:
    """Run pg_dump/pg_restore against the app's database; the password goes through the environment."""
    url = db.engine.url
    env = dict(os.environ, PGPASSWORD=url.password or "")
    libpq_url = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    result = subprocess.run([_postgres_program(program), *args, f"--dbname={libpq_url}"],
                            env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{program} failed: {result.stderr.strip()[-2000:]}")


def _postgres_program(program: str) -> str:
    """Debian's newest (/usr/lib/postgresql/<version>/bin), else the one on PATH: pg_dump must be
    at least as new as the server, and Debian's /usr/bin wrapper may pick an older one."""
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{program}"), key=_version_key, reverse=True)
    found = candidates[0] if candidates else shutil.which(program)
    if not found:
        raise BackupError(f"{program} not found (apt-get install postgresql-client)")
    return found


def _version_key(path: str) -> int:
    version = Path(path).parent.parent.name
    return int(version) if version.isdigit() else 0


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
