"""What the API returns, field by field (the OpenAPI schema is generated from these)."""

from datetime import date, datetime, time
from functools import cache

from ninja import Schema
from pydantic import Field, create_model


class ClusterOut(Schema):
    key: str = Field(description="stable id of the cluster in every language (filter by it)")
    title: str
    field: str
    field_label: str
    summary: str
    url: str
    organisation_count: int


class ProductOut(Schema):
    name: str
    description: str


class SpecOut(Schema):
    name: str
    value: str


class CatalogueProductOut(Schema):
    id: int
    name: str = Field(description="in the caller's language when translated, else the Korean")
    description: str
    language: str = Field(description="the language name, description, specs and materials are in")
    organisation: str = Field(description="slug of the firm")
    hs_code: str = Field(description="HS heading (4 digits) or subheading (6), or empty")
    hs_chapter: str
    specs: list[SpecOut]
    materials: str
    certifications: list[str]
    min_order_quantity: int | None
    order_unit: str = Field(description="pcs, sets, kg, t, m, m2, l or rolls")
    lead_time_days: int | None
    export_markets: list[str] = Field(description="ISO country codes")
    local_brands: list[str] = Field(description="slugs of the local brands granted")
    photos: list[str] = Field(description="absolute photo URLs, the first is the main one")
    url: str


class OrganisationOut(Schema):
    slug: str
    name: str
    name_en: str
    kind: str
    summary: str
    capabilities: str
    certifications: list[str]
    industrial_complex: str
    size_band: str
    website: str
    clusters: list[str] = Field(description="keys of the clusters it belongs to")
    tags: list[str]
    products: list[ProductOut]
    url: str


class ContactOut(Schema):
    email: str
    phone: str


class PersonOut(Schema):
    id: int
    full_name: str
    title: str
    organisation: str | None = Field(description="slug of the confirmed organisation")
    expertise: list[str]
    languages: list[str]
    contact: ContactOut | None = Field(
        description="null unless the person's contact choice lets the caller see it"
    )
    url: str


class RequestOut(Schema):
    id: int
    title: str
    kind: str
    description: str
    organisation: str = Field(description="slug of the requesting organisation")
    visibility: str
    tags: list[str]
    target_clusters: list[str]
    budget_min: int | None
    budget_max: int | None
    deadline: date | None
    published_at: datetime | None
    url: str


class SessionOut(Schema):
    id: int
    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime
    room: str
    has_qa: bool
    live_socket: str | None = Field(description="path of the live room socket, if it has Q&A")


class EventOut(Schema):
    id: int = Field(description="id of the event in the default language (stable)")
    title: str
    language: str = Field(description="language of title and summary (falls back to Korean)")
    kind: str
    starts_at: datetime
    ends_at: datetime
    venue: str
    summary: str
    url: str
    sessions: list[SessionOut]


class ProgrammeSlotOut(Schema):
    starts_at: time
    minutes: int
    pitch: str
    organisation: str


class ForumEditionOut(Schema):
    id: int
    title: str
    language: str
    forum_date: datetime
    venue: str
    call_opens_at: datetime
    call_closes_at: datetime
    url: str
    programme: list[ProgrammeSlotOut]


class MeOut(Schema):
    authenticated: bool
    name: str | None
    roles: list[str]


class ErrorOut(Schema):
    detail: str


class OutcomeOut(Schema):
    id: int
    kind: str = Field(
        description="investment, supply_contract, export_contract, mou, joint_rd, patent, "
        "certification, jobs or revenue"
    )
    investment_kind: str = Field(description="angel, vc, crowdfunding, loan, grant, or empty")
    status: str = Field(description="claimed, confirmed, verified, disputed or withdrawn")
    counts: bool = Field(description="confirmed by the other side or verified by the agency")
    amount: int | None = Field(description="in `currency`; investment, contract value, revenue")
    currency: str
    quantity: int | None = Field(description="patents, certifications or jobs")
    occurred_on: date
    organisation: str = Field(description="slug of the organisation credited")
    other_side: str = Field(description="the other side's name, or empty")
    origin: str | None = Field(description='where it came from, e.g. "pitch:12", or null')
    url: str


@cache
def page_of(item):
    """A page of `item`s: how many in all, which page of how many, and the items."""
    return create_model(
        f"{item.__name__.removesuffix('Out')}Page",
        __base__=Schema,
        count=(int, Field(description="items on all pages")),
        page=(int, ...),
        pages=(int, ...),
        items=(list[item], ...),
    )
