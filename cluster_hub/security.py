"""Content-Security-Policy for every response of the site.

Site pages run only the site's own script files (no inline script; data reaches them through
`json_script`, which the browser never executes). The Wagtail admin is a third-party interface
that inlines its own scripts, so it gets a policy of its own that still refuses every other
origin, plugins and framing. Media get the sandboxing policy of cluster_hub/media.py."""

from django.conf import settings

SITE_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    # Style attributes only carry layout values (a bar's share); they cannot run code.
    "style-src-attr": "'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
}
ADMIN_POLICY = {
    **SITE_POLICY,
    "script-src": "'self' 'unsafe-inline'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "frame-src": "'self'",
    "frame-ancestors": "'self'",
}
ADMIN_PREFIXES = ("/admin/", "/django-admin/")


def _render(policy, request):
    policy = dict(policy)
    # Older browsers do not count ws:/wss: as 'self'; name the site's own socket origin.
    host = request.get_host()
    policy["connect-src"] += f" ws://{host} wss://{host}"
    return "; ".join(f"{name} {value}" for name, value in policy.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" in response or not settings.CSP_ENABLED:
            return response  # media and downloads set their own, stricter policy
        admin = request.path.startswith(ADMIN_PREFIXES)
        response["Content-Security-Policy"] = _render(
            ADMIN_POLICY if admin else SITE_POLICY, request
        )
        return response
