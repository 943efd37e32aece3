"""Every view's allowed and refused roles, and producers' isolation from each other."""
from __future__ import annotations

import pytest

from app.models import Role

P, C, O, A = Role.PRODUCER, Role.CONSULTANT, Role.OFFICE, Role.ADMIN
ALL = (P, C, O, A)

# (url template, roles that get 200); every other role gets 403.
# {own_org} is the producer's own organization, {other_org} another one.
GET_MATRIX = [
    ("/", ALL),
    ("/auth/password", ALL),
    ("/cases/", ALL),
    ("/deadlines/", ALL),
    ("/organizations/", (C, O, A)),
    ("/organizations/{other_org}", (C, O, A)),
    ("/organizations/{other_org}/edit", (O, A)),
    ("/cases/{other_case}", (C, O, A)),
    ("/admin/users", (A,)),
    ("/admin/users/new", (A,)),
    ("/admin/users/{other_user}", (A,)),
]


@pytest.fixture
def world(make_organization, make_user, make_case):
    """Two producers of unrelated organizations, each with a case."""
    mine = make_organization(name="Hợp tác xã Của Tôi")
    other = make_organization(name="Hộ kinh doanh Người Khác")
    other_user = make_user(Role.PRODUCER, organization=other)
    return {
        "mine": mine,
        "other": other,
        "own_org": mine.id,
        "other_org": other.id,
        "own_case": make_case(mine).id,
        "other_case": make_case(other).id,
        "other_user": other_user.id,
    }


@pytest.mark.parametrize("url,allowed", GET_MATRIX)
@pytest.mark.parametrize("role", ALL, ids=[r.value for r in ALL])
def test_get_matrix(login_as, world, url, allowed, role):
    client, _ = login_as(role, organization=world["mine"] if role == P else None)
    response = client.get(url.format(**world))
    if role in allowed:
        expected = 200
    elif role == P and url.startswith(("/organizations/{other", "/cases/{other")):
        expected = 404  # another organization's objects do not exist for a producer
    else:
        expected = 403
    assert response.status_code == expected


@pytest.mark.parametrize("url", ["/organizations/{own_org}", "/organizations/{own_org}/edit", "/cases/{own_case}"])
def test_producer_sees_its_own(login_as, world, url):
    client, _ = login_as(P, organization=world["mine"])
    assert client.get(url.format(**world)).status_code == 200


@pytest.mark.parametrize(
    "url", ["/organizations/{other_org}", "/organizations/{other_org}/edit", "/cases/{other_case}"]
)
def test_producer_never_sees_another_organization(login_as, world, url):
    client, _ = login_as(P, organization=world["mine"])
    response = client.get(url.format(**world))
    assert response.status_code == 404
    assert "Người Khác" not in response.get_data(as_text=True)


def test_producer_home_lists_only_its_own_cases(login_as, world, make_case):
    make_case(world["other"], title="Nhãn hiệu bí mật của người khác")
    make_case(world["mine"], title="Nhãn hiệu của tôi")
    client, _ = login_as(P, organization=world["mine"])
    html = client.get("/").get_data(as_text=True)
    assert "Nhãn hiệu của tôi" in html
    assert "bí mật của người khác" not in html


@pytest.mark.parametrize("url", ["/", "/organizations/", "/admin/users", "/auth/password", "/cases/1"])
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize("role,status", [(P, 403), (C, 302), (O, 302), (A, 302)])
def test_verify_organization_roles(login_as, make_organization, role, status):
    target = make_organization(name="Tổ hợp tác chờ duyệt")
    client, _ = login_as(role)
    assert client.post(f"/organizations/{target.id}/verify").status_code == status


@pytest.mark.parametrize("role,status", [(P, 403), (C, 403), (O, 403), (A, 200)])
def test_reset_password_roles(login_as, make_user, role, status):
    target = make_user(Role.OFFICE)
    client, _ = login_as(role)
    assert client.post(f"/admin/users/{target.id}/reset-password").status_code == status
