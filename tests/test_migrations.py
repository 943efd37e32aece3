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


def test_0017_backfills_search_keys_and_the_tokens_of_protected_products(tmp_path):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'm.sqlite3'}", UPLOAD_DIR=str(tmp_path))
    with app.app_context():
        upgrade(revision="0013")
        run = lambda sql: db.session.execute(sa.text(sql))  # noqa: E731
        run("INSERT INTO organizations (id, version, name, kind, tax_code, address_line, province_code, ward_code,"
            " legal_representative, verified, created_at, updated_at) VALUES (1, 0, 'HTX Khóm Cầu Đúc', 'cooperative',"
            " '6300000001', 'Ấp 1', 92, 31321, 'A', 1, '2026-01-01', '2026-01-01')")
        for product_id in (1, 2):
            run(f"INSERT INTO products (id, version, name, organization_id, \"group\", stars, search_text, created_at,"
                f" updated_at) VALUES ({product_id}, 0, 'Khóm {product_id}', 1, 'food', 4, '', '2026-01-01', '2026-01-01')")
        for case_id, status in ((1, "granted"), (2, "draft")):
            run(f"INSERT INTO cases (id, kind, title, organization_id, status, application_number, priority_claims,"
                f" version, created_at, updated_at) VALUES ({case_id}, 'trademark', 'KHÓM ĐÚC', 1, '{status}',"
                f" '4-2026-0000{case_id}', 0, 1, '2026-01-01', '2026-01-01')")
            run(f"INSERT INTO case_products (case_id, product_id) VALUES ({case_id}, {case_id})")
        db.session.commit()
        upgrade()
        assert run("SELECT search_key FROM organizations").scalar() == "htx khom cau duc 6300000001"
        assert run("SELECT search_key FROM cases WHERE id = 1").scalar() == "khom duc 4-2026-00001 htx khom cau duc"
        assert run("SELECT product_id FROM product_verifications").scalars().all() == [1]  # the granted one only
        db.session.remove()
        db.engine.dispose()
