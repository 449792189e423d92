from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cluster_hub import locales
from cluster_hub.form_errors import add_service_errors, change_and_return, errors_shown
from cluster_hub.media import private_file_response
from cluster_hub.permissions import hidden_from, permission_required
from collaboration import matching, permissions, queries, services
from collaboration.forms import (
    InterestForm,
    MessageForm,
    ReasonForm,
    RequestFilterForm,
    RequestForm,
)
from collaboration.models import CollaborationRequest, InterestResponse, RequestAttachment
from translations.queries import prefetch_translations, with_translations

PAGE_SIZE = 20


def _get_visible(request, pk):
    """The request if the user may see it; a 404 otherwise, so private requests stay unknown
    (visitors who are not signed in are asked to sign in first)."""
    collaboration_request = get_object_or_404(
        CollaborationRequest.objects.select_related("organisation", "author", "author__profile"),
        pk=pk,
    )
    if not permissions.can_view_request(request.user, collaboration_request):
        raise hidden_from(request)
    return collaboration_request


def request_list(request):
    form = RequestFilterForm(request.GET, locale=locales.active_or_default())
    items = queries.request_list(request.user, **form.filters())
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "collaboration/request_list.html",
        {
            "form": form,
            "page_obj": with_translations(
                Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
            ),
            "query_string": params.urlencode(),
        },
    )


@login_required
def my_requests(request):
    return render(
        request,
        "collaboration/my_requests.html",
        {
            "requests": prefetch_translations(list(queries.requests_of(request.user))),
            "responses": queries.responses_of(request.user),
        },
    )


