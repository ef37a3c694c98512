"""Whatever a person (or a robot) puts in the search URL, the answer is a page, never a 500."""

from urllib.parse import urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.directory_helpers import listing, with_postcodes

FIELDS = ["postcode", "q", "category", "distance", "when", "only", "delivery", "access", "language", "audience", "page"]
junk = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=60)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    params=st.lists(st.tuples(st.sampled_from(FIELDS), junk), max_size=6), locale=st.sampled_from(["en", "cy", "ur"])
)
def test_random_search_queries_always_get_a_page(client, params, locale):
    response = client.client.get(f"/{locale}/directory?{urlencode(params)}")
    assert response.status_code == 200


def test_awkward_but_real_searches_get_a_page(client, db):
    with_postcodes(db)
    listing(db, "Walk")
    for query in ('q="unclosed', "q=NEAR(a b)", "q=walk*", "q=a:b & c | !d", "q=%F0%9F%98%80", "q=' OR 1=1 --",
                  "postcode=LS6&page=99999999999", "postcode=LS6&distance=1e9", "q=" + "x" * 5000):  # fmt: skip
        assert client.client.get(f"/en/directory?{query}").status_code == 200, query


def test_a_listing_url_with_an_enormous_id_is_not_found(client):
    client.get("/en/directory/listings/99999999999999999999", expected_status=404)
