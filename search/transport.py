"""elastic_transport node that speaks plain JSON.

osmem-server (the in-memory Elasticsearch-API server used in tests) answers 406 to the 8.x
client's `application/vnd.elasticsearch+json; compatible-with=8` media type. This node class
rewrites those headers to `application/json`; it is enabled only by ELASTICSEARCH_PLAIN_JSON.
"""

from elastic_transport import Urllib3HttpNode

_COMPAT = "application/vnd.elasticsearch+json"


class PlainJsonNode(Urllib3HttpNode):
    def perform_request(self, method, target, body=None, headers=None, **kwargs):
        if headers:
            headers = headers.copy()
            for name in ("accept", "content-type"):
                value = headers.get(name)
                if value and value.startswith(_COMPAT):
                    headers[name] = "application/json"
        return super().perform_request(method, target, body=body, headers=headers, **kwargs)
