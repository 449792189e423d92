"""Show a service's ValidationError on the form that called it."""


def add_service_errors(form, error, field_names=None):
    """Put each message on its field (renamed through `field_names` where the service and the
    form name it differently), or on the form when the form has no such field."""
    field_names = field_names or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages in error.message_dict.items():
        field = field_names.get(name, name)
        for message in messages:
            form.add_error(field if field in form.fields else None, message)
