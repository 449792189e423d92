"""Personal tokens: made and revoked on the dashboard, shown once, only the owner's."""

import pytest
from django.urls import reverse

from clusters import services
from clusters.models import PersonalToken

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("clusters:personal_tokens"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_member_makes_a_token_sees_it_once_and_it_authenticates(users, client_for):
    client = client_for(users["member"])
    made = client.post(reverse("clusters:personal_tokens"), {"name": "모바일 앱"})
    assert made.status_code == 200
    secret = made.context["created"]["secret"]
    assert secret.startswith("chp_") and secret in made.content.decode()
    token = PersonalToken.objects.get(user=users["member"])
    assert token.digest != secret and secret not in token.prefix + token.digest
    assert services.authenticate_token(secret) == users["member"]
    again = client.get(reverse("clusters:personal_tokens")).content.decode()
    assert secret not in again  # shown once
    assert "모바일 앱" in again and token.prefix in again


def test_a_token_needs_a_name(users, client_for):
    response = client_for(users["member"]).post(reverse("clusters:personal_tokens"), {"name": " "})
    assert response.status_code == 400
    assert not PersonalToken.objects.exists()


def test_revoking_ends_the_token_and_only_its_owner_may(users, client_for):
    token, secret = services.create_token(actor=users["member"], name="script")
    url = reverse("clusters:revoke_personal_token", args=[token.pk])
    assert client_for(users["other_member"]).post(url).status_code == 404
    assert services.authenticate_token(secret) == users["member"]
    response = client_for(users["member"]).post(url)
    assert response.status_code == 302
    assert services.authenticate_token(secret) is None
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_at_most_ten_active_tokens(users):
    for number in range(services.MAX_ACTIVE_TOKENS):
        services.create_token(actor=users["member"], name=f"t{number}")
    with pytest.raises(services.ValidationError):
        services.create_token(actor=users["member"], name="one too many")


def test_an_inactive_users_token_does_not_authenticate(users):
    _token, secret = services.create_token(actor=users["member"], name="t")
    users["member"].is_active = False
    users["member"].save()
    assert services.authenticate_token(secret) is None
