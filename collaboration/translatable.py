"""Collaboration requests have versions in every language (translations app)."""

from collaboration.models import CollaborationRequest
from translations.registry import register_translatable

register_translatable(
    CollaborationRequest, fields=["title", "description"], edit_rule="collaboration.edit_request"
)
