"""The account URLs whose path carries a secret token; the logs show "…" in its place.

Kept next to ``urls.py`` and free of Django imports, because gunicorn's logger loads it before
Django is set up. tests/ghnt_portal/test_log_tokens.py checks the patterns against ``reverse()``.
"""

import re

# A path segment as it appears in a log line, a request line or a Referer header.
_SEGMENT = r"[^/?#\s\"']+"

# Group 1 is kept; the rest of the match is the token.
SECRET_TOKEN_PATHS = (
    # accounts:accept_invitation, "uitnodiging/<token>/"
    re.compile(rf"(/account/uitnodiging/){_SEGMENT}"),
    # accounts:password_reset_confirm, "wachtwoord-herstellen/<uidb64>/<token>/"; Django's
    # redirect puts "set-password" in place of the token (PasswordResetConfirmView.reset_url_token).
    re.compile(rf"(/account/wachtwoord-herstellen/{_SEGMENT}/)(?!set-password/){_SEGMENT}"),
)
MASKED_SEGMENT = "…"


def mask_secret_tokens(text: str) -> str:
    for pattern in SECRET_TOKEN_PATHS:
        text = pattern.sub(rf"\g<1>{MASKED_SEGMENT}", text)
    return text