@login_required
def request_create(request):
    if not permissions.can_create_request(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = RequestForm(request.POST, request.FILES, locale=locales.active_or_default())
        if form.is_valid():
            publish = request.POST.get("action") != "draft"
            try:
                created = services.create_request(
                    actor=request.user, publish=publish, **form.service_kwargs()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Your request is published.") if publish else _("Your draft is saved."),
                )
                return redirect(created.get_absolute_url())
        messages.error(request, _("Please correct the errors below."))
    else:
        form = RequestForm(locale=locales.active_or_default())
    return render(request, "collaboration/request_form.html", {"form": form})


@login_required
def request_edit(request, pk):
    collaboration_request = _get_visible(request, pk)
    if not permissions.can_edit_request(request.user, collaboration_request):
        raise PermissionDenied
    attachments = list(collaboration_request.attachments.all())
    if request.method == "POST":
        form = RequestForm(
            request.POST,
            request.FILES,
            existing_attachments=attachments,
            locale=locales.active_or_default(),
        )
        if form.is_valid():
            try:
                services.update_request(
                    collaboration_request, actor=request.user, **form.service_kwargs()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The request is saved."))
                return redirect(collaboration_request.get_absolute_url())
        messages.error(request, _("Please correct the errors below."))
    else:
        form = RequestForm(
            initial=RequestForm.initial_for(collaboration_request),
            existing_attachments=attachments,
            locale=locales.active_or_default(),
        )
    return render(
        request,
        "collaboration/request_form.html",
        {"form": form, "collaboration_request": collaboration_request},
    )


def request_detail(request, pk):
    collaboration_request = _get_visible(request, pk)
    user = request.user
    is_requester = permissions.is_requester(user, collaboration_request)
    moderates = permissions.moderates(user, collaboration_request)
    responses = list(queries.responses_for_requester(collaboration_request))
    own_response = next((item for item in responses if permissions.is_responder(user, item)), None)
    if is_requester or moderates:
        shown_responses = responses
    else:
        shown_responses = [own_response] if own_response else []
    for response in shown_responses:
        response.thread_visible = permissions.can_view_thread(user, response)
        response.can_post = permissions.can_post_message(user, response)
        response.can_decide = (
            permissions.can_decide_response(user, response)
            and response.status == InterestResponse.Status.PENDING
        )
    show_recommendations = permissions.can_see_recommendations(user, collaboration_request)
    return render(
        request,
        "collaboration/request_detail.html",
        {
            "item": collaboration_request,
            "tags": collaboration_request.tags.all(),
            "clusters": [
                locales.localized(page) for page in collaboration_request.target_clusters.all()
            ],
            "attachments": collaboration_request.attachments.all(),
            "responses": shown_responses,
            "response_count": len(responses),
            "own_response": own_response,
            "is_requester": is_requester,
            "moderates": moderates,
            "interest_form": InterestForm(),
            "message_form": MessageForm(),
            "reason_form": ReasonForm(),
            "organisation_matches": matching.recommend_organisations(collaboration_request)
            if show_recommendations
            else [],
            "people_matches": matching.recommend_people(collaboration_request)
            if show_recommendations
            else [],
            "show_recommendations": show_recommendations,
        },
    )


@login_required
@require_POST
def request_interest(request, pk):
    collaboration_request = _get_visible(request, pk)
    if not permissions.can_respond(request.user, collaboration_request):
        raise PermissionDenied
    form = InterestForm(request.POST)
    if form.is_valid():
        with errors_shown(request):
            services.express_interest(
                collaboration_request, actor=request.user, message=form.cleaned_data["message"]
            )
            messages.success(request, _("Your interest was sent to the requester."))
    else:
        messages.error(request, _("Please write a short message."))
    return redirect(collaboration_request.get_absolute_url())


@login_required
@require_POST
def response_decide(request, pk):
    response = get_object_or_404(InterestResponse.objects.select_related("request"), pk=pk)
    if not permissions.can_decide_response(request.user, response):
        raise PermissionDenied
    with errors_shown(request):
        if request.POST.get("decision") == "accept":
            services.accept_response(response, actor=request.user)
            messages.success(request, _("Accepted. You can now talk privately below."))
        else:
            services.decline_response(response, actor=request.user)
            messages.info(request, _("The response was declined."))
    return redirect(f"{response.request.get_absolute_url()}#response-{response.pk}")


@login_required
@require_POST
def response_message(request, pk):
    response = get_object_or_404(InterestResponse.objects.select_related("request"), pk=pk)
    if not permissions.can_post_message(request.user, response):
        raise PermissionDenied
    form = MessageForm(request.POST)
    if form.is_valid():
        services.post_message(response, actor=request.user, body=form.cleaned_data["body"])
        messages.success(request, _("Message sent."))
    else:
        messages.error(request, _("The message is empty."))
    return redirect(f"{response.request.get_absolute_url()}#response-{response.pk}")


def _state_change(request, pk, change, success, *, needs_reason=False):
    collaboration_request = _get_visible(request, pk)
    kwargs = {}
    if needs_reason:
        form = ReasonForm(request.POST)
        kwargs["reason"] = form.cleaned_data["reason"] if form.is_valid() else ""
    return change_and_return(request, collaboration_request, change, success, **kwargs)


@login_required
@require_POST
def request_publish(request, pk):
    return _state_change(request, pk, services.publish_request, _("Your request is published."))


@login_required
@require_POST
def request_matched(request, pk):
    return _state_change(request, pk, services.mark_matched, _("Marked as matched."))


@login_required
@require_POST
def request_close(request, pk):
    collaboration_request = _get_visible(request, pk)
    needs_reason = not permissions.is_requester(request.user, collaboration_request)
    return _state_change(
        request, pk, services.close_request, _("The request is closed."), needs_reason=needs_reason
    )


@login_required
@require_POST
def request_hide(request, pk):
    return _state_change(
        request, pk, services.hide_request, _("The request is hidden."), needs_reason=True
    )


@login_required
@require_POST
def request_unhide(request, pk):
    return _state_change(request, pk, services.unhide_request, _("The request is visible again."))


def attachment_download(request, pk):
    attachment = get_object_or_404(RequestAttachment.objects.select_related("request"), pk=pk)
    if not permissions.can_view_request(request.user, attachment.request):
        raise Http404
    return private_file_response(attachment)


@permission_required("collaboration.moderate")
def moderation(request):
    items = queries.moderation_queue(request.user)
    return render(
        request,
        "collaboration/moderation.html",
        {
            "page_obj": with_translations(Paginator(items, 50).get_page(request.GET.get("page"))),
            "query_string": "",
        },
    )
