"""What the ledger shows on other apps' pages (cluster_hub/panels.py): on the dashboard, the
outcomes waiting for the reader's confirmation and a way to record one."""

from cluster_hub.panels import register_panel
from outcomes import permissions, queries
from outcomes.models import Outcome


def outcomes_box(request):
    user = request.user
    member = permissions.can_use_ledger(user)
    if not member and not queries.ledger_of(user).exists():
        return None
    claimed = queries.ledger_of(user).filter(status=Outcome.Status.CLAIMED)
    waiting = sum(1 for outcome in claimed if permissions.can_confirm(user, outcome))
    return {"waiting": waiting, "member": member}


register_panel(
    "clusters.dashboard", template="outcomes/includes/dashboard_box.html", context=outcomes_box
)
