import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from collaboration.models import (
    CollaborationRequest,
    ConversationMessage,
    InterestResponse,
    RequestAttachment,
)
from notifications.models import Notification
from tests.collaboration.test_forms import PDF
from tests.collaboration.test_permissions import ROLES
from tests.factories import CollaborationRequestFactory, MemberProfileFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

Status = CollaborationRequest.Status
LOGIN = "login"  # redirected to sign in


def url(name, *args):
    with translation.override("ko"):
        return reverse(name, args=args)


@pytest.fixture
def scene(grid_users, make_request):
    """An open "members" request by `member` with a pending response from `other_member`."""
    item = make_request(visibility="members", tags=["발열체"])
    response = InterestResponse.objects.create(
        request=item,
        responder=grid_users["other_member"],
        organisation=grid_users["other_member"].profile.organisation,
        message="저희가 할 수 있습니다",
    )
    return item, response


def outcome(response):
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    return response.status_code


# view → expected outcome per role (roles not listed get the default).
GET_GRID = {
    "list": ({}, 200),
    # Visitors who are not signed in are asked to sign in first (a link shared among members).
    "detail": (
        {"anonymous": LOGIN, "visitor": 404, "reviewer": 404, "other_coordinator": 404},
        200,
    ),
    "create": (
        {
            "anonymous": LOGIN,
            "member": 200,
            "colleague": 200,
            "cluster_peer": 200,
            "other_member": 200,
        },
        403,
    ),
    "edit": (
        {
            "anonymous": LOGIN,
            "visitor": 404,
            "reviewer": 404,
            "other_coordinator": 404,
            "member": 200,
            "colleague": 200,
        },
        403,
    ),
    "mine": ({"anonymous": LOGIN}, 200),
    "moderation": ({"anonymous": LOGIN, "coordinator": 200, "other_coordinator": 200}, 403),
}


@pytest.mark.parametrize("view", sorted(GET_GRID))
def test_get_permission_grid(grid_users, scene, login_as, view):
    item, _ = scene
    path = {
        "list": url("collaboration:list"),
        "detail": url("collaboration:detail", item.pk),
        "create": url("collaboration:create"),
        "edit": url("collaboration:edit", item.pk),
        "mine": url("collaboration:mine"),
        "moderation": url("collaboration:moderation"),
    }[view]
    overrides, default = GET_GRID[view]
    got = {role: outcome(login_as(grid_users[role]).get(path)) for role in ROLES}
    assert got == {role: overrides.get(role, default) for role in ROLES}


def _post_outcomes(grid_users, login_as, make_scene, post):
    """Each role acts on a fresh scene; returns role → (outcome, scene)."""
    results = {}
    for role in ROLES:
        current = make_scene()
        response = post(login_as(grid_users[role]), *current)
        results[role] = (outcome(response), current)
    return results


@pytest.fixture
def fresh_scene(grid_users, make_request):
    def make():
        item = make_request(visibility="members")
        response = InterestResponse.objects.create(
            request=item,
            responder=grid_users["other_member"],
            organisation=grid_users["other_member"].profile.organisation,
            message="제안합니다",
        )
        return item, response

    return make


def test_interest_grid(grid_users, fresh_scene, login_as):
    results = _post_outcomes(
        grid_users,
        login_as,
        fresh_scene,
        lambda client, item, _: client.post(
            url("collaboration:interest", item.pk), {"message": "함께 하고 싶습니다"}
        ),
    )
    expected = {
        "anonymous": LOGIN,
        "visitor": 404,
        "member": 403,
        "colleague": 403,
        "cluster_peer": 302,
        "other_member": 302,  # already responded: told so, nothing added
        "reviewer": 404,
        "coordinator": 403,
        "other_coordinator": 404,
    }
    assert {role: result[0] for role, result in results.items()} == expected
    peer_item = results["cluster_peer"][1][0]
    assert peer_item.responses.filter(responder=grid_users["cluster_peer"]).exists()
    assert results["other_member"][1][0].responses.count() == 1


def test_decide_grid(grid_users, fresh_scene, login_as):
    results = _post_outcomes(
        grid_users,
        login_as,
        fresh_scene,
        lambda client, _, response: client.post(
            url("collaboration:decide", response.pk), {"decision": "accept"}
        ),
    )
    allowed = {"member", "colleague"}
    for role, (got, (_, response)) in results.items():
        response.refresh_from_db()
        assert got == (302 if role in allowed else LOGIN if role == "anonymous" else 403), role
        assert response.is_accepted is (role in allowed), role


