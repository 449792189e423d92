"""Who sees which request, in every state and visibility, through every door: the predicate,
its SQL twin, the detail page, the list, attachments and the "for you" feed."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.urls import reverse

from collaboration import permissions, queries
from collaboration.models import CollaborationRequest, InterestResponse, RequestAttachment

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

Status = CollaborationRequest.Status
ROLES = [
    "anonymous",
    "visitor",
    "member",  # the author, admin of the requesting organisation (carbon cluster)
    "colleague",  # same organisation
    "cluster_peer",  # another organisation in the carbon cluster
    "other_member",  # a member in the 3D printing cluster only
    "reviewer",
    "coordinator",  # of the carbon cluster
    "other_coordinator",  # of the 3D printing cluster
]
# Who may see a published, visible request of each visibility.
SEES_PUBLISHED = {
    "public": set(ROLES),
    "members": {"member", "colleague", "cluster_peer", "other_member", "coordinator"},
    "clusters": {"member", "colleague", "cluster_peer", "coordinator"},
}
SEES_HIDDEN = {"member", "colleague", "coordinator"}
SEES_DRAFT = {"member"}
STATES = ["draft", "open", "in_discussion", "matched", "closed", "expired", "hidden"]


def expected_visible(role, state, visibility):
    if state == "draft":
        return role in SEES_DRAFT
    if state == "hidden":
        return role in SEES_HIDDEN
    return role in SEES_PUBLISHED[visibility]


@pytest.fixture
def request_grid(make_request):
    grid = {}
    for state in STATES:
        for visibility in SEES_PUBLISHED:
            extra = {"published_at": None} if state == "draft" else {}
            item = make_request(
                title=f"grid-{state}-{visibility}",
                status=Status.OPEN if state == "hidden" else state,
                visibility=visibility,
                is_hidden=state == "hidden",
                tags=["발열체"],
                **extra,
            )
            item.attachment = RequestAttachment.objects.create(
                request=item,
                file=ContentFile(b"%PDF-1.4 grid", name="spec.pdf"),
                name="spec.pdf",
                content_type="application/pdf",
                size=13,
            )
            grid[(state, visibility)] = item
    return grid


@pytest.mark.parametrize("role", ROLES)
def test_visibility_grid(grid_users, request_grid, login_as, role):
    user = grid_users[role]
    as_user = user or AnonymousUser()
    client = login_as(user)
    visible_ids = set(queries.visible_requests(as_user).values_list("pk", flat=True))
    listed = {
        status: client.get(reverse("collaboration:list"), {"status": status}).content.decode()
        for status in ("open", "in_discussion", "matched", "closed", "expired")
    }
    default_list = client.get(reverse("collaboration:list")).content.decode()
    mismatches = []
    for (state, visibility), item in request_grid.items():
        expected = expected_visible(role, state, visibility)
        seen = {
            "predicate": permissions.can_view_request(as_user, item),
            "queryset": item.pk in visible_ids,
            "detail": client.get(item.get_absolute_url()).status_code == 200,
            "attachment": client.get(item.attachment.get_absolute_url()).status_code == 200,
        }
        if state not in ("draft", "hidden"):
            seen["list"] = item.title in listed[state]
        elif state == "hidden" and role not in SEES_HIDDEN:
            seen["list"] = item.title in listed["open"]
        if state == "draft" or not expected:
            # Never listed to anyone who may not see it; drafts are never listed at all.
            assert item.title not in default_list, (role, state, visibility)
        for door, value in seen.items():
            if value != expected:
                mismatches.append((state, visibility, door, value))
    assert mismatches == []


def test_coordinators_find_hidden_requests_on_the_moderation_page(
    grid_users, request_grid, login_as
):
    hidden = request_grid[("hidden", "public")]
    client = login_as(grid_users["coordinator"])
    assert client.get(hidden.get_absolute_url()).status_code == 200
    assert hidden.title in client.get(reverse("collaboration:moderation")).content.decode()


@pytest.mark.parametrize(
    ("role", "recommended"),
    [
        ("cluster_peer", True),
        ("other_member", False),  # the request is for the carbon cluster's members only
        ("colleague", False),  # never your own organisation's requests
    ],
)
def test_for_you_feed_respects_visibility(grid_users, make_request, role, recommended):
    user = grid_users[role]
    user.profile.expertise.set(["발열체"])
    item = make_request(visibility="clusters", tags=["발열체"])
    found = [entry.pk for entry in queries.requests_for_you(user)]
    assert (item.pk in found) is recommended


# What each role may do to an open "members" request by `member` that has one pending response
# from `other_member`: (predicate, expected).
ACTION_GRID = {
    "edit": {"member", "colleague"},
    "respond": {"cluster_peer", "other_member"},
    "decide": {"member", "colleague"},
    "close": {"member", "colleague", "coordinator"},
    "hide": {"coordinator"},
    "see_recommendations": {"member", "colleague", "coordinator"},
}


@pytest.mark.parametrize("action", sorted(ACTION_GRID))
def test_action_predicates(grid_users, make_request, action):
    item = make_request(visibility="members")
    response = InterestResponse.objects.create(
        request=item,
        responder=grid_users["other_member"],
        organisation=grid_users["other_member"].profile.organisation,
        message="저희가 할 수 있습니다",
    )
    check = {
        "edit": lambda user: permissions.can_edit_request(user, item),
        "respond": lambda user: permissions.can_respond(user, item),
        "decide": lambda user: permissions.can_decide_response(user, response),
        "close": lambda user: permissions.can_close_request(user, item),
        "hide": lambda user: permissions.can_hide_request(user, item),
        "see_recommendations": lambda user: permissions.can_see_recommendations(user, item),
    }[action]
    allowed = {role for role in ROLES if check(grid_users[role] or AnonymousUser())}
    assert allowed == ACTION_GRID[action]


@pytest.mark.parametrize(
    ("state", "editable", "respondable", "closable"),
    [
        ("draft", True, False, False),
        ("open", True, True, True),
        ("in_discussion", True, True, True),
        ("matched", False, False, True),
        ("closed", False, False, False),
        ("expired", False, False, False),
    ],
)
def test_state_limits_actions(grid_users, make_request, state, editable, respondable, closable):
    item = make_request(status=state)
    assert permissions.can_edit_request(grid_users["member"], item) is editable
    assert permissions.can_respond(grid_users["cluster_peer"], item) is respondable
    assert permissions.can_close_request(grid_users["member"], item) is closable


def test_thread_is_private_to_the_two_sides_and_moderators(grid_users, make_request):
    item = make_request(visibility="public")
    response = InterestResponse.objects.create(
        request=item,
        responder=grid_users["other_member"],
        organisation=grid_users["other_member"].profile.organisation,
        message="협업 제안",
        status=InterestResponse.Status.ACCEPTED,
    )
    readers = {
        role
        for role in ROLES
        if permissions.can_view_thread(grid_users[role] or AnonymousUser(), response)
    }
    writers = {
        role
        for role in ROLES
        if permissions.can_post_message(grid_users[role] or AnonymousUser(), response)
    }
    assert readers == {"member", "colleague", "other_member", "coordinator"}
    assert writers == {"member", "colleague", "other_member"}
