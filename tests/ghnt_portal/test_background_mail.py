"""The background sender (ghnt_portal.mail): it sends through the portal's backend, a failing
mail server is logged without stopping it, and stopping waits no longer than asked."""

import logging
import time

import pytest
from django.core import mail

from ghnt_portal.mail import BackgroundSender
from tests.mail import FailingBackend, held_mail_server


@pytest.fixture
def sender():
    sender = BackgroundSender()
    yield sender
    sender.stop(5)


def message(to: str, **kwargs) -> mail.EmailMessage:
    return mail.EmailMessage("Onderwerp", "Tekst", to=[to], **kwargs)


def recipients_once_there_are(count: int) -> list[str]:
    """The outbox's recipients once it holds ``count`` messages, or after 5 s."""
    deadline = time.monotonic() + 5
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.01)
    return sorted(m.to[0] for m in mail.outbox)


def test_a_queued_message_is_sent_through_the_portals_backend(sender):
    sender.submit(message("a@example.nl"))

    assert sender.stop(5)
    assert [m.to for m in mail.outbox] == [["a@example.nl"]]
    assert mail.outbox[0].extra_headers["Auto-Submitted"] == "auto-generated"


def test_a_failing_mail_server_is_logged_and_the_next_message_still_goes(sender, caplog):
    sender.submit(message("kapot@example.nl", connection=FailingBackend()))
    sender.submit(message("b@example.nl"))

    with caplog.at_level(logging.ERROR, logger="ghnt_portal.mail"):
        assert sender.stop(5)

    assert [m.to for m in mail.outbox] == [["b@example.nl"]]
    assert [record.levelname for record in caplog.records] == ["ERROR"]
    assert "SMTPServerDisconnected" in caplog.text
    assert "kapot@example.nl" not in caplog.text


def test_stop_waits_no_longer_than_asked_and_a_later_message_starts_a_new_thread(sender):
    with held_mail_server() as answer:
        sender.submit(message("a@example.nl"))

        assert not sender.stop(0.05)
        assert mail.outbox == []

        # The first thread sends its message once the server answers; a new one sends the next.
        answer.set()
        sender.submit(message("b@example.nl"))
        assert sender.stop(5)
        assert recipients_once_there_are(2) == ["a@example.nl", "b@example.nl"]
