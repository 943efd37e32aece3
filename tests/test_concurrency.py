"""Simultaneous saves with real threads, on SQLite and PostgreSQL: one wins, the others get the
conflict page with their input, never a 500 and never a silent overwrite."""
from __future__ import annotations

import threading
from datetime import date

import pytest
import sqlalchemy as sa

from app import locking
from app.cases import lifecycle
from app.models import Case, CaseStatus, CaseStep, Organization, Product, Role
from app.wizard import services as wizard_services
from tests import both_databases
from tests.conftest import VI_THANH_WARD, text_of
from tests.wizard_helpers import APPLICANT, post_step, start_trademark

#: the conftest fixture, once on a SQLite file and once on PostgreSQL
app = both_databases.app


def simultaneously(app, monkeypatch, module, name, requests):
    """Run the requests in threads that all pass `module.name` at once (each has loaded what it
    saves and checked the version it saw), then return their responses in order."""
    barrier = threading.Barrier(len(requests), timeout=60)
    original = getattr(module, name)

    def waiting(*args, **kwargs):
        barrier.wait()
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, waiting)
    responses = [None] * len(requests)

    def run(index):
        with app.app_context():
            responses[index] = requests[index]()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


def _producers(login_as, count):
    first, user = login_as(Role.PRODUCER)
    return [first] + [login_as(user=user)[0] for _ in range(count - 1)]


@pytest.mark.parametrize("first_save", [False, True], ids=["existing step", "first save"])
def test_three_simultaneous_saves_of_a_step(app, db, monkeypatch, login_as, first_save):
    clients = _producers(login_as, 3)
    case_id = start_trademark(clients[0])
    if not first_save:
        assert post_step(clients[0], case_id, "applicant", APPLICANT, action="save").status_code == 302
    seen = "0" if first_save else "1"
    names = [f"Hợp tác xã Người thứ {n}" for n in range(3)]
    responses = simultaneously(app, monkeypatch, wizard_services, "_store_uploads", [
        (lambda client=client, name=name: post_step(client, case_id, "applicant",
                                                    {**APPLICANT, "name": name, "step_version": seen}, action="save"))
        for client, name in zip(clients, names)
    ])
    codes = sorted(response.status_code for response in responses)
    assert codes == [302, 409, 409]
    winner = next(i for i, response in enumerate(responses) if response.status_code == 302)
    for index, response in enumerate(responses):
        if index != winner:
            page = text_of(response)
            assert "Người khác đã lưu bước này" in page or "đã lưu bước này" in page
            assert names[index] in response.get_data(as_text=True)  # the loser's input is kept on the page
    stored = db.session.scalar(sa.select(CaseStep).where(CaseStep.case_id == case_id, CaseStep.name == "applicant"))
    assert stored.data["name"] == [names[winner]]
    assert stored.version == int(seen) + 1


def test_three_simultaneous_events_on_one_case(app, db, monkeypatch, freeze_today, login_as, make_organization,
                                               make_case):
    freeze_today(date(2026, 11, 25))
    case = make_case(make_organization())
    case.status = CaseStatus.APPROVED
    db.session.commit()
    clients = [login_as(Role.CONSULTANT)[0] for _ in range(3)]
    numbers = [f"4-2026-1234{n}" for n in range(3)]
    responses = simultaneously(app, monkeypatch, lifecycle, "_claim", [
        (lambda client=client, number=number: client.post(f"/cases/{case.id}/events", data={
            "version": "1", "event_note": "", "name": "file", "event_date": "01/10/2026",
            "application_number": number, "filing_channel": "online"}))
        for client, number in zip(clients, numbers)
    ])
    assert sorted(response.status_code for response in responses) == [302, 409, 409]
    winner = next(i for i, response in enumerate(responses) if response.status_code == 302)
    for index, response in enumerate(responses):
        if index != winner:
            assert numbers[index] in response.get_data(as_text=True)
    db.session.expire_all()
    stored = db.session.get(Case, case.id)
    assert stored.application_number == numbers[winner]
    assert stored.version == 2
    assert [event.transition for event in stored.events].count("file") == 1


def _three_edits(app, monkeypatch, clients, url, forms):
    """Post three edits opened at version 0 at once (each past loading and validation)."""
    return simultaneously(app, monkeypatch, locking, "claim", [
        (lambda client=client, form=form: client.post(url, data={**form, "version": "0"}))
        for client, form in zip(clients, forms)
    ])


def _one_wins(responses, names):
    """Exactly one 302; the others a 409 conflict page holding their own input. The winner's index."""
    assert sorted(response.status_code for response in responses) == [302, 409, 409]
    winner = next(i for i, response in enumerate(responses) if response.status_code == 302)
    for index, response in enumerate(responses):
        if index != winner:
            assert names[index] in response.get_data(as_text=True)
            assert "sau khi bạn mở" in text_of(response)
    return winner


def test_three_simultaneous_edits_of_an_organization(app, db, monkeypatch, login_as, make_organization):
    organization = make_organization()
    clients = [login_as(Role.OFFICE)[0] for _ in range(3)]
    names = [f"Hợp tác xã Sửa Đồng Thời {n}" for n in range(3)]
    forms = [{"name": name, "kind": "cooperative", "tax_code": organization.tax_code,
              "legal_representative": "Nguyễn Văn B", "province_code": "92", "ward_code": str(VI_THANH_WARD),
              "address_line": "Ấp 2", "org_phone": "", "org_email": ""} for name in names]
    responses = _three_edits(app, monkeypatch, clients, f"/organizations/{organization.id}/edit", forms)
    winner = _one_wins(responses, names)
    db.session.expire_all()
    stored = db.session.get(Organization, organization.id)
    assert (stored.name, stored.version) == (names[winner], 1)


def test_three_simultaneous_edits_of_a_product(app, db, monkeypatch, login_as, make_organization, make_product):
    organization = make_organization()
    product = make_product(organization)
    clients = [login_as(Role.OFFICE)[0] for _ in range(3)]
    names = [f"Khóm sấy đồng thời {n}" for n in range(3)]
    forms = [{"name": name, "organization_id": organization.id, "group": "food", "stars": "4",
              "ward_code": str(product.ward_code), "certificate_number": "", "certificate_issued_on": "",
              "certificate_expires_on": ""} for name in names]
    responses = _three_edits(app, monkeypatch, clients, f"/products/{product.id}/edit", forms)
    winner = _one_wins(responses, names)
    db.session.expire_all()
    stored = db.session.get(Product, product.id)
    assert (stored.name, stored.version) == (names[winner], 1)
    # the conflict page carries the current version: saving again, knowingly, goes through
    monkeypatch.undo()  # no more barrier
    again = clients[(winner + 1) % 3].post(f"/products/{product.id}/edit", data={**forms[0], "version": "1"})
    assert again.status_code == 302
