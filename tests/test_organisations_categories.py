"""Coordinators manage the kinds of activity: names and plain words in each language, new
ones, retiring and restoring; every change audited and signed."""

from sqlalchemy import select

from portal.accounts.models import AuditEvent, Role
from portal.directory.models import Category, CategoryText
from portal.organisations.models import ListingRevision
from tests.authz import make_organisation, make_user, sign_in_as
from tests.directory_helpers import with_postcodes
from tests.organisations_helpers import published_listing

LIST = "/en/coordinator/categories"


def signed_in_coordinator(client, db):
    coordinator = make_user(db, "coordinator@example.org", Role.COORDINATOR, name="Sam Coordinator")
    sign_in_as(client, db, coordinator)
    return coordinator


def walking(db):
    db.expire_all()
    return db.scalar(select(Category).where(Category.code == "walking"))


def edit_url(category):
    return f"/en/coordinator/categories/{category.id}"


def save(client, url, **changes):
    """Send the form as the page shows it, with `changes`."""
    page = client.get(url)
    return client.post(url, {**page.form_values("main form"), **changes})


def audited(db, action):
    return db.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_the_coordinators_find_the_kinds_of_activity_from_their_home_page(client, db):
    signed_in_coordinator(client, db)
    page = client.get("/en/account")
    assert LIST in [link["href"] for link in page.select("a")]
    listed = client.get(LIST)
    assert listed.h1 == "Kinds of activity"
    assert "Walking and outdoors" in listed.text() and "ramble, rambling" in listed.text()
    assert "mental_wellbeing" in listed.text()


def test_the_edit_page_has_a_fieldset_per_language_filled_with_what_people_see(client, db):
    signed_in_coordinator(client, db)
    page = client.get(edit_url(walking(db)))
    legends = [legend.get_text(strip=True) for legend in page.select("main form legend")]
    assert legends[:2] == ["English", "Welsh"] and "Urdu" in legends and len(legends) == 11  # every shipped language
    values = page.form_values("main form")
    assert values["label_en"] == "Walking and outdoors"
    assert (values["label_cy"], values["label_ur"]) == ("Cerdded a\u2019r awyr agored", "پیدل چلنا اور کھلی فضا")
    assert page.one("#label_cy")["lang"] == "cy" and page.one("#synonyms_ur")["lang"] == "ur"


def test_a_rename_is_saved_audited_and_signed(client, db):
    signed_in_coordinator(client, db)
    saved = save(client, edit_url(walking(db)), label_en="Walks and the outdoors")
    assert saved.status == 303
    listed = client.follow(saved)
    assert "Walks and the outdoors" in listed.text() and "Last changed by Sam Coordinator on" in listed.text()
    assert "Saved." in listed.text()
    [event] = audited(db, "category.changed")
    assert (event.subject_type, event.subject_id, event.detail["languages"]) == ("category", "walking", ["en"])
    assert "Last changed by Sam Coordinator" in client.get(edit_url(walking(db))).text()


def test_only_the_languages_changed_are_stored(client, db):
    signed_in_coordinator(client, db)
    page = client.get(edit_url(walking(db)))
    welsh = page.form_values("main form")["synonyms_cy"]
    assert save(client, edit_url(walking(db)), synonyms_cy=f"{welsh}, mynd am dro").status == 303
    texts = {text.locale: text for text in walking(db).texts}
    assert sorted(texts) == ["cy", "en"]
    assert (texts["cy"].label, texts["cy"].synonyms.endswith("mynd am dro")) == ("", True)
    assert audited(db, "category.changed")[0].detail["languages"] == ["cy"]


def test_saving_without_changes_changes_nothing(client, db):
    signed_in_coordinator(client, db)
    assert client.follow(save(client, edit_url(walking(db)))).text().count("Nothing changed.") == 1
    assert audited(db, "category.changed") == []
    assert db.scalars(select(CategoryText).where(CategoryText.locale != "en")).all() == []