def test_message_grid(grid_users, fresh_scene, login_as):
    def accepted_scene():
        item, response = fresh_scene()
        InterestResponse.objects.filter(pk=response.pk).update(status="accepted")
        CollaborationRequest.objects.filter(pk=item.pk).update(status=Status.IN_DISCUSSION)
        return item, response

    results = _post_outcomes(
        grid_users,
        login_as,
        accepted_scene,
        lambda client, _, response: client.post(
            url("collaboration:message", response.pk), {"body": "안녕하세요"}
        ),
    )
    allowed = {"member", "colleague", "other_member"}
    for role, (got, (_, response)) in results.items():
        assert got == (302 if role in allowed else LOGIN if role == "anonymous" else 403), role
        assert response.messages.exists() is (role in allowed), role


def test_close_and_hide_grid(grid_users, fresh_scene, login_as):
    closes = _post_outcomes(
        grid_users,
        login_as,
        fresh_scene,
        lambda client, item, _: client.post(
            url("collaboration:close", item.pk), {"reason": "중복 게시"}
        ),
    )
    hides = _post_outcomes(
        grid_users,
        login_as,
        fresh_scene,
        lambda client, item, _: client.post(url("collaboration:hide", item.pk), {"reason": "광고"}),
    )
    invisible = {"visitor": 404, "reviewer": 404, "other_coordinator": 404, "anonymous": LOGIN}
    for role in ROLES:
        closer = role in {"member", "colleague", "coordinator"}
        item = closes[role][1][0]
        item.refresh_from_db()
        assert closes[role][0] == (302 if closer else invisible.get(role, 403)), role
        assert (item.status == Status.CLOSED) is closer, role
        hidden = hides[role][1][0]
        hidden.refresh_from_db()
        assert hides[role][0] == (302 if role == "coordinator" else invisible.get(role, 403)), role
        assert hidden.is_hidden is (role == "coordinator"), role


def test_moderator_close_without_reason_changes_nothing(grid_users, scene, login_as):
    item, _ = scene
    client = login_as(grid_users["coordinator"])
    response = client.post(url("collaboration:close", item.pk), {"reason": ""}, follow=True)
    item.refresh_from_db()
    assert item.status == Status.OPEN
    assert "사유를 적어 주세요" in response.content.decode()


