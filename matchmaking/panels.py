"""What matchmaking shows on other apps' pages (cluster_hub/panels.py): the 1:1 meetings box
on a buyer fair's event page."""

from cluster_hub import page_cache
from cluster_hub.panels import register_panel
from clusters import permissions as cluster_permissions
from events import permissions as event_permissions
from matchmaking import permissions, queries
from matchmaking.models import Matchmaking


def _matchmaking_ids(translation_key):
    """{translation key: matchmaking id or 0}, shared until the content changes: the event
    page asks on every view, most events have none."""
    return page_cache.shared(
        "matchmaking_of_event",
        lambda: (
            Matchmaking.objects.filter(event__translation_key=translation_key)
            .values_list("pk", flat=True)
            .first()
            or 0
        ),
        str(translation_key),
    )


def meetings_box(request, *, event):
    if event.kind != event.Kind.BUYER_FAIR:
        return None
    matchmaking_id = _matchmaking_ids(event.translation_key)
    user = request.user
    if not matchmaking_id:
        if user.is_authenticated and event_permissions.can_manage_event(user, event):
            return {"event": event, "matchmaking": None, "can_open": True}
        return None
    matchmaking = Matchmaking.objects.select_related("event").get(pk=matchmaking_id)
    return {
        "event": event,
        "matchmaking": matchmaking,
        "participant": permissions.participant_of(user, matchmaking),
        "manages": permissions.can_manage(user, matchmaking),
        "can_join": permissions.can_join(user, matchmaking),
    }


register_panel(
    "events.event_page", template="matchmaking/includes/event_box.html", context=meetings_box
)


def inquiries_box(request):
    """On the dashboard: inquiries waiting for the firm's answer, and the buyer's own."""
    user = request.user
    organisation_id = cluster_permissions.member_organisation_id(user)
    new = queries.inquiries_received(organisation_id).filter(status="new").count()
    buyer = permissions.buyer_profile_of(user)
    if not new and buyer is None:
        return None
    return {"new": new, "buyer": buyer}


register_panel(
    "clusters.dashboard", template="matchmaking/includes/dashboard_box.html", context=inquiries_box
)


def inquiry_button(request, *, organisation):
    """On a company's page: "Send an inquiry" for verified buyers, an invitation to others."""
    if organisation.kind != organisation.Kind.COMPANY:
        return None
    user = request.user
    if permissions.speaks_for(user, organisation):
        return None
    profile = permissions.buyer_profile_of(user)
    return {
        "organisation": organisation,
        "can_send": permissions.can_send_inquiry(user, organisation),
        "waiting": profile is not None and not profile.is_verified,
        "invite": profile is None,
    }


register_panel(
    "clusters.organisation_page",
    template="matchmaking/includes/organisation_box.html",
    context=inquiry_button,
)


def product_inquiry_button(request, *, product):
    """On a product's page: the same offer, the inquiry form set to this product."""
    context = inquiry_button(request, organisation=product.organisation)
    if context is not None:
        context["product"] = product
    return context


register_panel(
    "clusters.product_page",
    template="matchmaking/includes/organisation_box.html",
    context=product_inquiry_button,
)
