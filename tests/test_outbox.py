from datetime import timedelta

from sqlalchemy import select

from portal.db import utcnow
from portal.outbox.backends import PermanentFailure
from portal.outbox.models import Channel, DeliveryStatus, OutboxMessage
from portal.outbox.services import RETRY_DELAYS, queue_message, send_due


class RecordingBackend:
    """A provider that remembers what it accepted, and can be asked."""

    def __init__(self, accepted: tuple[int, ...] = ()) -> None:
        self.sent: list[OutboxMessage] = []
        self.accepted = set(accepted)
        self.asked: list[int] = []

    def send(self, message: OutboxMessage) -> str:
        self.sent.append(message)
        self.accepted.add(message.id)
        return f"ref-{message.id}"

    def find_sent(self, message: OutboxMessage) -> str | None:
        self.asked.append(message.id)
        return f"ref-{message.id}" if message.id in self.accepted else None


class FailingBackend:
    def __init__(self, error: Exception) -> None:
        self.error = error

    def send(self, message: OutboxMessage) -> str:
        raise self.error

    def find_sent(self, message: OutboxMessage) -> str | None:
        return None


def queue(app, **overrides):
    fields = {"channel": Channel.EMAIL, "to": "sam@example.com", "template": "t", "locale": "cy"} | overrides
    with app.test_request_context():
        from portal.db import session

        message = queue_message(**fields)
        session.commit()
        return message.id


def test_a_queued_message_is_sent_once(app, db):
    message_id = queue(app)
    backend = RecordingBackend()
    with app.app_context():
        assert send_due(backend).sent == 1
        assert send_due(backend).sent == 0
    message = db.get(OutboxMessage, message_id)
    assert message.status == DeliveryStatus.SENT
    assert message.provider_reference == f"ref-{message_id}"
    assert [m.id for m in backend.sent] == [message_id]


def test_a_failed_send_is_retried_later_with_growing_delays(app, db):
    message_id = queue(app)
    now = utcnow()
    with app.app_context():
        report = send_due(FailingBackend(ConnectionError("provider down")), now=now)
    assert report.retrying == 1
    message = db.get(OutboxMessage, message_id)
    assert message.status == DeliveryStatus.PENDING
    assert message.attempts == 1
    assert message.next_attempt_at == now + RETRY_DELAYS[0]
    assert message.last_error == "ConnectionError: provider down"
    with app.app_context():
        assert send_due(RecordingBackend(), now=now).sent == 0  # not due yet
        assert send_due(RecordingBackend(), now=now + RETRY_DELAYS[0]).sent == 1


def test_a_message_that_keeps_failing_is_kept_as_failed_never_dropped(app, db):
    message_id = queue(app)
    now = utcnow()
    with app.app_context():
        for _ in range(len(RETRY_DELAYS) + 1):
            send_due(FailingBackend(TimeoutError("slow")), now=now)
            now += timedelta(days=1)
    message = db.get(OutboxMessage, message_id)
    assert message.status == DeliveryStatus.FAILED
    assert message.attempts == len(RETRY_DELAYS) + 1


def test_a_permanent_failure_is_not_retried(app, db):
    message_id = queue(app)
    with app.app_context():
        assert send_due(FailingBackend(PermanentFailure("no route"))).failed == 1
    assert db.get(OutboxMessage, message_id).status == DeliveryStatus.FAILED


def test_a_message_with_a_dedupe_key_is_queued_once(app, db):
    first = queue(app, dedupe_key="referral-1-confirmation")
    second = queue(app, dedupe_key="referral-1-confirmation")
    assert first == second
    assert len(db.scalars(select(OutboxMessage)).all()) == 1


def test_a_message_left_half_sent_by_a_crashed_sender_is_picked_up_again(app, db):
    message_id = queue(app)
    message = db.get(OutboxMessage, message_id)
    message.status = DeliveryStatus.SENDING
    message.claimed_until = utcnow() - timedelta(seconds=1)
    db.commit()
    with app.app_context():
        assert send_due(RecordingBackend()).sent == 1


def half_sent(db, message_id):
    message = db.get(OutboxMessage, message_id)
    message.status = DeliveryStatus.SENDING
    message.claimed_until = utcnow() - timedelta(seconds=1)
    db.commit()


def test_a_message_the_provider_accepted_before_the_sender_died_is_not_sent_again(app, db):
    message_id = queue(app)
    half_sent(db, message_id)
    provider = RecordingBackend(accepted=(message_id,))
    with app.app_context():
        assert send_due(provider).sent == 1
    assert provider.sent == []
    db.expire_all()
    message = db.get(OutboxMessage, message_id)
    assert (message.status, message.provider_reference) == (DeliveryStatus.SENT, f"ref-{message_id}")


def test_only_a_message_left_half_sent_makes_the_sender_ask_the_provider(app, db):
    fresh, interrupted = queue(app), queue(app, to="kim@example.com")
    half_sent(db, interrupted)
    provider = RecordingBackend()
    with app.app_context():
        assert send_due(provider).sent == 2
    assert provider.asked == [interrupted]
    assert sorted(message.id for message in provider.sent) == [fresh, interrupted]


def test_a_message_being_sent_by_another_sender_is_left_alone(app, db):
    message_id = queue(app)
    message = db.get(OutboxMessage, message_id)
    message.status = DeliveryStatus.SENDING
    message.claimed_until = utcnow() + timedelta(minutes=5)
    db.commit()
    with app.app_context():
        assert send_due(RecordingBackend()).sent == 0


def test_a_sent_message_no_longer_keeps_its_personalisation(app, db):
    message_id = queue(app, context={"reset_link": "https://example.test/reset/secret"})
    with app.app_context():
        send_due(RecordingBackend())
    assert db.get(OutboxMessage, message_id).context == {}


def test_a_message_waiting_for_a_retry_keeps_its_personalisation(app, db):
    message_id = queue(app, context={"name": "Sam"})
    with app.app_context():
        send_due(FailingBackend(ConnectionError("down")))
    assert db.get(OutboxMessage, message_id).context == {"name": "Sam"}
