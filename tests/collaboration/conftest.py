import pytest

from tests.factories import (
    ClusterMembershipFactory,
    CollaborationRequestFactory,
    MemberProfileFactory,
    OrganisationFactory,
    UserFactory,
)


@pytest.fixture
def cluster_peer(site_tree):
    """A member of another organisation in the same (carbon) cluster as `member`."""
    org = OrganisationFactory(name="(주)구미복합소재", name_en="Gumi Composites", slug="gumi-comp")
    ClusterMembershipFactory(organisation=org, cluster=site_tree["carbon"])
    return MemberProfileFactory(
        user=UserFactory(username="cluster_peer"), organisation=org, full_name="최유진"
    ).user


@pytest.fixture
def grid_users(users, cluster_peer):
    return {**users, "cluster_peer": cluster_peer}


@pytest.fixture
def make_request(users, site_tree):
    """A request by `member` (carbon cluster) targeting the carbon cluster."""

    def make(**fields):
        fields.setdefault("author", users["member"])
        fields.setdefault("target_clusters", [site_tree["carbon"]])
        return CollaborationRequestFactory(**fields)

    return make
