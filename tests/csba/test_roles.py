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


@pytest.mark.django_db
@pytest.mark.parametrize(
    "make_user,landing",
    [
        (lambda: agent_user("ann"), "/agent/"),
        (lambda: seller_with_user("ann").user, "/seller/"),
        (lambda: operator_user("ann"), "/admin/"),
        (lambda: UserFactory(username="ann"), "/"),
    ],
)
def test_each_role_lands_on_its_own_console_after_login(client, make_user, landing):
    make_user()
    # when the login form is sent without a next page
    response = client.post("/accounts/login/", {"username": "ann", "password": "pw-123456"}, follow=True)
    # then
    assert response.redirect_chain[-1][0] == landing
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_next_page_wins_over_the_landing(client):
    seller_with_user("ann")
    response = client.post("/accounts/login/", {"username": "ann", "password": "pw-123456", "next": "/seller/cases/"})
    assert response["Location"] == "/seller/cases/"


@pytest.mark.django_db
def test_a_seller_on_an_agent_page_gets_a_styled_403_with_a_way_back(client):
    client.force_login(seller_with_user("ann").user)
    # when
    response = client.get("/agent/")
    # then
    page = response.content.decode()
    assert response.status_code == 403
    assert 'class="topbar"' in page and "You cannot open this page" in page
    assert "This page is for customer-service agents." in page
    assert 'href="/seller/">Go to your Seller portal</a>' in page


@pytest.mark.django_db
def test_the_403_page_speaks_the_users_language(client):
    client.force_login(seller_with_user("anna", preferred_language="de").user)
    page = client.get("/agent/").content.decode()
    assert "Sie können diese Seite nicht öffnen" in page
    assert "Diese Seite ist für Kundenservice-Agenten." in page
    assert "Zu Ihrer Seite: Verkäuferportal" in page
    assert "You cannot open this page" not in page


@pytest.mark.django_db
def test_an_unknown_page_gets_the_styled_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "This page does not exist" in response.content.decode()
