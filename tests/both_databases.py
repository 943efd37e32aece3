"""The conftest `app` fixture, run once on a SQLite file and once on the throwaway PostgreSQL
server: import it into a test module to run that module's tests on both databases."""
from __future__ import annotations

import shutil

import pytest

from app import create_app
from app.extensions import db as _db
from config import TestConfig
from tests.conftest import IsolatedClient


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def app(request, tmp_path, migrated_database):
    """The conftest app, on a SQLite file or on the throwaway PostgreSQL server."""
    from flask_migrate import downgrade, upgrade

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.sqlite3'}"
        shutil.copyfile(migrated_database, tmp_path / "test.sqlite3")
    else:
        url = request.getfixturevalue("postgres_url")
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url, UPLOAD_DIR=str(tmp_path / "uploads"))
    app.test_client_class = IsolatedClient
    with app.app_context():
        if request.param == "postgresql":
            downgrade(revision="base")
            upgrade()
        _db.session.configure(expire_on_commit=False)
        yield app
        _db.session.remove()
        if request.param == "postgresql":
            downgrade(revision="base")
        _db.engine.dispose()
