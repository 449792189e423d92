import pytest
from django.utils import timezone
from wagtail.test.utils import WagtailPageTestCase

from forums.models import ForumEditionPage, ForumIndexPage, Pitch
from home.models import HomePage

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_page_tree_rules():
    case = WagtailPageTestCase(methodName="run")
    case.assertCanCreateAt(HomePage, ForumIndexPage)
    case.assertCanCreateAt(ForumIndexPage, ForumEditionPage)
    case.assertCanNotCreateAt(HomePage, ForumEditionPage)


def test_pages_render_in_korean_and_english(client, edition, forum_index, locales, make_pitch):
    pitch = make_pitch(Pitch.Status.ACCEPTED, attendance_confirmed_at=timezone.now())
    index_html = client.get(forum_index.url).content.decode()
    assert edition.title in index_html and "발표 모집 중" in index_html
    html = client.get(edition.url).content.decode()
    assert "발표 모집" in html and "기술성" in html and "25%" in html  # the default rubric
    forum_index.copy_for_translation(locales["en"]).save_revision().publish()
    english = edition.copy_for_translation(locales["en"])
    english.title = "2026 New Business Venture Forum No. 4"
    english.save_revision().publish()
    english = ForumEditionPage.objects.get(pk=english.pk)
    html = client.get(english.url).content.decode()
    assert "Call for pitches" in html and "Technology" in html
    # The English page works on the Korean source's pitches and programme.
    assert english.source == edition
    assert pitch.edition == english.source


def test_editor_opens_for_the_admin(client, edition, admin_user, totp):
    totp(admin_user)
    client.force_login(admin_user)
    assert client.get(f"/admin/pages/{edition.pk}/edit/").status_code == 200
