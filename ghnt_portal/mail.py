"""The portal's e-mail backend: every mail it sends leaves through here. Also a sender for mail
that must not keep a request waiting on the mail server."""

import atexit
import logging
import queue
import threading

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger(__name__)

# At exit (a gunicorn worker shutting down or being replaced after GUNICORN_MAX_REQUESTS, the dev
# server stopping or reloading) the queue gets this long to empty: well within gunicorn's
# graceful_timeout, and long enough for a few SMTP round trips (50–500 ms each).
DRAIN_SECONDS_AT_EXIT = 5


class AutoSubmittedEmailBackend(BaseEmailBackend):
    """Marks every message ``Auto-Submitted: auto-generated`` (RFC 3834) and, for Exchange,
    ``X-Auto-Response-Suppress: All``, so out-of-office replies and other autoresponders leave it
    unanswered, then hands it to EMAIL_DELIVERY_BACKEND
    (SMTP in production, the console in development, the in-memory outbox in tests)."""

    def __init__(self, fail_silently: bool = False, **kwargs):
        super().__init__(fail_silently=fail_silently)
        self.delivery = get_connection(
            settings.EMAIL_DELIVERY_BACKEND, fail_silently=fail_silently, **kwargs
        )

    def open(self):
        return self.delivery.open()

    def close(self):
        self.delivery.close()

    def send_messages(self, email_messages):
        for message in email_messages:
            message.extra_headers.setdefault("Auto-Submitted", "auto-generated")
            # Exchange and Outlook, common at municipalities, ignore RFC 3834 and read this one.
            message.extra_headers.setdefault("X-Auto-Response-Suppress", "All")
        return self.delivery.send_messages(email_messages)


def send_logging_failure(message: EmailMessage) -> None:
    """Send through EMAIL_BACKEND; a failure is logged, never raised."""
    try:
        message.send()
    except Exception:
        # The subject only: the address and the body (which may hold a link's token) stay out.
        logger.exception("The e-mail %r could not be sent", message.subject)


class BackgroundSender:
    """Sends messages one at a time in a daemon thread, so the request that queues one is
    answered without waiting for the mail server.

    The thread starts with the first message, in the process that serves the request. A process
    forked later (a gunicorn worker of a preloaded app) has no thread and starts its own with a
    queue of its own; the parent still sends what it queued."""

    def __init__(self):
        self._lock = threading.Lock()
        self._queue: queue.SimpleQueue | None = None
        self._thread: threading.Thread | None = None

    def submit(self, message: EmailMessage) -> None:
        """Queue a fully rendered message (the thread does not touch the database)."""
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._queue = queue.SimpleQueue()
                self._thread = threading.Thread(
                    target=self._run, args=(self._queue,), name="mail-sender", daemon=True
                )
                self._thread.start()
            self._queue.put(message)

    def stop(self, timeout: float) -> bool:
        """Send what is queued, waiting at most ``timeout`` seconds; True when all of it went
        out. The thread then ends; a later submit starts a new one."""
        with self._lock:
            thread, self._thread = self._thread, None
            if thread is None:
                return True
            self._queue.put(None)
        thread.join(timeout)
        return not thread.is_alive()

    @staticmethod
    def _run(messages: queue.SimpleQueue) -> None:
        while (message := messages.get()) is not None:
            send_logging_failure(message)


background_sender = BackgroundSender()


@atexit.register
def _drain_at_exit() -> None:
    """A graceful exit (gunicorn's SIGTERM, a worker replaced after max_requests, Ctrl-C on the
    dev server) runs atexit hooks; a SIGKILL loses what is still queued."""
    if not background_sender.stop(DRAIN_SECONDS_AT_EXIT):
        logger.error("Exiting with e-mail still queued; it is not sent")


def send_in_background(message: EmailMessage) -> None:
    """Send ``message`` after the response, through EMAIL_BACKEND; a failure is logged, never
    raised. With MAIL_IN_BACKGROUND off (the tests) it is sent at once, the same way."""
    if settings.MAIL_IN_BACKGROUND:
        background_sender.submit(message)
    else:
        send_logging_failure(message)
