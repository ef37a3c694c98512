"""The categories as the directory reads them (`categories.current_categories`): what coordinators change
shows in the filters, on cards, in the synonyms, the editor and the search, without a reindex,
and without costing a search any extra query."""

import re
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import event, select, update

from portal.accounts.models import Role, User
from portal.db import get_database, session
from portal.directory import categories
from portal.directory.models import Category, CategoryVersion, Listing
from portal.directory.search import Criteria, search_near
from portal.directory.vocabulary import SHIPPED_CATEGORIES, msgid
from portal.organisations import category_services as services
from portal.organisations.forms import ListingForm
from tests.authz import make_user
from tests.directory_helpers import LS6_1AN, listing, with_postcodes

TUESDAY = date(2026, 11, 3)


@contextmanager
def coordinator_changes(app, db):
    """Services run as in a coordinator's request, committed at the end."""
    email = "coordinator@example.org"
    coordinator = db.scalar(select(User).where(User.email == email)) or make_user(db, email, Role.COORDINATOR)
    with app.test_request_context("/en/"):
        yield coordinator
        session.commit()


def category(code):
    return session.scalar(select(Category).where(Category.code == code))


def rename(app, db, code, **texts):
    """`texts`: locale -> (label, synonyms); other languages are sent as they show now."""
    with coordinator_changes(app, db) as coordinator:
        vocabulary = categories.load(session)
        typed = {locale: vocabulary.texts(locale)[code] for locale in ("en", "cy", "ur")} | texts
        services.save_texts(category(code), typed, coordinator)


def add(app, db, label, synonyms="", **texts):
    with coordinator_changes(app, db) as coordinator:
        return services.add_category({"en": (label, synonyms), **texts}, coordinator).code


def retire(app, db, code, retired=True):
    with coordinator_changes(app, db) as coordinator:
        services.set_retired(category(code), retired, coordinator)


def near(db, **criteria):
    results = search_near(db, Criteria(**criteria), *LS6_1AN, TUESDAY, 0, 10)
    return [db.get(Listing, hit.listing_id).name for hit in results.hits]


def test_the_seeded_categories_are_the_shipped_ones_in_every_language(app, db):
    vocabulary = categories.load(db)
    assert [(term.code, term.bit) for term in vocabulary.terms] == [
        (shipped.code, bit) for bit, shipped in enumerate(SHIPPED_CATEGORIES)
    ]
    walking = SHIPPED_CATEGORIES[2]
    assert vocabulary.texts("en")["walking"] == (msgid(walking.label), msgid(walking.synonyms))
    with app.test_request_context("/cy/"):
        assert vocabulary.label("walking", "cy") == str(walking.label) != msgid(walking.label)
        assert "unig" in vocabulary.synonyms("befriending", "cy")


def test_a_language_without_its_own_words_shows_the_english_name_of_a_new_category(app, db):
    code = add(app, db, "Sea swimming", "swim, sea")
    with app.test_request_context("/cy/"):
        assert categories.current_categories(db).texts("cy")[code] == ("Sea swimming", "")


def test_a_new_name_shows_in_the_filters_and_on_the_cards(app, db, client):
    with_postcodes(db)
    listing(db, "Headingley Health Walk", categories=["walking"])
    rename(app, db, "walking", en=("Walks and the outdoors", "walk"), cy=("Teithiau cerdded", ""))
    page = client.get("/en/directory?postcode=LS6+1AN")
    assert "Walks and the outdoors" in [option.get_text() for option in page.select("#category option")]
    assert [kind.get_text() for kind in page.one(".result__kinds").select("li")] == ["Walks and the outdoors"]
    welsh = client.get("/cy/directory?postcode=LS6+1AN")
    assert "Teithiau cerdded" in [option.get_text() for option in welsh.select("#category option")]
    assert welsh.one(".result__kinds li").get_text() == "Teithiau cerdded"


def test_a_new_english_name_finds_listings_without_a_reindex(app, db):
    listing(db, "Headingley Health Walk", categories=["walking"])
    rename(app, db, "walking", en=("Strolling and fresh air", "walk"))
    with app.test_request_context("/en/directory"):
        assert near(db, words="strolling") == ["Headingley Health Walk"]


