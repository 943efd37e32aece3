"""Two renders of the same dossier at once (the background worker and a download, or two downloads),
with real threads on SQLite and PostgreSQL: both are answered with the one copy kept, never a 500."""
from __future__ import annotations

import sqlalchemy as sa

from app.documents import storage
from app.models import GeneratedDocument, Role
from tests import both_databases
from tests.test_concurrency import simultaneously
from tests.wizard_helpers import fill_trademark, start_trademark

#: the conftest fixture, once on a SQLite file and once on PostgreSQL
app = both_databases.app


def test_two_simultaneous_renders_keep_one_copy(app, db, monkeypatch, login_as, make_organization, make_product):
    organization = make_organization(name="Hợp tác xã Khóm Cầu Đúc")
    product = make_product(organization, name="Khóm Cầu Đúc", stars=4)
    client, user = login_as(Role.PRODUCER, organization=organization)
    case_id = start_trademark(client)
    fill_trademark(client, case_id, [product.id], ["Khóm (dứa) tươi"])
    other, _ = login_as(user=user)
    # both have rendered the same data and store it at the same moment
    responses = simultaneously(app, monkeypatch, storage, "save_generated", [
        lambda: client.get(f"/cases/{case_id}/dossier.pdf"),
        lambda: other.get(f"/cases/{case_id}/dossier.pdf"),
    ])
    assert [r.status_code for r in responses] == [200, 200]
    assert responses[0].data == responses[1].data
    rows = db.session.scalars(sa.select(GeneratedDocument).where(GeneratedDocument.case_id == case_id,
                                                                 GeneratedDocument.kind == "dossier")).all()
    assert len(rows) == 1
    assert storage.generated_path(rows[0]).read_bytes() == responses[0].data
    # the loser's file was removed: only the kept one is on disk
    assert [p.name for p in storage.generated_path(rows[0]).parent.iterdir()] == [rows[0].stored_name]
