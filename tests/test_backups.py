"""`flask backup` / `flask restore`: a demo instance, backed up and restored elsewhere, serves
every page, file and PDF byte for byte as before; a non-empty instance and a damaged archive are
refused before anything changes."""
from __future__ import annotations

import io
import json
import re
import shutil
import tarfile
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

import pytest
import sqlalchemy as sa

from app import clock, create_app
from app.extensions import db as _db
from app.models import Case, Role, User
from config import TestConfig
from tests.conftest import IsolatedClient, login

CRAWL_LIMIT = 120
HREF_RE = re.compile(r'(?:href|src)="(/[^"#]*)"')
#: links that change state or only repeat the same page with another sort order
CSRF_RE = re.compile(rb'name="csrf_token" value="[^"]*"')
FILE_RE = re.compile(r"\.pdf$|/files/")
SKIPPED = re.compile(r"^/(static/|auth/logout)|[?&](sort|page|lang)=")


@pytest.fixture
def frozen_moment(monkeypatch):
    """Login stamps and "now" are the same on both instances, so their pages can be compared."""
    moment = datetime.now(timezone.utc)  # the demo's dates count from today
    monkeypatch.setattr(clock, "now", lambda: moment)


def _instance(folder, migrated_database):
    folder.mkdir()
    shutil.copyfile(migrated_database, folder / "db.sqlite3")
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'db.sqlite3'}",
                     UPLOAD_DIR=str(folder / "uploads"))
    app.test_client_class = IsolatedClient
    return app


def _crawl(app, limit: int = CRAWL_LIMIT) -> dict[str, bytes]:
    """Every page, file and PDF the demo consultant reaches from the home page by links."""
    with app.app_context():
        client = login(app.test_client(), "tuvan@demo.ocop.vn", "DemoOCOP2030")
        seen: dict[str, bytes] = {}
        queue = ["/"]
        while queue and len(seen) < limit:
            url = queue.pop(0)
            if url in seen:
                continue
            response = client.get(url)
            assert response.status_code in (200, 302), (url, response.status_code)
            seen[url] = CSRF_RE.sub(b"csrf", response.data)  # a token is per session, not data
            if response.mimetype == "text/html":
                for link in HREF_RE.findall(response.get_data(as_text=True)):
                    target = urlsplit(urljoin(url, link.replace("&amp;", "&")))
                    path = target.path + (f"?{target.query}" if target.query else "")
                    if not SKIPPED.search(path) and path not in seen:
                        # files and PDFs first, so a bounded crawl reaches them
                        queue.insert(0, path) if FILE_RE.search(path) else queue.append(path)
        _db.engine.dispose()
    return seen


def _invoke(app, *args):
    with app.app_context():
        result = app.test_cli_runner().invoke(args=list(args))
        _db.session.remove()
        _db.engine.dispose()
    return result


def test_a_demo_instance_restored_elsewhere_serves_every_page_file_and_pdf_identically(
        tmp_path, migrated_database, frozen_moment):
    source = _instance(tmp_path / "source", migrated_database)
    assert "Demo data loaded." in _invoke(source, "seed-demo").output
    before = _crawl(source)  # renders and stores the PDFs, as real use would have
    pdfs = [url for url, body in before.items() if body.startswith(b"%PDF-")]
    files = [url for url in before if "/files/" in url]
    assert len(before) == CRAWL_LIMIT and pdfs and files, (len(before), pdfs, files)

    archive = tmp_path / "backup.tar.gz"
    result = _invoke(source, "backup", str(archive))
    assert result.exit_code == 0, result.output
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert manifest["dialect"] == "sqlite" and len(manifest["members"]) > 1

    target = _instance(tmp_path / "target", migrated_database)
    result = _invoke(target, "restore", str(archive))
    assert result.exit_code == 0, result.output
    after = _crawl(target)
    assert sorted(after) == sorted(before)
    assert [url for url in before if after[url] != before[url]] == []
    source_files = sorted(p.relative_to(tmp_path / "source") for p in (tmp_path / "source" / "uploads").rglob("*"))
    assert source_files == sorted(p.relative_to(tmp_path / "target") for p in (tmp_path / "target" / "uploads").rglob("*"))

    again = _invoke(target, "restore", str(archive))
    assert again.exit_code != 0 and "not empty" in again.output


