"""elastic_transport node that speaks plain JSON.

osmem-server (the in-memory Elasticsearch-API server used in tests) answers 406 to the 8.x
client's `application/vnd.elasticsearch+json; compatible-with=8` media types (and the
`+x-ndjson` one bulk requests use). This node class sends the plain `application/json` and
`application/x-ndjson` instead; it is enabled only by ELASTICSEARCH_PLAIN_JSON.
"""

from elastic_transport import Urllib3HttpNode

_COMPAT = "application/vnd.elasticsearch+"


def plain_media_type(value):
    """`application/vnd.elasticsearch+json; compatible-with=8` → `application/json`."""
    if not value or not value.startswith(_COMPAT):
        return value
    subtype = value[len(_COMPAT) :].split(";", 1)[0].strip()
    return f"application/{subtype}"


class PlainJsonNode(Urllib3HttpNode):
    def perform_request(self, method, target, body=None, headers=None, **kwargs):
        if headers:
            headers = headers.copy()
            for name in ("accept", "content-type"):
                if headers.get(name):
                    headers[name] = plain_media_type(headers[name])
        return super().perform_request(method, target, body=body, headers=headers, **kwargs)
