from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClustersConfig(AppConfig):
    name = "clusters"
    verbose_name = _("Clusters, organisations and members")

    def ready(self):
        # Registers the cluster pages' context and the header's cluster link.
        from clusters import translatable, views  # noqa: F401