def test_create_with_attachment_then_respond_and_talk(grid_users, login_as, site_tree):
    client = login_as(grid_users["member"])
    response = client.post(
        url("collaboration:create"),
        {
            "kind": "joint_rnd",
            "title": "탄소 발열 매트 공동개발",
            "description": "시제품 10종",
            "tags": "발열체, 탄소섬유",
            "target_clusters": [site_tree["carbon"].pk],
            "visibility": "members",
            "attachments": [SimpleUploadedFile("spec.pdf", PDF)],
        },
    )
    item = CollaborationRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == url(
        "collaboration:detail", item.pk
    )
    assert item.status == Status.OPEN
    attachment = item.attachments.get()
    download = client.get(attachment.get_absolute_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    # Attachments live on the private storage, never under MEDIA_URL.
    from django.conf import settings

    assert not attachment.file.path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018 - private files have no public URL

    peer = login_as(grid_users["cluster_peer"])
    peer.post(url("collaboration:interest", item.pk), {"message": "저희가 적임자입니다"})
    interest = InterestResponse.objects.get()
    client = login_as(grid_users["member"])
    client.post(url("collaboration:decide", interest.pk), {"decision": "accept"})
    client.post(url("collaboration:message", interest.pk), {"body": "회의 일정 잡으시죠"})
    page = login_as(grid_users["cluster_peer"]).get(url("collaboration:detail", item.pk))
    assert "회의 일정 잡으시죠" in page.content.decode()
    assert list(
        Notification.objects.filter(recipient=grid_users["cluster_peer"]).values_list(
            "kind", flat=True
        )
    ) == ["message_received", "response_accepted"]


def test_bad_attachment_saves_nothing(grid_users, login_as):
    client = login_as(grid_users["member"])
    response = client.post(
        url("collaboration:create"),
        {
            "kind": "sourcing",
            "title": "금형 외주",
            "description": "사출 금형",
            "visibility": "members",
            "attachments": [
                SimpleUploadedFile("ok.pdf", PDF),
                SimpleUploadedFile("invoice.pdf", b"MZ\x90\x00" + b"\x00" * 64),
            ],
        },
    )
    assert response.status_code == 200
    assert "“invoice.pdf” 파일은 PDF" in response.content.decode()
    assert not CollaborationRequest.objects.exists()
    assert not RequestAttachment.objects.exists()


def test_draft_is_private_until_published(grid_users, login_as):
    client = login_as(grid_users["member"])
    client.post(
        url("collaboration:create"),
        {
            "kind": "investment",
            "title": "시드 투자 유치",
            "description": "3억",
            "visibility": "public",
            "action": "draft",
        },
    )
    item = CollaborationRequest.objects.get()
    assert item.status == Status.DRAFT
    # Not signed in: asked to sign in (the author may be signed out); then still a 404.
    response = login_as(None).get(item.get_absolute_url())
    assert outcome(response) == LOGIN
    assert response["Location"].endswith(f"?next={item.get_absolute_url()}")
    login_as(grid_users["member"]).post(url("collaboration:publish", item.pk))
    assert login_as(None).get(item.get_absolute_url()).status_code == 200


def test_list_filters(grid_users, make_request, login_as, site_tree):
    make_request(title="금형 외주 요청", kind="subcontracting", tags=["금형"])
    make_request(title="탄소 공동연구 요청", kind="joint_rnd", tags=["탄소섬유"])
    client = login_as(grid_users["other_member"])

    def titles(**params):
        html = client.get(url("collaboration:list"), params).content.decode()
        return {title for title in ("금형 외주 요청", "탄소 공동연구 요청") if title in html}

    assert titles() == {"금형 외주 요청", "탄소 공동연구 요청"}
    assert titles(kind="subcontracting") == {"금형 외주 요청"}
    assert titles(tag="탄소섬유") == {"탄소 공동연구 요청"}
    assert titles(q="금형") == {"금형 외주 요청"}
    assert titles(cluster=site_tree["printing"].translation_key) == set()
    assert titles(status="closed") == set()


def _many_requests(grid_users, site_tree, count):
    for index in range(count):
        author = MemberProfileFactory(organisation=grid_users["cluster_peer"].profile.organisation)
        CollaborationRequestFactory(
            author=author.user,
            tags=["발열체", f"tag{index}"],
            target_clusters=[site_tree["carbon"], site_tree["printing"]],
        )


@pytest.mark.parametrize(
    ("view", "role"),
    [
        ("collaboration:list", "other_member"),
        ("collaboration:list", "anonymous"),
        ("collaboration:mine", "member"),
        ("collaboration:moderation", "coordinator"),
        ("clusters:dashboard", "member"),
    ],
)
def test_list_views_query_count_does_not_grow(grid_users, site_tree, login_as, view, role):
    user = grid_users[role]
    client = login_as(user)
    path = url(view)

    def count_queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(path).status_code == 200
        return len(context.captured_queries)

    _many_requests(grid_users, site_tree, 2)
    if role == "member":
        # "mine" shows responses too; the dashboard shows "for you" from expertise.
        for item in CollaborationRequest.objects.all():
            InterestResponse.objects.create(
                request=item,
                responder=user,
                organisation=user.profile.organisation,
                message="관심",
            )
            ConversationMessage.objects.create(
                response=item.responses.get(responder=user), author=user, body="메시지"
            )
    few = count_queries()
    _many_requests(grid_users, site_tree, 12)
    if role == "member":
        for item in CollaborationRequest.objects.exclude(responses__responder=user):
            InterestResponse.objects.create(
                request=item,
                responder=user,
                organisation=user.profile.organisation,
                message="관심",
            )
    assert count_queries() <= few


def test_attachment_stored_and_offered_under_names_of_its_real_type(grid_users, login_as):
    client = login_as(grid_users["member"])
    client.post(
        url("collaboration:create"),
        {
            "kind": "joint_rnd",
            "title": "시험성적서 공유",
            "description": "첨부 참고",
            "visibility": "members",
            "attachments": [SimpleUploadedFile("성적서.pdf.exe", PDF)],
        },
    )
    attachment = CollaborationRequest.objects.get().attachments.get()
    assert attachment.file.name.endswith(".pdf") and "성적서" not in attachment.file.name
    download = client.get(attachment.get_absolute_url())
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    disposition = download["Content-Disposition"]
    assert ".exe" not in disposition and "pdf" in disposition


def test_pages_never_fall_back_to_the_login_email(grid_users, login_as):
    from django.contrib.auth import get_user_model

    from tests.factories import CollaborationRequestFactory

    author = grid_users["member"]
    author.profile.full_name = ""
    author.profile.contact_visibility = "private"
    author.profile.save()
    item = CollaborationRequestFactory(author=author, visibility="members")
    page = login_as(grid_users["cluster_peer"]).get(url("collaboration:detail", item.pk))
    text = page.content.decode()
    assert page.status_code == 200
    assert author.email not in text
    assert "ClusterHub 회원" in text
    assert get_user_model().objects.filter(pk=author.pk).exists()
