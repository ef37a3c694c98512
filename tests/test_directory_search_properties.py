"""Any mix of postcode, words, filters and distance against the demo data gets a page, with
places nearest first. The fuzz tests elsewhere never combined words with a postcode, which is
how "money advice" near LS6 1AN answered 500."""

import re
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.directory.categories import split_synonyms
from portal.directory.demo import load_demo, shipped_postcodes
from portal.directory.forms import DISTANCES
from portal.directory.vocabulary import ACCESS_FEATURES, AUDIENCES, DELIVERY, SHIPPED_CATEGORIES, msgid

HINTS = ["walking", "choir", "money advice", "lonely", "lunch club", "debt advice"]
PLAIN_WORDS = sorted({word for shipped in SHIPPED_CATEGORIES for word in split_synonyms(msgid(shipped.synonyms))})
POSTCODES = sorted({postcode for found in shipped_postcodes().values() for postcode, _lat, _lon in found[:2]})
FILTERS = {
    "when": ["today", *map(str, range(7))],
    "only": ["free", "drop_in"],
    "delivery": [term.code for term in DELIVERY],
    "access": [term.code for term in ACCESS_FEATURES],
    "language": ["ur", "pl", "ar"],
    "audience": [term.code for term in AUDIENCES],
}
MILES = re.compile(r"^\s*([\d.]+)")

single_words = st.sampled_from(HINTS + PLAIN_WORDS)
phrases = st.lists(single_words, min_size=2, max_size=3).map(" ".join)
filters = st.lists(st.sampled_from([(name, value) for name, values in FILTERS.items() for value in values]), max_size=3)


@pytest.fixture
def demo(db):
    load_demo(db)
    db.commit()
    return db


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    postcode=st.sampled_from(POSTCODES + [code.split()[0] for code in POSTCODES[:5]]),
    words=st.one_of(single_words, phrases, st.just("")),
    chosen=filters,
    distance=st.sampled_from(DISTANCES),
    category=st.sampled_from(["", *(shipped.code for shipped in SHIPPED_CATEGORIES)]),
    htmx=st.booleans(),
)
def test_any_search_near_a_postcode_answers_with_places_nearest_first(
    client, demo, postcode, words, chosen, distance, category, htmx
):
    params = [("postcode", postcode), ("q", words), ("category", category), ("distance", distance), *chosen]
    headers = {"HX-Request": "true", "HX-Target": "results"} if htmx else {}
    response = client.client.get(f"/en/directory?{urlencode(params)}", headers=headers)
    assert response.status_code == 200, params
    distances = _miles_shown(response.get_data(as_text=True))
    assert distances == sorted(distances), params
    assert all(miles <= float(distance) for miles in distances), params


def _miles_shown(html):
    """The distances of the places found (online and phone services show none)."""
    texts = [
        p.get_text(" ", strip=True) for p in BeautifulSoup(html, "html.parser").select("#result-list .result__where")
    ]
    return [float(found.group(1)) for found in map(MILES.match, texts) if found]
