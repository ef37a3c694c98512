"""Where people went, per kind of activity: referrals to groups and their outcomes, came along
against did not come, and the answers to "Did you go?"."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.followups.models import Answer, AnsweredBy, FollowUp
from portal.organisations.models import GroupReferral
from portal.organisations.models import GroupReferralStatus as Status
from tests import reports_helpers
from tests.directory_helpers import listing
from tests.reports_helpers import NOW, at, rows
from tests.triage_helpers import clock_at, make_referral

read_twice = reports_helpers.live_and_counted_client  # every test: live, and from the counts


@pytest.fixture
def sent(app, db):
    with clock_at(app, NOW):
        person = make_referral(app, db, submitted_at=at(1, 10))
        walk = listing(db, "Walk", categories=["walking"])
        choir = listing(db, "Choir", categories=["music", "social"])
    made = []
    for group, status in (
        (walk, Status.ACCEPTED),
        (walk, Status.ATTENDED),
        (walk, Status.DID_NOT_ATTEND),
        (choir, Status.DECLINED),
        (choir, Status.ATTENDED),
        (choir, Status.SENT),
    ):
        made.append(
            GroupReferral(
                referral_id=person.id,
                listing_id=group.id,
                organisation_id=group.organisation_id,
                person_name="A person",
                preferred_contact="phone",
                consent_recorded_at=at(2, 9),
                created_at=at(2, 9),
                status=status,
            )
        )
    db.add_all(made)
    db.flush()
    answers = [(Answer.WENT, AnsweredBy.LINK), (Answer.WANTS_CONTACT, AnsweredBy.TEXT_REPLY)]
    answers += [(None, AnsweredBy.TEXT_IN_WORDS), (None, None)]
    for number, (answer, answered_by) in enumerate(answers):
        db.add(
            FollowUp(
                group_referral_id=made[number].id,
                referral_id=person.id,
                channel="sms",
                locale="en",
                token_hash=f"hash-{number}",
                sent_at=at(20, 9),
                expires_at=at(20, 9) + timedelta(days=14),
                answer=answer,
                answered_by=answered_by,
            )
        )
    db.commit()


def test_referrals_to_groups_are_counted_per_kind_of_activity(app, client, coordinator, sent):
    with clock_at(app, NOW):
        page = client.get("/en/reports/where-people-went")
    assert rows(page, "Referrals to groups by kind of activity") == [
        [
            "Kind of activity",
            "Waiting for the group",
            "Accepted",
            "Declined",
            "Came along",
            "Did not come",
            "Cancelled by the link worker",
            "Total",
        ],
        ["Music and singing", "1", "0", "1", "1", "0", "0", "3"],
        ["Social groups and meeting people", "1", "0", "1", "1", "0", "0", "3"],
        ["Walking and outdoors", "0", "1", "0", "1", "1", "0", "3"],
    ]
    assert rows(page, "Came along or not, by kind of activity")[1:] == [
        ["Music and singing", "1", "0", "100"],
        ["Social groups and meeting people", "1", "0", "100"],
        ["Walking and outdoors", "1", "1", "50"],
    ]


def test_the_answers_to_did_you_go_are_counted(app, client, coordinator, sent):
    with clock_at(app, NOW):
        page = client.get("/en/reports/where-people-went")
    assert rows(page, "Answers to “Did you go?”")[1:] == [
        ["They said they went", "1"],
        ["They said not yet, but they still want to go", "0"],
        ["They asked to talk to someone", "1"],
        ["They replied to the text in their own words: call them", "1"],
        ["No answer yet", "1"],
    ]


def test_an_empty_period_has_no_groups_or_answers(app, client, coordinator, sent):
    with clock_at(app, NOW):
        page = client.get("/en/reports/where-people-went?period=last_month")
    assert rows(page, "Referrals to groups by kind of activity")[1:] == [["Nothing in this period."]]
    assert rows(page, "Answers to “Did you go?”")[1:] == [["Nothing in this period."]]
