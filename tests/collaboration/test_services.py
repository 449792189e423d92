from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from collaboration import services
from collaboration.models import CollaborationRequest, ConversationMessage, InterestResponse
from notifications.models import Notification
from tests.mail import deliver_queued_mail

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

Status = CollaborationRequest.Status


def _pdf(name="spec.pdf"):
    upload = SimpleUploadedFile(name, b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF")
    upload.detected_content_type = "application/pdf"
    return upload


def test_create_request_as_draft_then_publish(users, site_tree):
    member = users["member"]
    item = services.create_request(
        actor=member,
        publish=False,
        kind="sourcing",
        title="탄소섬유 프리프레그 구매",
        description="월 500kg",
        visibility="clusters",
        tags=["프리프레그"],
        target_clusters=[site_tree["carbon"]],
        attachments=[_pdf()],
    )
    assert item.status == Status.DRAFT and item.published_at is None
    assert item.organisation == member.profile.organisation
    assert [tag.name for tag in item.tags.all()] == ["프리프레그"]
    assert item.attachments.get().content_type == "application/pdf"
    published = services.publish_request(item, actor=member)
    assert published.status == Status.OPEN and published.published_at is not None
    with pytest.raises(ValidationError):
        services.publish_request(published, actor=member)


def test_non_members_cannot_post(users):
    with pytest.raises(PermissionDenied):
        services.create_request(
            actor=users["visitor"], publish=True, kind="sourcing", title="x", description="y"
        )


def test_bad_input_saves_nothing(users, english):
    member = users["member"]
    with pytest.raises(ValidationError) as error:
        services.create_request(
            actor=member,
            publish=True,
            kind="sourcing",
            title="예산이 거꾸로",
            description="...",
            budget_min=5_000_000,
            budget_max=1_000_000,
            attachments=[_pdf()],
        )
    assert "budget" in str(error.value).lower()
    with pytest.raises(ValidationError, match="past"):
        services.create_request(
            actor=member,
            publish=True,
            kind="sourcing",
            title="기한 지남",
            description="...",
            deadline=timezone.localdate() - timedelta(days=1),
        )
    assert not CollaborationRequest.objects.exists()


def test_interest_accept_message_flow_notifies_each_side(users, make_request, english):
    member, other = users["member"], users["other_member"]
    item = make_request()
    response = services.express_interest(item, actor=other, message="저희 공장에서 가능합니다")
    assert Notification.objects.get(recipient=member).kind == Notification.Kind.INTEREST_RECEIVED
    with pytest.raises(ValidationError):
        services.express_interest(item, actor=other, message="again")
    with pytest.raises(PermissionDenied):
        services.post_message(response, actor=other, body="before acceptance")

    response = services.accept_response(response, actor=member)
    item.refresh_from_db()
    assert item.status == Status.IN_DISCUSSION
    accepted = Notification.objects.get(recipient=other)
    assert accepted.kind == Notification.Kind.RESPONSE_ACCEPTED
    assert "이서연" in accepted.message and item.title in accepted.message
    with pytest.raises(ValidationError):
        services.decline_response(response, actor=member)  # already answered

    services.post_message(response, actor=other, body="견적서 보내드립니다")
    services.post_message(response, actor=member, body="감사합니다")
    assert list(ConversationMessage.objects.values_list("body", flat=True)) == [
        "견적서 보내드립니다",
        "감사합니다",
    ]
    kinds = sorted(Notification.objects.values_list("recipient__username", "kind"))
    assert ("member", "message_received") in kinds and ("other_member", "message_received") in kinds

    services.mark_matched(item, actor=member)
    assert Notification.objects.filter(recipient=other, kind="request_matched").exists()


def test_emails_go_out_after_commit_in_the_recipients_language(
    users, make_request, django_capture_on_commit_callbacks
):
    member, other = users["member"], users["other_member"]
    member.profile.preferred_language = "en"
    member.profile.save()
    item = make_request(title="Carbon heater")
    with django_capture_on_commit_callbacks(execute=True):
        services.express_interest(item, actor=other, message="가능합니다")
    deliver_queued_mail()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [member.email]
    assert "is interested in your request" in email.body
    assert f"/en/collaboration/{item.pk}/" in email.body

    other.profile.preferred_language = "ko"
    other.profile.save()
    response = InterestResponse.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_response(response, actor=member)
    deliver_queued_mail()
    assert "거절" in mail.outbox[1].body
    assert f"/ko/collaboration/{item.pk}/" in mail.outbox[1].body


def test_declined_responder_gets_no_thread(users, make_request):
    item = make_request()
    response = services.express_interest(item, actor=users["other_member"], message="제안")
    services.decline_response(response, actor=users["member"])
    item.refresh_from_db()
    assert item.status == Status.OPEN
    with pytest.raises(PermissionDenied):
        services.post_message(response, actor=users["other_member"], body="why?")


def test_coordinator_closes_with_a_reason(users, make_request, english):
    item = make_request()
    with pytest.raises(ValidationError, match="reason"):
        services.close_request(item, actor=users["coordinator"], reason="  ")
    with pytest.raises(PermissionDenied):
        services.close_request(item, actor=users["other_coordinator"], reason="spam")
    closed = services.close_request(item, actor=users["coordinator"], reason="광고성 게시물")
    assert closed.status == Status.CLOSED and closed.moderation_reason == "광고성 게시물"
    notice = Notification.objects.get(recipient=users["member"])
    assert "광고성 게시물" in notice.message


def test_hide_and_unhide(users, make_request):
    item = make_request()
    with pytest.raises(PermissionDenied):
        services.hide_request(item, actor=users["member"], reason="x")
    hidden = services.hide_request(item, actor=users["coordinator"], reason="욕설")
    assert hidden.is_hidden and not hidden.is_accepting_responses
    with pytest.raises(PermissionDenied):
        services.express_interest(hidden, actor=users["other_member"], message="hi")
    assert not services.unhide_request(hidden, actor=users["coordinator"]).is_hidden


def test_update_request_replaces_tags_and_removes_attachments(users, make_request):
    item = make_request(tags=["old"])
    services.add_attachment(item, actor=users["member"], upload=_pdf("a.pdf"))
    first = item.attachments.get()
    updated = services.update_request(
        item,
        actor=users["colleague"],
        title="새 제목",
        tags=["new"],
        remove_attachments=[first.pk],
        attachments=[_pdf("b.pdf")],
    )
    assert updated.title == "새 제목"
    assert [tag.name for tag in updated.tags.all()] == ["new"]
    assert [attachment.name for attachment in updated.attachments.all()] == ["b.pdf"]
    with pytest.raises(PermissionDenied):
        services.update_request(item, actor=users["other_member"], title="hijack")


def test_expire_command_is_idempotent(users, make_request):
    today = timezone.localdate()
    overdue = make_request(deadline=today - timedelta(days=1))
    due_today = make_request(deadline=today)
    discussing = make_request(deadline=today - timedelta(days=3), status=Status.IN_DISCUSSION)
    call_command("expire_requests")
    call_command("expire_requests")
    overdue.refresh_from_db(), due_today.refresh_from_db(), discussing.refresh_from_db()
    assert overdue.status == Status.EXPIRED
    assert due_today.status == Status.OPEN
    assert discussing.status == Status.IN_DISCUSSION  # people are already talking
    assert Notification.objects.filter(kind="request_expired").count() == 1
