"""Keeps personal data and secrets out of the logs: e-mail addresses, query strings and the
tokens in invitation and password-reset links are masked."""

import logging
import re

from ghnt_portal.accounts.secret_urls import mask_secret_tokens

EMAIL_RE = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# A query string runs from "?" up to whitespace or a quote; it can hold e-mail addresses and tokens.
QUERY_RE = re.compile(r"\?[^\s\"']*")

EMAIL_MASK = "[e-mailadres]"
QUERY_MASK = "?[…]"


def redact(text: str) -> str:
    return mask_secret_tokens(EMAIL_RE.sub(EMAIL_MASK, QUERY_RE.sub(QUERY_MASK, text)))


class RedactPersonalDataFilter(logging.Filter):
    """Rewrites the record's message in place; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        record.msg = redact(message)
        record.args = ()
        if record.exc_info and not record.exc_text:
            # Exception texts quote values too ("Key (email)=(…) already exists").
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        # The request object carries the full URL and the user's e-mail address.
        if hasattr(record, "request"):
            record.request = None
        return True
