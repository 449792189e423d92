from datetime import timedelta

import pytest
from django.utils import timezone

from clusters.models import ClusterRole
from clusters.services import assign_role
from forums.models import ForumEditionPage, ForumIndexPage, Pitch
from tests.factories import MemberProfileFactory, UserFactory

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def make_edition(index, site_tree, *, slug, call_open=True, **fields):
    now = timezone.now()
    values = {
        "title": f"2026 제{slug}회 신사업벤처포럼",
        "slug": slug,
        "forum_date": now + timedelta(days=40),
        "venue": "대경권본부 대회의실",
        "call_opens_at": now - timedelta(days=10),
        "call_closes_at": now + timedelta(days=10) if call_open else now - timedelta(hours=1),
    }
    values.update(fields)
    edition = ForumEditionPage(**values)
    index.add_child(instance=edition)
    edition.host_clusters.set([site_tree["carbon"]])
    edition.save_revision().publish()
    return ForumEditionPage.objects.get(pk=edition.pk)


@pytest.fixture
def forum_index(site_tree):
    index = ForumIndexPage(title="신사업벤처포럼", slug="forum")
    site_tree["home"].add_child(instance=index)
    index.save_revision().publish()
    return ForumIndexPage.objects.get(pk=index.pk)


@pytest.fixture
def edition(forum_index, site_tree):
    return make_edition(forum_index, site_tree, slug="4")


@pytest.fixture
def reviewers(users, other_organisation):
    """`reviewer` (no organisation) plus one reviewer who works at `other_organisation`."""
    insider = MemberProfileFactory(
        user=UserFactory(username="insider_reviewer"),
        organisation=other_organisation,
        full_name="정우성",
        expertise=["3D프린팅"],
    ).user
    assign_role(actor=None, user=insider, kind=ClusterRole.Kind.REVIEWER)
    users["reviewer"].profile.expertise.set(["발열체"])
    return {"reviewer": users["reviewer"], "insider": insider}


@pytest.fixture
def make_pitch(users, edition):
    """A pitch by `member`'s organisation (carbon cluster), with a deck, submitted."""

    def make(status=Pitch.Status.SUBMITTED, *, by=None, on=None, **fields):
        from django.core.files.base import ContentFile

        author = by or users["member"]
        pitch = Pitch.objects.create(
            edition=on or edition,
            organisation=author.profile.organisation,
            submitter=author,
            title=fields.pop("title", "탄소섬유 면상 발열체"),
            item="가구용 발열체",
            market_outlook="연 8% 성장",
            business_plan="3년 내 수출",
            stage="prototype",
            status=status,
            submitted_at=timezone.now() if status != Pitch.Status.DRAFT else None,
            **fields,
        )
        pitch.deck.save("deck.pdf", ContentFile(PDF), save=False)
        pitch.deck_name, pitch.deck_size, pitch.deck_content_type = (
            "deck.pdf",
            len(PDF),
            "application/pdf",
        )
        pitch.save()
        pitch.tags.set(["발열체", "탄소섬유"])
        return pitch

    return make
