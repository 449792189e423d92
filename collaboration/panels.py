"""What collaboration shows on other apps' pages (cluster_hub/panels.py)."""

from cluster_hub.panels import register_panel
from collaboration import permissions, queries
from translations.queries import prefetch_translations


def requests_for_you(request, *, limit=6):
    """The dashboard's "requests for you": open requests matching the member's organisation."""
    user = request.user
    return {
        "items": prefetch_translations(list(queries.requests_for_you(user, limit=limit))),
        "can_create": permissions.can_create_request(user),
        "is_member": permissions.member_organisation_id(user) is not None,
    }


register_panel(
    "clusters.dashboard",
    template="collaboration/includes/for_you.html",
    context=requests_for_you,
)