def _rewrite(archive, damaged, change):
    """Copy an archive member by member, passing each member's bytes through `change`."""
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as out:
        for member in source:
            data = change(member.name, source.extractfile(member).read())
            member.size = len(data)
            out.addfile(member, io.BytesIO(data))


def test_a_damaged_or_tampered_archive_is_refused_and_nothing_is_restored(
        tmp_path, migrated_database):
    source = _instance(tmp_path / "source", migrated_database)
    with source.app_context():
        _db.session.add(User(email="a@example.vn", full_name="A", password_hash="x", role=Role.ADMIN))
        _db.session.commit()
        _db.engine.dispose()
    (tmp_path / "source" / "uploads" / "1").mkdir(parents=True)
    (tmp_path / "source" / "uploads" / "1" / "a.pdf").write_bytes(b"%PDF-1.4 original")
    archive = tmp_path / "backup.tar.gz"
    assert _invoke(source, "backup", str(archive)).exit_code == 0

    flipped = tmp_path / "flipped.tar.gz"
    _rewrite(archive, flipped, lambda name, data: data.replace(b"original", b"tampered") if name.startswith("uploads/") else data)
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[:-200])

    target = _instance(tmp_path / "target", migrated_database)
    for bad, message in ((flipped, "checksum mismatch for uploads/1/a.pdf"), (truncated, "cannot be read")):
        result = _invoke(target, "restore", str(bad))
        assert result.exit_code != 0 and message in result.output, result.output
    with target.app_context():
        assert _db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0
        assert _db.session.scalar(sa.select(sa.func.count()).select_from(Case)) == 0
        _db.engine.dispose()
    assert not [p for p in (tmp_path / "target" / "uploads").rglob("*") if p.is_file()]


@pytest.fixture
def two_postgres_databases(postgres_url):
    """Two empty databases on the throwaway server: the instance backed up, and the one restored into."""
    base = postgres_url.rsplit("/", 1)[0]
    names = ("ocop_backup_source", "ocop_backup_target")
    engine = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")

    def recreate(create: bool):
        with engine.connect() as connection:
            for name in names:
                connection.execute(sa.text(f"DROP DATABASE IF EXISTS {name}"))
                if create:
                    connection.execute(sa.text(f"CREATE DATABASE {name}"))

    recreate(True)
    yield [f"{base}/{name}" for name in names]
    recreate(False)
    engine.dispose()


def _postgres_instance(folder, url):
    from flask_migrate import upgrade

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url, UPLOAD_DIR=str(folder / "uploads"))
    app.test_client_class = IsolatedClient
    with app.app_context():
        upgrade()
        _db.engine.dispose()
    return app


@pytest.mark.postgres
def test_a_postgresql_instance_restored_into_another_database_serves_the_same_pages(
        tmp_path, two_postgres_databases, frozen_moment):
    source = _postgres_instance(tmp_path / "source", two_postgres_databases[0])
    assert "Demo data loaded." in _invoke(source, "seed-demo").output
    before = _crawl(source, limit=40)
    assert any(body.startswith(b"%PDF-") for body in before.values())
    archive = tmp_path / "backup.tar.gz"
    result = _invoke(source, "backup", str(archive))
    assert result.exit_code == 0, result.output

    target = _postgres_instance(tmp_path / "target", two_postgres_databases[1])  # migrated, but empty
    result = _invoke(target, "restore", str(archive))
    assert result.exit_code == 0, result.output
    after = _crawl(target, limit=40)
    assert [url for url in before if after.get(url) != before[url]] == []
    assert "not empty" in _invoke(target, "restore", str(archive)).output
