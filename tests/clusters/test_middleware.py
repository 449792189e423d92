import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_coordinator_without_totp_must_set_it_up(client, users):
    from tests.factories import PASSWORD

    with translation.override("ko"):
        dashboard = reverse("clusters:dashboard")
        activate = reverse("mfa_activate_totp")
        login = reverse("account_login")
    client.post(login, {"login": users["coordinator"].email, "password": PASSWORD})
    response = client.get(dashboard)
    assert response.status_code == 302
    assert response["Location"] == activate
    assert client.get(activate).status_code == 200  # the setup page itself is reachable
    assert client.get("/admin/").status_code == 302


def test_coordinator_with_totp_gets_in(client, users, totp):
    totp(users["coordinator"])
    client.force_login(users["coordinator"])
    with translation.override("ko"):
        assert client.get(reverse("clusters:dashboard")).status_code == 200
    assert client.get("/admin/").status_code == 200


def test_members_are_not_asked_for_totp(client, users):
    client.force_login(users["member"])
    with translation.override("ko"):
        assert client.get(reverse("clusters:dashboard")).status_code == 200
