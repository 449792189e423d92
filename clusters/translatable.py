"""The directory content that has versions in every language (translations app)."""

from clusters.models import LocalBrand, MemberProfile, Organisation, Product
from translations.registry import register_translatable

register_translatable(
    Organisation,
    fields=["summary", "capabilities", "certifications"],
    edit_rule="clusters.edit_organisation",
    children=lambda organisation: organisation.products.all(),
)
register_translatable(
    Product,
    fields=["name", "description", "specs", "materials"],
    edit_rule="clusters.edit_organisation",
    parent=lambda product: product.organisation,
)
register_translatable(MemberProfile, fields=["title", "bio"], edit_rule="clusters.edit_profile")
register_translatable(
    LocalBrand, fields=["name", "description"], edit_rule="clusters.manage_local_brand"
)
