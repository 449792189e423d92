import pytest
from django.test import Client

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_healthz(client):
    response = client.get("/healthz")
    assert response.json() == {"status": "ok"}


@pytest.mark.parametrize(
    ("language", "text"), [("ko", "페이지를 찾을 수 없습니다"), ("en", "Page not found")]
)
def test_styled_404_in_users_language(client, site_tree, language, text):
    response = client.get(f"/{language}/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert text in html and "site.css" in html


def test_styled_403(client, users):
    client.force_login(users["other_member"])
    response = client.get(f"/en/directory/people/{users['member'].profile.pk}/edit/")
    assert response.status_code == 403
    assert "Access denied" in response.content.decode()


def test_500_page_needs_nothing_but_the_template(site_tree, settings):
    from django.urls import path

    from home import views

    def boom(request):
        raise RuntimeError("boom")

    settings.ROOT_URLCONF = type(
        "urls", (), {"urlpatterns": [path("boom/", boom)], "handler500": "home.views.server_error"}
    )
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert views.server_error  # the handler under test


def test_root_redirects_to_preferred_language(client, site_tree):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en").headers["Location"] == "/en/"
    assert client.get("/").headers["Location"] == "/ko/"
