"""Coordinators' glossary terms: validation, re-indexing after a change (both engines), and the
admin screens only coordinators reach."""

import pytest
from django.core.exceptions import ValidationError

from search.models import GlossaryTerm
from tests.factories import MemberProfileFactory, OrganisationFactory
from tests.search.test_services import found

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def hydrogen(site_tree, reindex):
    organisation = OrganisationFactory(name="(주)에이치투셀", name_en="H2 Cell", slug="h2")
    MemberProfileFactory(
        full_name="수소박사", organisation=organisation, expertise=["수소연료전지"]
    )
    MemberProfileFactory(
        full_name="Stack Kim", organisation=organisation, bio="Fuel cell stack design."
    )
    reindex()


def test_a_new_pair_reaches_documents_already_indexed_and_follows_edits_and_deletes(
    engine, hydrogen, django_capture_on_commit_callbacks
):
    assert found("hydrogen fuel cell") == set()
    with django_capture_on_commit_callbacks(execute=True):
        term = GlossaryTerm.objects.create(korean="수소연료전지", english="hydrogen fuel cell")
    assert found("hydrogen fuel cell") == {"수소박사"}
    assert found("수소연료") == {"수소박사"}

    with django_capture_on_commit_callbacks(execute=True):
        term.english = "fuel cell stack"
        term.save()
    assert found("hydrogen fuel cell") == set()
    # Both sides meet now: the Korean expert through the English term, and back.
    assert found("fuel cell stack") == {"수소박사", "Stack Kim"}
    assert found("수소연료전지") == {"수소박사", "Stack Kim"}

    with django_capture_on_commit_callbacks(execute=True):
        term.delete()
    assert found("수소연료전지") == {"수소박사"}
    assert found("fuel cell stack") == {"Stack Kim"}


def test_a_rebuild_uses_the_coordinators_pairs(engine, hydrogen, reindex):
    GlossaryTerm.objects.create(korean="수소연료전지", english="hydrogen fuel cell")
    reindex()
    assert found("hydrogen fuel cell") == {"수소박사"}


@pytest.mark.parametrize(
    ("ko_term", "en_term", "field", "message"),
    [
        ("!!!", "fuel cell", "korean", "punctuation alone"),
        ("수소", "---", "english", "punctuation alone"),
        ("IoT", "iot", "english", "the same"),
        ("탄소섬유", "Carbon Fibre", "english", "already in the built-in glossary"),
        ("", "fuel cell", "korean", "cannot be blank"),
    ],
)
def test_bad_pairs_are_refused_with_a_reason(english, ko_term, en_term, field, message):
    with pytest.raises(ValidationError) as raised:
        GlossaryTerm(korean=ko_term, english=en_term).full_clean()
    assert message in " ".join(raised.value.message_dict[field])


def test_the_same_pair_twice_is_refused():
    GlossaryTerm.objects.create(korean="수소", english="hydrogen")
    with pytest.raises(ValidationError):
        GlossaryTerm(korean="수소", english="hydrogen").full_clean()


ADMIN_LIST = "/admin/snippets/site_search/glossaryterm/"


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", False),
        ("visitor", False),
        ("member", False),
        ("reviewer", False),
        ("coordinator", True),
        ("other_coordinator", True),
    ],
)
def test_only_coordinators_reach_the_glossary_admin(users, login_as, role, allowed):
    client = login_as(users[role])
    response = client.get(ADMIN_LIST)
    if allowed:
        assert response.status_code == 200
        assert "검색 용어집" in response.content.decode()  # the admin speaks the default, Korean
    else:
        assert response.status_code == 302  # to the login page, or away from the admin
        assert GlossaryTerm.objects.count() == 0
        client.post(f"{ADMIN_LIST}add/", {"korean": "수소", "english": "hydrogen"})
        assert GlossaryTerm.objects.count() == 0


def test_a_coordinator_adds_a_pair_in_the_admin_and_bad_input_is_explained(
    users, login_as, hydrogen, django_capture_on_commit_callbacks
):
    client = login_as(users["coordinator"])
    refused = client.post(f"{ADMIN_LIST}add/", {"korean": "탄소섬유", "english": "carbon fibre"})
    assert refused.status_code == 200
    assert "이미 기본 용어집에 있는 짝입니다." in refused.content.decode()
    assert GlossaryTerm.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        added = client.post(
            f"{ADMIN_LIST}add/", {"korean": "수소연료전지", "english": "hydrogen fuel cell"}
        )
    assert added.status_code == 302
    assert str(GlossaryTerm.objects.get()) == "수소연료전지 ↔ hydrogen fuel cell"
    assert found("hydrogen fuel cell") == {"수소박사"}
    listing = client.get(ADMIN_LIST, {"q": "연료"}).content.decode()
    assert "수소연료전지" in listing


def test_the_glossary_admin_saves_through_the_service(users, login_as, monkeypatch):
    """The admin's add, edit and delete views call search.services, whose rule (coordinators)
    applies there as everywhere."""
    from django.core.exceptions import PermissionDenied

    from search import services

    with pytest.raises(PermissionDenied):
        services.add_glossary_term(actor=users["member"], korean="수소충전", english="refuelling")
    calls = []
    for name in ("add_glossary_term", "change_glossary_term", "delete_glossary_term"):
        original = getattr(services, name)

        def spy(*args, _original=original, _name=name, **kwargs):
            calls.append(_name)
            return _original(*args, **kwargs)

        monkeypatch.setattr(services, name, spy)
    coordinator = login_as(users["coordinator"])
    coordinator.post(f"{ADMIN_LIST}add/", {"korean": "수소충전", "english": "hydrogen refuelling"})
    term = GlossaryTerm.objects.get()
    coordinator.post(
        f"{ADMIN_LIST}edit/{term.pk}/", {"korean": "수소충전", "english": "h2 station"}
    )
    assert GlossaryTerm.objects.get().english == "h2 station"
    coordinator.post(f"{ADMIN_LIST}delete/{term.pk}/")
    assert not GlossaryTerm.objects.exists()
    assert calls == ["add_glossary_term", "change_glossary_term", "delete_glossary_term"]
