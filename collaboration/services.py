"""Every state change of collaboration requests, responses and threads goes through here.

Each function checks its permission predicate, runs in one transaction and queues its
notifications (in-app and email, in the recipient's language) for after the commit."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters.models import person_name
from collaboration import permissions
from collaboration.models import (
    CollaborationRequest,
    ConversationMessage,
    InterestResponse,
    RequestAttachment,
)
from notifications.models import Notification
from notifications.services import notify, notify_many

Status = CollaborationRequest.Status
REQUEST_FIELDS = (
    "kind",
    "title",
    "description",
    "budget_min",
    "budget_max",
    "deadline",
    "visibility",
)


def _actor_name(user):
    return person_name(user)


def _request_params(collaboration_request, actor=None, **extra):
    params = {"title": collaboration_request.title}
    if actor is not None:
        params["actor"] = _actor_name(actor)
    params.update(extra)
    return params


def _check_deadline(deadline, today=None):
    if deadline and deadline < (today or timezone.localdate()):
        raise ValidationError({"deadline": _("The deadline cannot be in the past.")})


def _locked(collaboration_request):
    """Re-read the request under a row lock so two decisions cannot interleave."""
    return CollaborationRequest.objects.select_for_update().get(pk=collaboration_request.pk)


def create_request(
    *, actor, publish, tags=(), target_clusters=(), attachments=(), now=None, **fields
):
    """A new request, a draft or published. `now` is the service's clock (an import of past
    requests gives the time they were made)."""
    now = now or timezone.now()
    if not permissions.can_create_request(actor):
        raise PermissionDenied
    unknown = set(fields) - set(REQUEST_FIELDS)
    if unknown:
        raise ValueError(f"Not request fields: {sorted(unknown)}")
    _check_deadline(fields.get("deadline"), today=timezone.localdate(now))
    with transaction.atomic():
        collaboration_request = CollaborationRequest(
            author=actor,
            organisation_id=permissions.member_organisation_id(actor),
            status=Status.OPEN if publish else Status.DRAFT,
            published_at=now if publish else None,
            **fields,
        )
        collaboration_request.full_clean(exclude=["tags"])
        collaboration_request.save()
        collaboration_request.tags.set(list(tags))
        collaboration_request.target_clusters.set(list(target_clusters))
        for upload in attachments:
            add_attachment(collaboration_request, actor=actor, upload=upload)
    return collaboration_request


def update_request(
    collaboration_request,
    *,
    actor,
    tags=(),
    target_clusters=(),
    attachments=(),
    remove_attachments=(),
    **fields,
):
    if not permissions.can_edit_request(actor, collaboration_request):
        raise PermissionDenied
    unknown = set(fields) - set(REQUEST_FIELDS)
    if unknown:
        raise ValueError(f"Not request fields: {sorted(unknown)}")
    _check_deadline(fields.get("deadline"))
    with transaction.atomic():
        locked = _locked(collaboration_request)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.full_clean(exclude=["tags"])
        locked.save()
        locked.tags.set(list(tags))
        locked.target_clusters.set(list(target_clusters))
        locked.attachments.filter(pk__in=list(remove_attachments)).delete()
        for upload in attachments:
            add_attachment(locked, actor=actor, upload=upload)
    return locked


def add_attachment(collaboration_request, *, actor, upload):
    """`upload` was validated by `forms.validate_attachment` (content, type and size)."""
    if not permissions.is_requester(actor, collaboration_request):
        raise PermissionDenied
    with transaction.atomic():
        return RequestAttachment.objects.create(
            request=collaboration_request,
            file=upload,
            name=upload.name[:200],
            content_type=upload.detected_content_type,
            size=upload.size,
        )


def publish_request(collaboration_request, *, actor):
    if collaboration_request.author_id != actor.pk:
        raise PermissionDenied
    with transaction.atomic():
        locked = _locked(collaboration_request)
        if locked.status != Status.DRAFT:
            raise ValidationError(_("Only a draft can be published."))
        _check_deadline(locked.deadline)
        locked.status = Status.OPEN
        locked.published_at = timezone.now()
        locked.save(update_fields=["status", "published_at", "updated_at"])
    return locked


def express_interest(collaboration_request, *, actor, message):
    if not permissions.can_respond(actor, collaboration_request):
        raise PermissionDenied
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": _("Please write a short message.")})
    with transaction.atomic():
        locked = _locked(collaboration_request)
        if not locked.is_accepting_responses:
            raise ValidationError(_("This request no longer accepts responses."))
        if locked.responses.filter(responder=actor).exists():
            raise ValidationError(_("You have already responded to this request."))
        response = InterestResponse.objects.create(
            request=locked,
            responder=actor,
            organisation_id=permissions.member_organisation_id(actor),
            message=message,
        )
        notify(
            recipient=locked.author,
            actor=actor,
            kind=Notification.Kind.INTEREST_RECEIVED,
            params=_request_params(locked, actor),
            url_name="collaboration:detail",
            url_args=[locked.pk],
        )
    return response


def _decide(response, *, actor, status, kind):
    if not permissions.can_decide_response(actor, response):
        raise PermissionDenied
    with transaction.atomic():
        locked_request = _locked(response.request)
        response = InterestResponse.objects.select_for_update().get(pk=response.pk)
        if response.status != InterestResponse.Status.PENDING:
            raise ValidationError(_("This response has already been answered."))
        response.status = status
        response.decided_at = timezone.now()
        response.save(update_fields=["status", "decided_at"])
        if status == InterestResponse.Status.ACCEPTED and locked_request.status == Status.OPEN:
            locked_request.status = Status.IN_DISCUSSION
            locked_request.save(update_fields=["status", "updated_at"])
        notify(
            recipient=response.responder,
            actor=actor,
            kind=kind,
            params=_request_params(locked_request, actor),
            url_name="collaboration:detail",
            url_args=[locked_request.pk],
        )
    return response


def accept_response(response, *, actor):
    return _decide(
        response,
        actor=actor,
        status=InterestResponse.Status.ACCEPTED,
        kind=Notification.Kind.RESPONSE_ACCEPTED,
    )


def decline_response(response, *, actor):
    return _decide(
        response,
        actor=actor,
        status=InterestResponse.Status.DECLINED,
        kind=Notification.Kind.RESPONSE_DECLINED,
    )


def post_message(response, *, actor, body):
    if not permissions.can_post_message(actor, response):
        raise PermissionDenied
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("The message is empty.")})
    with transaction.atomic():
        message = ConversationMessage.objects.create(response=response, author=actor, body=body)
        # The other side: the responder if the requester wrote, else the request's author.
        recipient = (
            response.request.author if actor.pk == response.responder_id else response.responder
        )
        notify(
            recipient=recipient,
            actor=actor,
            kind=Notification.Kind.MESSAGE_RECEIVED,
            params=_request_params(response.request, actor),
            url_name="collaboration:detail",
            url_args=[response.request_id],
        )
    return message


def mark_matched(collaboration_request, *, actor):
    if not permissions.can_mark_matched(actor, collaboration_request):
        raise PermissionDenied
    with transaction.atomic():
        locked = _locked(collaboration_request)
        locked.status = Status.MATCHED
        locked.save(update_fields=["status", "updated_at"])
        notify_many(
            recipients=[
                response.responder
                for response in locked.responses.filter(
                    status=InterestResponse.Status.ACCEPTED
                ).select_related("responder")
            ],
            actor=actor,
            kind=Notification.Kind.REQUEST_MATCHED,
            params=_request_params(locked),
            url_name="collaboration:detail",
            url_args=[locked.pk],
        )
    return locked


def close_request(collaboration_request, *, actor, reason=""):
    """The requester closes their request; a coordinator may too, giving a reason."""
    if not permissions.can_close_request(actor, collaboration_request):
        raise PermissionDenied
    by_moderator = not permissions.is_requester(actor, collaboration_request)
    reason = (reason or "").strip()
    if by_moderator and not reason:
        raise ValidationError({"reason": _("Please give the requester a reason.")})
    with transaction.atomic():
        locked = _locked(collaboration_request)
        locked.status = Status.CLOSED
        locked.closed_at = timezone.now()
        if by_moderator:
            locked.moderation_reason = reason
            locked.moderated_by = actor
        locked.save()
        if by_moderator:
            notify(
                recipient=locked.author,
                actor=actor,
                kind=Notification.Kind.REQUEST_CLOSED,
                params=_request_params(locked, actor, reason=reason),
                url_name="collaboration:detail",
                url_args=[locked.pk],
            )
    return locked


def hide_request(collaboration_request, *, actor, reason):
    if not permissions.can_hide_request(actor, collaboration_request):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Please give the requester a reason.")})
    with transaction.atomic():
        locked = _locked(collaboration_request)
        locked.is_hidden = True
        locked.moderation_reason = reason
        locked.moderated_by = actor
        locked.save()
        notify(
            recipient=locked.author,
            actor=actor,
            kind=Notification.Kind.REQUEST_HIDDEN,
            params=_request_params(locked, actor, reason=reason),
            url_name="collaboration:detail",
            url_args=[locked.pk],
        )
    return locked


def unhide_request(collaboration_request, *, actor):
    if not permissions.can_unhide_request(actor, collaboration_request):
        raise PermissionDenied
    with transaction.atomic():
        locked = _locked(collaboration_request)
        locked.is_hidden = False
        locked.moderated_by = actor
        locked.save()
    return locked


def expire_overdue_requests(*, today=None):
    """Open requests whose deadline has passed become expired. Idempotent: run it from cron."""
    today = today or timezone.localdate()
    expired = []
    with transaction.atomic():
        overdue = list(
            CollaborationRequest.objects.select_for_update()
            .filter(status=Status.OPEN, deadline__lt=today)
            .select_related("author")
        )
        for collaboration_request in overdue:
            collaboration_request.status = Status.EXPIRED
            collaboration_request.closed_at = timezone.now()
            collaboration_request.save(update_fields=["status", "closed_at", "updated_at"])
            notify(
                recipient=collaboration_request.author,
                kind=Notification.Kind.REQUEST_EXPIRED,
                params=_request_params(collaboration_request),
                url_name="collaboration:detail",
                url_args=[collaboration_request.pk],
            )
            expired.append(collaboration_request)
    return expired
