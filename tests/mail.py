"""Stand-in mail servers behind the portal's backend (EMAIL_DELIVERY_BACKEND), for the tests of
mail sent in the background (ghnt_portal.mail)."""

import smtplib
import threading
from contextlib import contextmanager

from django.core.mail.backends.locmem import EmailBackend as OutboxBackend
from django.test import override_settings

_answer = threading.Event()


class HeldBackend(OutboxBackend):
    """Delivers to the outbox once the mail server answers (at most 10 s)."""

    def send_messages(self, messages):
        _answer.wait(10)
        return super().send_messages(messages)


class FailingBackend(OutboxBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("mail server gone")


@contextmanager
def held_mail_server():
    """A mail server that answers when the yielded event is set, and at the latest on leaving."""
    _answer.clear()
    try:
        with override_settings(EMAIL_DELIVERY_BACKEND=f"{__name__}.HeldBackend"):
            yield _answer
    finally:
        _answer.set()


def failing_mail_server():
    return override_settings(EMAIL_DELIVERY_BACKEND=f"{__name__}.FailingBackend")
