"""The triage queue: order, time limits shown in words, filters, counts, refresh, take, reassign."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from portal.accounts.models import AuditEvent, Role
from portal.referrals.models import Referral, ReferralKind
from tests.authz import make_user, sign_in_as
from tests.harness import Page
from tests.triage_helpers import WEDNESDAY_NOON, clock_at, make_referral


@pytest.fixture
def worker(db):
    return make_user(db, "sam.worker@example.org", Role.LINK_WORKER, name="Sam Worker")


@pytest.fixture
def signed_in(client, db, worker):
    sign_in_as(client, db, worker)
    return client


def references_in(page):
    return [cell.select_one("a").get_text() for cell in page.select("table.triage-queue tbody th")]


def test_urgent_referrals_come_first_then_the_soonest_due(app, db, signed_in):
    later = make_referral(app, db, submitted_at=WEDNESDAY_NOON)
    sooner = make_referral(app, db, submitted_at=WEDNESDAY_NOON - timedelta(days=1))
    urgent = make_referral(app, db, urgent=True, submitted_at=WEDNESDAY_NOON + timedelta(hours=1))
    with clock_at(app, WEDNESDAY_NOON):
        page = signed_in.get("/en/triage")
    assert references_in(page) == [urgent.reference, sooner.reference, later.reference]


def test_a_self_referral_is_due_three_working_days_later_and_a_call_back_one(app, db):
    friday = datetime(2026, 3, 13, 10, 0, tzinfo=UTC)
    self_referral = make_referral(app, db, submitted_at=friday)
    callback = make_referral(app, db, kind=ReferralKind.CALLBACK, submitted_at=friday)
    assert self_referral.due_at == datetime(2026, 3, 18, 10, 0, tzinfo=UTC)
    assert callback.due_at == datetime(2026, 3, 16, 10, 0, tzinfo=UTC)


def test_overdue_and_due_today_are_said_in_words(app, db, signed_in):
    overdue = make_referral(app, db, kind=ReferralKind.CALLBACK, submitted_at=WEDNESDAY_NOON - timedelta(days=2))
    due_today = make_referral(
        app, db, kind=ReferralKind.CALLBACK, submitted_at=WEDNESDAY_NOON - timedelta(days=1, hours=-2)
    )
    on_time = make_referral(app, db)
    with clock_at(app, WEDNESDAY_NOON):
        page = signed_in.get("/en/triage")
    rows = {row.select_one("th a").get_text(): row.get_text(" ") for row in page.select("table.triage-queue tbody tr")}
    assert "Overdue" in rows[overdue.reference]
    assert "Due today" in rows[due_today.reference]
    assert "Overdue" not in rows[on_time.reference] and "Due today" not in rows[on_time.reference]


def test_closed_referrals_are_not_in_the_queue(app, db, signed_in):
    make_referral(app, db, status="closed")
    open_one = make_referral(app, db)
    assert references_in(signed_in.get("/en/triage")) == [open_one.reference]


@pytest.mark.parametrize(
    ("query", "wanted"),
    [
        ("type=callback", "callback"),
        ("type=possible_spam", "spam"),
        ("urgent=y", "urgent"),
        ("language=ur", "urdu"),
        ("area=ls11", "ls11"),
        ("need=money", "money"),
        ("status=in_support", "in_support"),
        ("holder=unassigned", "unassigned"),
    ],
)
def test_each_filter_shows_only_what_matches(app, db, signed_in, worker, query, wanted):
    made = {
        "callback": make_referral(app, db, kind=ReferralKind.CALLBACK, holder_id=worker.id),
        "spam": make_referral(app, db, possible_spam=True, holder_id=worker.id),
        "urgent": make_referral(app, db, urgent=True, holder_id=worker.id),
        "urdu": make_referral(app, db, language="ur", holder_id=worker.id),
        "ls11": make_referral(app, db, outward_code="LS11", holder_id=worker.id),
        "money": make_referral(app, db, needs=["money", "housing"], holder_id=worker.id),
        "in_support": make_referral(app, db, status="in_support", holder_id=worker.id),
        "unassigned": make_referral(app, db, status="new", needs=["food"], outward_code="LS7"),
    }
    page = signed_in.get(f"/en/triage?{query}")
    assert references_in(page) == [made[wanted].reference]


def test_mine_shows_only_what_i_hold(app, db, signed_in, worker):
    mine = make_referral(app, db, holder_id=worker.id, status="in_triage")
    make_referral(app, db)
    assert references_in(signed_in.get("/en/triage?holder=mine")) == [mine.reference]


def test_counts_per_status_cover_every_open_status(app, db, signed_in):
    make_referral(app, db)
    make_referral(app, db)
    make_referral(app, db, status="in_support")
    counts = [item.get_text(" ", strip=True) for item in signed_in.get("/en/triage").select(".triage-counts li")]
    assert counts == ["2 New", "0 In triage", "0 Contact attempted", "1 In support"]


def test_a_long_queue_is_shown_a_page_at_a_time_keeping_the_filters(app, db, signed_in):
    app.config["TRIAGE_PAGE_SIZE"] = 2
    made = [make_referral(app, db, submitted_at=WEDNESDAY_NOON + timedelta(minutes=n)) for n in range(5)]
    first = signed_in.get("/en/triage?holder=unassigned")
    assert references_in(first) == [made[0].reference, made[1].reference]
    assert "5 matching referrals (showing 1 to 2)" in first.text("main")
    second = signed_in.get(first.one("a[rel=next]")["href"])
    assert references_in(second) == [made[2].reference, made[3].reference]
    assert "holder=unassigned" in second.one("a[rel=next]")["href"]
    last = signed_in.get(second.one("a[rel=next]")["href"])
    assert references_in(last) == [made[4].reference] and not last.select("a[rel=next]")
    assert last.one("a[rel=prev]")["href"].endswith("page=2&holder=unassigned")
    assert references_in(signed_in.get("/en/triage?page=nonsense")) == references_in(first)


def test_refresh_announces_how_many_new_referrals_arrived(app, db, signed_in):
    first = make_referral(app, db)
    seen = signed_in.get("/en/triage").one("#queue-seen")["value"]
    assert seen == str(first.id)
    for _ in range(3):
        make_referral(app, db)
    page = signed_in.get(f"/en/triage?seen={seen}")
    assert page.text("#queue-news") == "3 new referrals"


def test_the_htmx_refresh_sends_the_list_the_announcement_and_what_it_has_now_seen(app, db, signed_in):
    first = make_referral(app, db)
    newer = make_referral(app, db)
    response = signed_in.client.get(f"/en/triage?seen={first.id}", headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert "<h1" not in body and newer.reference in body
    assert 'hx-swap-oob="innerHTML:#queue-news">1 new referral<' in body
    assert f'value="{newer.id}" id="queue-seen" hx-swap-oob="outerHTML"' in body
    assert response.headers["Vary"] == "Cookie, HX-Request" or "HX-Request" in response.headers["Vary"]


def test_the_queue_is_never_cached_and_every_view_is_audited(app, db, signed_in):
    response = signed_in.get("/en/triage?urgent=y").response
    assert response.headers["Cache-Control"] == "no-store"
    events = db.scalars(select(AuditEvent).where(AuditEvent.action == "triage.queue_viewed")).all()
    assert [event.detail for event in events] == [{"urgent": True}]


def test_refreshing_the_queue_writes_no_audit_event_but_viewing_a_referral_does(app, db, signed_in):
    referral = make_referral(app, db)
    signed_in.get("/en/triage")
    for _poll in range(3):
        signed_in.client.get("/en/triage", headers={"HX-Request": "true"})
    signed_in.get(f"/en/triage/referrals/{referral.reference}")
    signed_in.get(f"/en/triage/referrals/{referral.reference}")
    actions = db.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions.count("triage.queue_viewed") == 1
    assert actions.count("triage.referral_viewed") == 2


def test_take_gives_me_the_referral_and_opens_it(app, db, signed_in, worker):
    referral = make_referral(app, db)
    page = signed_in.get("/en/triage")
    after = signed_in.submit(page, f"/en/triage/referrals/{referral.reference}/take", {})
    assert after.response.headers["Location"].endswith(f"/en/triage/referrals/{referral.reference}")
    db.refresh(referral)
    assert (referral.holder_id, referral.status) == (worker.id, "in_triage")


def test_the_one_who_loses_sees_who_has_it(app, db, signed_in):
    quicker = make_user(db, "alex.quick@example.org", Role.LINK_WORKER, name="Alex Quick")
    referral = make_referral(app, db)
    page = signed_in.get("/en/triage")
    db.execute(Referral.__table__.update().values(holder_id=quicker.id, status="in_triage"))
    db.commit()
    after = signed_in.follow(signed_in.submit(page, f"/en/triage/referrals/{referral.reference}/take", {}))
    assert f"Alex Quick has already taken {referral.reference}." in after.text("body")


def test_take_next_takes_the_first_unheld_referral_in_queue_order(app, db, signed_in, worker):
    other = make_user(db, "other@example.org", Role.LINK_WORKER)
    make_referral(app, db, urgent=True, holder_id=other.id, status="in_triage")
    first = make_referral(app, db, submitted_at=WEDNESDAY_NOON - timedelta(days=1))
    make_referral(app, db)
    signed_in.submit(signed_in.get("/en/triage"), "/en/triage/take-next", {})
    db.refresh(first)
    assert first.holder_id == worker.id


def test_take_next_with_nothing_waiting_says_so(app, db, signed_in):
    after = signed_in.follow(signed_in.submit(signed_in.get("/en/triage"), "/en/triage/take-next", {}))
    assert "There are no referrals waiting to be taken." in after.text("body")


def test_a_coordinator_passes_a_referral_to_someone_else(app, db, client, worker):
    coordinator = make_user(db, "coord@example.org", Role.COORDINATOR)
    referral = make_referral(app, db, holder_id=coordinator.id, status="in_triage")
    sign_in_as(client, db, coordinator)
    page = client.get(f"/en/triage/referrals/{referral.reference}")
    client.submit(page, f"/en/triage/referrals/{referral.reference}/reassign", {"holder": str(worker.id)})
    db.refresh(referral)
    assert referral.holder_id == worker.id
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "triage.referral_reassigned")) is not None


def test_a_coordinator_can_put_a_referral_back_in_the_queue(app, db, client, worker):
    coordinator = make_user(db, "coord@example.org", Role.COORDINATOR)
    referral = make_referral(app, db, holder_id=worker.id, status="in_triage")
    sign_in_as(client, db, coordinator)
    page = client.get(f"/en/triage/referrals/{referral.reference}")
    client.submit(page, f"/en/triage/referrals/{referral.reference}/reassign", {"holder": ""})
    db.refresh(referral)
    assert (referral.holder_id, referral.status) == (None, "new")


def test_the_queue_shows_each_persons_name_to_staff(app, db, signed_in):
    named = make_referral(app, db, full_name="Amira Khan")
    erased = make_referral(app, db, full_name=None)
    rows = {row.select_one("th a").get_text(): row for row in signed_in.get("/en/triage").select("tbody tr")}
    assert rows[named.reference].select_one(".triage-queue__name").get_text(strip=True) == "Amira Khan"
    assert rows[erased.reference].select_one(".triage-queue__name").get_text(strip=True) == "Not given"


def test_every_link_and_button_in_the_refreshed_list_keeps_its_id_so_focus_stays_on_it(app, db, signed_in):
    waiting = make_referral(app, db)
    first = signed_in.get("/en/triage")
    again = signed_in.client.get(f"/en/triage?seen={waiting.id}", headers={"HX-Request": "true"})
    body = again.get_data(as_text=True)
    for element_id in (f"queue-ref-{waiting.reference}", f"queue-take-{waiting.reference}", "queue-count-new"):
        assert first.select(f"#{element_id}") and f'id="{element_id}"' in body


def test_only_what_arrived_since_the_last_refresh_is_marked_new(app, db, signed_in):
    seen = make_referral(app, db)
    arrived = make_referral(app, db)
    body = signed_in.client.get(f"/en/triage?seen={seen.id}", headers={"HX-Request": "true"}).get_data(as_text=True)
    page = Page(signed_in.client.get(f"/en/triage?seen={seen.id}"))
    marked = [row["data-reference"] for row in page.select("tr.triage-row--arrived")]
    assert marked == [arrived.reference] and "New since the last refresh" in body
    assert not signed_in.get("/en/triage").select("tr.triage-row--arrived")  # a first showing marks nothing


@pytest.mark.parametrize("seen", ["9" * 19, "9" * 400, "-1", "1e9", "٣"])
def test_a_seen_counter_too_big_or_not_a_number_is_a_first_showing(app, db, signed_in, seen):
    make_referral(app, db)
    response = signed_in.client.get(f"/en/triage?seen={seen}", headers={"HX-Request": "true"})
    assert response.status_code == 200 and 'hx-swap-oob="innerHTML:#queue-news"><' in response.get_data(as_text=True)


def test_the_filters_sit_above_the_table_in_one_form_that_works_without_javascript(app, db, signed_in):
    make_referral(app, db)
    page = signed_in.get("/en/triage")
    bar = page.one("form.triage-filter-bar")
    assert bar["method"] == "get" and bar.select_one("button[type=submit]")
    assert {field["name"] for field in bar.select("select")} == {"type", "status", "holder", "language", "area", "need"}
    order = [element.name for element in page.soup.select("main form.triage-filter-bar, main table.triage-queue")]
    assert order == ["form", "table"]


def test_queue_and_caseload_tables_stack_on_phones_with_each_cell_labelled(app, db, signed_in, worker):
    make_referral(app, db, holder_id=worker.id, status="in_triage")
    for path in ("/en/triage", "/en/triage/caseload"):
        table = signed_in.get(path).one("main table")
        assert "table--stacked" in table["class"]
        assert all(cell.get("data-label") for cell in table.select("tbody td, tbody th"))
