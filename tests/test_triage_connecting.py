"""Connecting from the case: search the directory, suggest listings, send them with consent."""

from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from portal.accounts.models import AuditEvent, Role
from portal.outbox.models import OutboxMessage
from portal.outbox.rendering import render_message
from portal.triage.models import SuggestedListing
from tests.authz import make_user, sign_in_as
from tests.directory_helpers import listing, with_postcodes
from tests.triage_helpers import make_referral


@pytest.fixture
def worker(db):
    return make_user(db, "sam.worker@example.org", Role.LINK_WORKER, name="Sam Worker")


@pytest.fixture
def walks(db):
    with_postcodes(db)
    return listing(db, "Headingley Health Walk", phone="0113 496 0000", url="https://walks.example.org")


def held_by(app, db, worker, **values):
    return make_referral(app, db, holder_id=worker.id, status="in_support", **values)


@pytest.fixture
def signed_in(client, db, worker):
    sign_in_as(client, db, worker)
    return client


def url(referral, action="connect"):
    return f"/en/triage/referrals/{referral.reference}/{action}"


def suggest(client, referral, listing_ids):
    page = client.get(url(referral) + "?words=walk")
    version = page.select("input[name=version]")[0]["value"]
    return client.submit(page, url(referral, "suggestions"), {"version": version, "listings": listing_ids})


def send(client, db, referral, channel, expected_status=303):
    page = client.get(url(referral))
    db.refresh(referral)
    data = {"version": str(referral.version), "channel": channel}
    return client.submit(page, url(referral, "suggestions/send"), data, expected_status=expected_status)


def test_a_search_from_the_case_finds_listings_near_their_area(app, db, signed_in, worker, walks):
    referral = held_by(app, db, worker)
    page = signed_in.get(url(referral) + "?words=walk")
    assert "Headingley Health Walk" in page.text("main")


def test_suggested_listings_are_kept_and_audited(app, db, signed_in, worker, walks):
    referral = held_by(app, db, worker)
    suggest(signed_in, referral, [str(walks.id)])
    assert db.scalar(select(SuggestedListing.listing_id)) == walks.id
    assert "Headingley Health Walk" in signed_in.get(url(referral)).text(".triage-suggestions")
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "triage.listings_suggested")) is not None


def test_suggestions_are_texted_in_their_language_when_they_agreed(app, db, signed_in, worker, walks):
    referral = held_by(app, db, worker, locale="cy", may_send_texts=True, phone="+447911123456")
    suggest(signed_in, referral, [str(walks.id)])
    send(signed_in, db, referral, "sms")
    message = db.scalar(select(OutboxMessage).where(OutboxMessage.template == "suggested-listings"))
    assert (message.channel, message.recipient, message.locale) == ("sms", "+447911123456", "cy")
    with app.test_request_context():
        rendered = render_message(message.template, message.channel, message.locale, message.context)
    assert "Headingley Health Walk" in rendered.body and "0113 496 0000" in rendered.body
    assert "dyma" in rendered.body.lower()
    assert db.scalar(select(SuggestedListing.sent_by)) == "sms"


def test_without_consent_no_way_of_sending_is_offered_or_accepted(app, db, signed_in, worker, walks):
    referral = held_by(app, db, worker, may_send_texts=False, may_send_emails=False, email="sam@example.org")
    suggest(signed_in, referral, [str(walks.id)])
    page = signed_in.get(url(referral))
    assert "have not agreed to texts or emails" in page.text("main")
    page = send(signed_in, db, referral, "email", expected_status=200)
    assert page.errors()
    assert db.scalar(select(OutboxMessage)) is None


def test_choosing_nothing_to_suggest_says_what_to_do(app, db, signed_in, worker, walks):
    referral = held_by(app, db, worker)
    page = signed_in.get(url(referral) + "?words=walk")
    version = page.select("input[name=version]")[0]["value"]
    page = signed_in.submit(page, url(referral, "suggestions"), {"version": version}, expected_status=200)
    assert page.errors() == ["Select the groups or services to suggest"]


@pytest.mark.parametrize("words", ["debt advice", "lunch club", "walking"])
def test_the_connect_pages_own_hint_words_search_without_a_crash(app, db, signed_in, worker, walks, words):
    listing(db, "Leeds Money Line", remote=True, categories=["money"], description="Debt advice by phone.")
    listing(db, "Headingley Debt Advice", miles_north=0.2, categories=["money"])
    referral = held_by(app, db, worker)
    page = signed_in.get(url(referral) + "?" + urlencode({"words": words}))
    assert page.select("main")


def test_each_result_shows_how_far_when_the_cost_the_space_and_links_to_the_listing(app, db, signed_in, worker):
    with_postcodes(db)
    near = listing(db, "Headingley Health Walk", miles_north=1.0)
    listing(
        db, "Walking Netball", miles_north=3.0, is_free=False, fees_description="£2 a session", capacity="waiting_list"
    )
    referral = held_by(app, db, worker)
    page = signed_in.get(url(referral) + "?words=walk")
    results = {
        item.select_one(".connect-result__name").get_text(strip=True): item for item in page.select(".connect-result")
    }
    walk, netball = results["Headingley Health Walk"], results["Walking Netball"]
    facts = {
        dt.get_text(): dd.get_text(" ", strip=True) for dt, dd in zip(walk.select("dt"), walk.select("dd"), strict=True)
    }
    assert "miles away, Community Centre" in facts["Where"]  # from the middle of their area
    assert list(results) == ["Headingley Health Walk", "Walking Netball"]  # the nearest first
    assert facts["Next session"] and facts["Cost"] == "Free" and facts["Space"] == "Open to new people"
    assert walk.select_one(".connect-result__link a")["href"].startswith(f"/en/directory/listings/{near.id}")
    assert "£2 a session" in netball.get_text(" ")
    assert "Waiting list" in netball.get_text(" ")
    checkbox = walk.select_one("input[name=listings]")
    assert checkbox["aria-describedby"] == walk.select_one("dl")["id"]


@pytest.mark.parametrize("chosen", ["9" * 10, "9" * 400])
def test_a_listing_number_too_big_for_any_listing_is_not_an_error(app, db, signed_in, worker, walks, chosen):
    referral = held_by(app, db, worker)
    page = signed_in.get(url(referral) + "?words=walk")
    version = page.select("input[name=version]")[0]["value"]
    answer = signed_in.submit(page, url(referral, "suggestions"), {"version": version, "listings": [chosen]}, 200)
    assert answer.errors() == ["Select the groups or services to suggest"]
