"""The Alembic migrations build exactly the models' schema, on SQLite and on PostgreSQL."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from app import create_app
from app.extensions import db
from app.models import Base
from app.models.base import include_migration_object, render_migration_item
from config import TestConfig


def _schema_diff(engine: sa.Engine) -> list:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "render_item": render_migration_item,
                                                               "include_object": include_migration_object})
        return compare_metadata(context, Base.metadata)


def _migrate_and_compare(url: str, tmp_path) -> None:
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url, UPLOAD_DIR=str(tmp_path))
    with app.app_context():
        upgrade()
        assert _schema_diff(db.engine) == []
        tables = set(sa.inspect(db.engine).get_table_names())
        assert {"users", "organizations", "products", "cases", "case_events", "case_products"} <= tables
        downgrade(revision="base")
        assert set(sa.inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()  # and back up again: downgrades leave nothing behind
        assert _schema_diff(db.engine) == []
        db.session.remove()
        db.engine.dispose()


def test_migrations_match_models_on_sqlite(tmp_path):
    _migrate_and_compare(f"sqlite:///{tmp_path / 'migrated.sqlite3'}", tmp_path)


def test_sqlite_file_database_uses_wal_and_foreign_keys(tmp_path):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'wal.sqlite3'}", UPLOAD_DIR=str(tmp_path))
    with app.app_context():
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        db.engine.dispose()


@pytest.mark.postgres
def test_migrations_match_models_on_postgresql(postgres_url, tmp_path):
    _migrate_and_compare(postgres_url, tmp_path)


@pytest.mark.postgres
def test_demo_data_loads_on_postgresql(postgres_url, tmp_path):
    """The same code path as `make run`, against PostgreSQL: migrate, seed twice, log in."""
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=postgres_url, UPLOAD_DIR=str(tmp_path))
    with app.app_context():
        downgrade(revision="base")
        upgrade()
        runner = app.test_cli_runner()
        assert "Demo data loaded." in runner.invoke(args=["seed-demo"]).output
        assert "already present" in runner.invoke(args=["seed-demo"]).output
        client = app.test_client()
        response = client.post("/auth/login", data={"email": "htx@demo.ocop.vn", "password": "DemoOCOP2030"})
        assert response.status_code == 302
        assert "Khóm Cầu Đúc" in client.get("/").get_data(as_text=True)
        db.session.remove()
        downgrade(revision="base")
        db.engine.dispose()