def test_a_new_welsh_synonym_makes_a_welsh_search_find_the_category(app, db):
    listing(db, "Cor Cymraeg", categories=["music"])
    with app.test_request_context("/cy/directory"):
        assert near(db, words="eisteddfod") == []
    with app.test_request_context("/cy/"):
        music = categories.load(db).texts("cy")["music"]
    rename(app, db, "music", cy=(music[0], f"{music[1]}, eisteddfod"))
    with app.test_request_context("/cy/directory"):
        assert near(db, words="eisteddfod") == ["Cor Cymraeg"]
    with app.test_request_context("/en/directory"):
        assert near(db, words="eisteddfod") == []


def test_a_new_category_is_offered_to_editors_and_found_once_a_listing_has_it(app, db):
    code = add(app, db, "Sea swimming", "wild swimming, cold water", cy=("Nofio yn y môr", "nofio gwyllt"))
    assert categories.current_categories(db).by_code[code].bit == len(SHIPPED_CATEGORIES)
    with app.test_request_context("/en/"):
        assert (code, "Sea swimming") in [(choice.value, choice.label) for choice in ListingForm().categories.choices]
    listing(db, "Roundhay Dippers", categories=[code])
    listing(db, "Headingley Health Walk", miles_north=0.1)
    with app.test_request_context("/en/directory"):
        assert near(db, category=code) == ["Roundhay Dippers"]
        assert near(db, words="cold water") == ["Roundhay Dippers"]
    with app.test_request_context("/cy/directory"):
        assert near(db, words="nofio gwyllt") == ["Roundhay Dippers"]


def test_a_retired_category_leaves_the_filters_and_editor_but_stays_on_listings(app, db, client):
    with_postcodes(db)
    walk = listing(db, "Headingley Health Walk", categories=["walking", "exercise"])
    retire(app, db, "walking")
    page = client.get("/en/directory?postcode=LS6+1AN&category=walking")
    assert "walking" not in [option.get("value") for option in page.select("#category option")]
    assert [kind.get_text() for kind in page.one(".result__kinds").select("li")] == ["Exercise, sport and dance"]
    with app.test_request_context("/en/"):
        assert "walking" not in [choice.value for choice in ListingForm().categories.choices]
        assert near(db, words="ramble") == []
    db.expire_all()
    assert db.get(Listing, walk.id).categories == ["walking", "exercise"]
    retire(app, db, "walking", retired=False)
    with app.test_request_context("/en/directory"):
        assert near(db, words="ramble") == near(db, category="walking") == ["Headingley Health Walk"]


def test_retired_categories_are_not_suggested_when_nothing_is_found(app, db):
    from portal.directory.labels import related_categories

    retire(app, db, "social")
    with app.test_request_context("/en/"):
        assert related_categories("befriending", ()) == ["older_people"]
        assert related_categories("social", ()) == []


def test_bits_are_never_reused_and_run_out_at_63(app, db):
    first = add(app, db, "One more")
    retire(app, db, first)
    second = add(app, db, "One more")
    vocabulary = categories.current_categories(db)
    assert (second, vocabulary.by_code[second].bit) == ("one_more_2", vocabulary.by_code[first].bit + 1)
    db.execute(update(Category).where(Category.code == second).values(bit=62))
    db.commit()
    with coordinator_changes(app, db) as coordinator, pytest.raises(services.CategoriesFull):
        services.add_category({"en": ("Too many", "")}, coordinator)


def test_other_app_servers_see_a_change_within_the_check_interval(app, db, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(categories, "monotonic", lambda: clock[0])
    assert categories.current_categories(db).label("walking", "en") == "Walking and outdoors"
    # Another server renames it: this process hears of it only through the version.
    with get_database(app).sessionmaker() as other:
        other.execute(update(CategoryVersion).values(version=CategoryVersion.version + 1))
        text = other.scalar(select(Category).where(Category.code == "walking")).texts[0]
        text.label = "Walking together"
        other.commit()
    clock[0] += categories.CHECK_SECONDS - 1
    assert categories.current_categories(db).label("walking", "en") == "Walking and outdoors"
    clock[0] += 1
    assert categories.current_categories(db).label("walking", "en") == "Walking together"


def test_a_search_asks_nothing_about_categories_between_checks(app, db):
    listing(db, "Befriending", categories=["befriending"])
    statements = []
    engine = get_database(app).engine

    def remember(_connection, _cursor, statement, *_args):
        statements.append(statement)

    with app.test_request_context("/en/directory"):
        near(db, words="lonely")
        event.listen(engine, "before_cursor_execute", remember)
        try:
            assert near(db, words="someone to talk to", category="befriending") == ["Befriending"]
        finally:
            event.remove(engine, "before_cursor_execute", remember)
    assert statements and not [sql for sql in statements if re.search(r"\bcategory(_text|_version)?\b", sql)]
