"""The portal's e-mail backend: every mail it sends leaves through here."""

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend


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