def test_the_name_in_english_is_needed_and_names_are_not_shared(client, db):
    signed_in_coordinator(client, db)
    empty = save(client, edit_url(walking(db)), label_en="  ")
    assert empty.status == 200 and empty.errors() == ["Enter the name in English"]
    assert empty.title.startswith("Error: ")
    assert empty.one("#label_en-error").get_text(" ", strip=True) == "Error: Enter the name in English"
    taken = save(client, edit_url(walking(db)), label_en="music and singing", label_cy="x" * 101)
    assert taken.errors() == ["Another kind of activity already has this name", "Name must be 100 characters or fewer"]


def test_a_coordinator_adds_a_kind_of_activity(client, db):
    signed_in_coordinator(client, db)
    added = client.submit(
        client.get("/en/coordinator/categories/new"),
        "/en/coordinator/categories/new",
        {"label_en": "Sea swimming", "synonyms_en": "swim;  sea\ncold water", "label_cy": "Nofio yn y môr"},
    )
    assert added.status == 303
    category = db.scalar(select(Category).where(Category.code == "sea_swimming"))
    assert (category.bit, category.retired) == (19, False)
    texts = {text.locale: (text.label, text.synonyms) for text in category.texts}
    assert texts == {"en": ("Sea swimming", "swim, sea, cold water"), "cy": ("Nofio yn y môr", "")}
    assert client.follow(added).h1 == "Sea swimming"
    [event] = audited(db, "category.added")
    assert (event.subject_id, event.detail) == ("sea_swimming", {"bit": 19})


def test_adding_needs_a_name_in_english(client, db):
    signed_in_coordinator(client, db)
    page = client.get("/en/coordinator/categories/new")
    assert client.submit(page, "/en/coordinator/categories/new", {"label_cy": "Nofio"}).errors() == [
        "Enter the name in English"
    ]


def test_a_coordinator_retires_and_restores_a_kind_of_activity(client, db):
    signed_in_coordinator(client, db)
    page = client.get(LIST)
    retired = client.submit(page, f"{edit_url(walking(db))}/retire", {})
    listed = client.follow(retired)
    assert "Retired. It is hidden" in listed.text()
    assert "Walking and outdoors" in listed.text("#categories-retired ~ div")
    assert walking(db).retired
    assert "This kind of activity is retired" in client.get(edit_url(walking(db))).text()
    client.submit(listed, f"{edit_url(walking(db))}/restore", {})
    assert not walking(db).retired
    assert [event.action for event in db.scalars(select(AuditEvent).order_by(AuditEvent.id))][-2:] == [
        "category.retired",
        "category.restored",
    ]


def test_the_pages_are_translated(client, db):
    signed_in_coordinator(client, db)
    welsh = client.get("/cy/coordinator/categories")
    assert welsh.h1 != "Kinds of activity"
    urdu = client.get(f"/ur/coordinator/categories/{walking(db).id}")
    assert urdu.one("html")["dir"] == "rtl"
    assert "Name" not in [label.get_text(strip=True) for label in urdu.select("main form label")]


def test_an_unknown_category_is_not_found(client, db):
    signed_in_coordinator(client, db)
    client.get("/en/coordinator/categories/999999", expected_status=404)


def test_an_editor_saving_a_listing_keeps_its_retired_kind_of_activity(client, db):
    with_postcodes(db)
    organisation = make_organisation(db, "walkers", "Leeds Walkers")
    listing = published_listing(db, organisation, categories=["walking", "exercise", "social"])
    signed_in_coordinator(client, db)
    client.submit(client.get(LIST), f"{edit_url(walking(db))}/retire", {})
    sign_in_as(client, db, make_user(db, "lead@example.org", Role.ORG_EDITOR, organisation, is_org_admin=True))
    url = f"/en/organisation/listings/{listing.id}/edit/about"
    page = client.get(url)
    assert "walking" not in [box["value"] for box in page.select("input[name=categories]")]
    saved = client.post(url, {**page.form_values("main form"), "categories": ["social"]})
    assert saved.status == 303, saved.errors()
    client.submit(client.follow(saved), f"/en/organisation/listings/{listing.id}/edit", {}, expected_status=303)
    revision = db.scalars(select(ListingRevision).order_by(ListingRevision.id.desc())).first()
    assert revision.snapshot["categories"] == ["walking", "social"]
