"""What happens to memberships, for the apps above to act on (notifications tell people).

Sent inside the service's transaction, so whatever a receiver records is undone with it."""

from django.dispatch import Signal

# profile: the person asking to join profile.organisation
membership_requested = Signal()
# profile, organisation, confirmed (bool), actor
membership_decided = Signal()
