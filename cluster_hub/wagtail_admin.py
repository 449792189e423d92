"""The Wagtail admin is one more entry point: its create, edit and delete views validate with
Wagtail's forms and then change state through an app's services, like every other view, so the
same permission checks and side effects apply. An app's `wagtail_hooks.py` binds its viewset's
views to its services with `service_views`."""

from django.core.exceptions import PermissionDenied
from wagtail.log_actions import log


class ServiceCreateMixin:
    """A create view whose save is `create(actor, form)` of its viewset."""

    def save_instance(self):
        instance = self.create(actor=self.request.user, form=self.form)
        log(instance=instance, action="wagtail.create", user=self.request.user)
        return instance


class RefuseOthersMixin:
    """Refuses objects the user may not change (`may_edit(user, instance)` of the viewset)."""

    def get_object(self, queryset=None):
        instance = super().get_object(queryset)
        if not self.may_edit(self.request.user, instance):
            raise PermissionDenied
        return instance


class ServiceEditMixin(RefuseOthersMixin):
    """An edit view that saves through a service."""

    def save_instance(self):
        instance = self.update(self.form.instance, actor=self.request.user, form=self.form)
        log(instance=instance, action="wagtail.edit", user=self.request.user)
        return instance


class ServiceDeleteMixin(RefuseOthersMixin):
    def delete_action(self):
        log(instance=self.object, action="wagtail.delete", user=self.request.user)
        self.delete(self.object, actor=self.request.user)


def service_views(viewset, *, create, update, delete, may_edit):
    """The viewset's add, edit and delete views, bound to the given service calls."""
    return {
        "add_view_class": type(
            "CreateView",
            (ServiceCreateMixin, viewset.add_view_class),
            {"create": staticmethod(create)},
        ),
        "edit_view_class": type(
            "EditView",
            (ServiceEditMixin, viewset.edit_view_class),
            {"update": staticmethod(update), "may_edit": staticmethod(may_edit)},
        ),
        "delete_view_class": type(
            "DeleteView",
            (ServiceDeleteMixin, viewset.delete_view_class),
            {"delete": staticmethod(delete), "may_edit": staticmethod(may_edit)},
        ),
    }
