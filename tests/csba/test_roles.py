"""Every console page requires its role."""

import pytest

from tests.factories import UserFactory, agent_user, operator_user, seller_with_user

PAGES = {"/agent/": "agents", "/seller/": "sellers", "/seller/cases/": "sellers", "/seller/billing/": "sellers"}


@pytest.mark.django_db
@pytest.mark.parametrize("url", sorted(PAGES))
def test_anonymous_users_are_sent_to_the_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("url,role", sorted(PAGES.items()))
def test_a_user_with_the_role_gets_the_page_and_others_get_403(client, url, role):
    # given one user per role
    users = {"agents": agent_user(), "sellers": seller_with_user().user, "operators": operator_user()}
    for name, user in users.items():
        client.force_login(user)
        # when
        response = client.get(url)
        # then
        expected = 200 if name == role else 403
        assert response.status_code == expected, (url, name, response.status_code)


@pytest.mark.django_db
def test_the_admin_requires_staff(client):
    client.force_login(UserFactory(username="plain"))
    assert client.get("/admin/").status_code == 302
    client.force_login(operator_user())
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_landing_page_links_to_every_console(client):
    body = client.get("/").content.decode()
    for href in ("/agent/", "/seller/", "/admin/", "/api/docs/"):
        assert f'href="{href}"' in body


@pytest.mark.django_db
def test_login_and_logout_work(client):
    agent_user("carol")
    response = client.post("/accounts/login/", {"username": "carol", "password": "pw-123456"})
    assert response.status_code == 302
    assert client.get("/agent/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/agent/").status_code == 302
