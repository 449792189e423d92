"""What the ledger shows on other apps' pages (cluster_hub/panels.py): on the dashboard, the
outcomes waiting for the reader's confirmation and a way to record one."""

from cluster_hub.panels import register_panel
from outcomes import permissions, queries


def outcomes_box(request):
    user = request.user
    if not queries.has_ledger(user):
        return None
    return {"waiting": len(queries.waiting_for(user)), "member": permissions.can_use_ledger(user)}


register_panel(
    "clusters.dashboard", template="outcomes/includes/dashboard_box.html", context=outcomes_box
)
