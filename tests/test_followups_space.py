"""Space in a group: an organisation marks a listing or a session full, waiting list or taking
new people; search, the listing page and the link worker's pages show it; and a full group
is sent a referral only when the holder chooses to."""

from sqlalchemy import select

from portal.directory.models import Listing, Schedule
from portal.organisations.models import GroupReferral, ListingRevision
from tests.authz import sign_in_as
from tests.directory_helpers import weekly, with_postcodes
from tests.followups_helpers import arrange
from tests.organisations_helpers import change_and_send, published_listing


def space_url(listing):
    return f"/en/organisation/listings/{listing.id}/space"


def set_space(client, db, listing, **answers):
    page = client.get(space_url(listing))
    return client.submit(page, space_url(listing), answers, 303)


def two_sessions(app, db):
    arranged = arrange(app, db)
    listing = published_listing(
        db, arranged.organisation, "Tuesday and Thursday Walk", schedules=[weekly("TU"), weekly("TH")]
    )
    return arranged, listing


def test_an_editor_marks_one_session_full_and_it_publishes_at_once(client, app, db):
    arranged, listing = two_sessions(app, db)
    sign_in_as(client, db, arranged.lead)
    tuesday, _thursday = db.scalars(select(Schedule).where(Schedule.listing_id == listing.id).order_by(Schedule.id))
    set_space(client, db, listing, capacity="open", **{f"session_{tuesday.id}": "full"})
    db.expire_all()
    assert [schedule.capacity for schedule in db.get(Listing, listing.id).schedules] == ["full", None]
    page = client.get(f"/en/directory/listings/{listing.id}")
    sessions = [item.get_text(" ", strip=True) for item in page.select("main h2 + ul.plain-list li")]
    assert "Full at the moment" in sessions[0] and "Full" not in sessions[1]
    revision = db.scalars(select(ListingRevision).where(ListingRevision.listing_id == listing.id)).all()[-1]
    assert revision.snapshot["schedules"][0]["capacity"] == "full"


def test_a_waiting_list_shows_on_the_listing_and_in_search(client, app, db):
    with_postcodes(db)
    arranged = arrange(app, db)
    sign_in_as(client, db, arranged.lead)
    set_space(client, db, arranged.listing, capacity="waiting_list")
    page = client.get(f"/en/directory/listings/{arranged.listing.id}")
    assert "This group has a waiting list" in page.text()
    card = client.get("/en/directory?postcode=LS6+1AN").select("#result-list .result")[0]
    assert card.select_one(".result__space").get_text(strip=True) == "Waiting list"


def test_a_listing_whose_every_session_is_full_is_full(client, app, db):
    with_postcodes(db)
    arranged, listing = two_sessions(app, db)
    sign_in_as(client, db, arranged.lead)
    sessions = db.scalars(select(Schedule.id).where(Schedule.listing_id == listing.id)).all()
    set_space(client, db, listing, capacity="open", **{f"session_{schedule}": "full" for schedule in sessions})
    assert "This group is full at the moment" in client.get(f"/en/directory/listings/{listing.id}").text()
    cards = client.get("/en/directory?postcode=LS6+1AN").select("#result-list .result")
    spaces = {card.select_one(".result__title").get_text(strip=True): card.select(".result__space") for card in cards}
    assert spaces["Tuesday and Thursday Walk"][0].get_text(strip=True) == "Full at the moment"
    assert spaces["Headingley Health Walk"] == []


def test_a_sessions_space_outlives_an_edit_to_the_listing(client, app, db):
    with_postcodes(db)
    arranged, listing = two_sessions(app, db)
    arranged.organisation.trusted = True
    db.commit()
    sign_in_as(client, db, arranged.lead)
    tuesday = db.scalars(select(Schedule.id).where(Schedule.listing_id == listing.id).order_by(Schedule.id)).first()
    set_space(client, db, listing, capacity="open", **{f"session_{tuesday}": "waiting_list"})
    change_and_send(client, listing.id, "about", {"summary": "A new summary."})
    change_and_send(client, listing.id, "when", {"sessions-1-opens_at": "11:00"})  # Thursday's time only
    db.expire_all()
    edited = db.get(Listing, listing.id)
    assert edited.summary == "A new summary."
    assert [(schedule.byday, schedule.capacity) for schedule in edited.schedules] == [
        ("TU", "waiting_list"),
        ("TH", None),
    ]


def test_a_made_up_space_is_refused_with_a_page_not_a_crash(client, app, db):
    arranged = arrange(app, db)
    sign_in_as(client, db, arranged.lead)
    page = client.get(space_url(arranged.listing))
    shown = client.submit(page, space_url(arranged.listing), {"capacity": "enormous"}, 200)
    assert shown.errors()
    assert client.submit(page, space_url(arranged.listing), {}, 200).errors() == ["Select whether it has space"]


def full(db, listing):
    listing.capacity = "full"
    db.commit()


def refer(client, arranged, **more):
    url = f"/en/referrals/{arranged.person.id}/refer-to-a-group"
    page = client.get(url)
    data = {"listing": str(arranged.listing.id), "contact": "07911 123456", "consent": "y", **more}
    return page, client.submit(page, url, data)


def test_a_full_group_says_so_where_the_holder_chooses(client, app, db):
    with_postcodes(db)
    arranged = arrange(app, db)
    full(db, arranged.listing)
    sign_in_as(client, db, arranged.worker)
    page = client.get(f"/en/referrals/{arranged.person.id}/refer-to-a-group")
    options = [option.get_text() for option in page.select("#listing option")]
    assert "Headingley Health Walk (Full at the moment)" in options
    connect = client.get(f"/en/triage/referrals/{arranged.person.reference}/connect?words=walk")
    assert "Space Full at the moment" in connect.text()  # among the listing's facts


def test_a_full_group_needs_the_holders_choice(client, app, db):
    arranged = arrange(app, db)
    full(db, arranged.listing)
    sign_in_as(client, db, arranged.worker)
    _page, shown = refer(client, arranged)
    assert shown.status == 200
    assert shown.errors() == ["This group is full. Choose another group, or say you want to send it anyway"]
    assert shown.select("input[name='send_while_full']")
    assert db.scalar(select(GroupReferral)) is None
    _page, sent = refer(client, arranged, send_while_full="y")
    assert sent.status == 303
    assert db.scalar(select(GroupReferral.sent_while_full)) is True
    case = client.get(f"/en/triage/referrals/{arranged.person.reference}")
    assert "Sent knowing the group was full" in case.text(".group-referrals")


def test_a_group_with_space_is_sent_without_the_question(client, app, db):
    arranged = arrange(app, db)
    sign_in_as(client, db, arranged.worker)
    page, sent = refer(client, arranged)
    assert not page.select("input[name='send_while_full']")
    assert sent.status == 303
    assert db.scalar(select(GroupReferral.sent_while_full)) is False
