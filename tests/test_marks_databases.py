"""The register of earlier marks on SQLite and PostgreSQL: import, re-import, lookup, and two DOST
users importing at once (one wins whole, the other is told to import again, nothing half-written)."""
import io

import pytest
import sqlalchemy as sa

from app.marks import register_import
from app.marks import services as mark_services
from app.marks.services import check
from app.models import EarlierMark, EarlierMarkKey, MarkCheck, Role
from tests import both_databases
from tests.conftest import text_of
from tests.test_concurrency import simultaneously
from tests.wizard_helpers import MARK, post_step, start_trademark

app = both_databases.app


def _file(*rows: str) -> bytes:
    return ("Số đơn,Nhãn hiệu,Chủ đơn,Nhóm,Ngày nộp đơn\n" + "\n".join(rows) + "\n").encode("utf-8")


def _post(client, data: bytes):
    return client.post("/marks/register", data={"file": (io.BytesIO(data), "export.csv"), "source": "IPLib"},
                       content_type="multipart/form-data")


def test_import_reimport_and_lookup(app, db, login_as):
    client, user = login_as(Role.CONSULTANT)
    assert _post(client, _file("4-2020-1,Vang Sơn,A,30,01/02/2020", "4-2020-2,Hoa Mai,B,\"29, 30\",")).status_code == 302
    assert _post(client, _file("4-2020-2,Hoa Mai Vàng,B,30,", "4-2020-3,Sen Hồng,C,31,")).status_code == 302
    marks = {m.number: m for m in db.session.scalars(sa.select(EarlierMark))}
    assert sorted(marks) == ["4-2020-1", "4-2020-2", "4-2020-3"] and marks["4-2020-2"].mark_text == "Hoa Mai Vàng"
    assert marks["4-2020-1"].filing_date.isoformat() == "2020-02-01"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EarlierMarkKey).where(
        EarlierMarkKey.key == "s:zan")) == 2  # Vang Sơn, Hoa Mai Vàng
    assert [f.number for f in check("Giang Sơn", [30], user) if f.kind == "earlier_mark"] == ["4-2020-1"]


def test_two_simultaneous_imports_one_wins_whole(app, db, monkeypatch, login_as):
    first, user = login_as(Role.CONSULTANT)
    second, _other = login_as(Role.CONSULTANT)
    files = [_file("4-2021-1,Sông Hậu,A,30,", "4-2021-2,Cầu Vồng,A,30,"),
             _file("4-2021-2,Cầu Vồng Xanh,B,30,", "4-2021-3,Mây Hồng,B,30,")]
    responses = simultaneously(app, monkeypatch, register_import, "_derived_rows",
                               [lambda: _post(first, files[0]), lambda: _post(second, files[1])])
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [302, 409], statuses
    loser = next(r for r in responses if r.status_code == 409)
    assert "Một lần nhập khác vừa thay đổi danh mục" in text_of(loser)
    numbers = set(db.session.scalars(sa.select(EarlierMark.number)))
    assert numbers in ({"4-2021-1", "4-2021-2"}, {"4-2021-2", "4-2021-3"})  # one file whole, never a mix


@pytest.mark.postgres
def test_mark_and_goods_saved_at_once_keep_one_check(app, db, monkeypatch, login_as):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite runs one writer at a time: the two saves never meet at the first check")
    producer, user = login_as(Role.PRODUCER)
    case_id = start_trademark(producer)
    consultant, _consultant = login_as(Role.CONSULTANT)
    goods = {"free_terms-0-term": "Nước mắm", "free_terms-0-nice_class": "30"}
    responses = simultaneously(app, monkeypatch, mark_services, "_new_check", [
        lambda: post_step(producer, case_id, "mark", {**MARK, "wording": "Giang Sơn", "mark_form": "word"}),
        lambda: post_step(consultant, case_id, "goods", goods, action="save")])
    assert all(r.status_code == 302 for r in responses), [r.status_code for r in responses]
    assert db.session.scalar(sa.select(sa.func.count(MarkCheck.id)).where(MarkCheck.case_id == case_id)) == 1
