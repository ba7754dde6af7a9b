"""gunicorn's logger with the tokens of invitation and password-reset links masked."""

from gunicorn import glogging

from ghnt_portal.accounts.secret_urls import mask_secret_tokens
from ghnt_portal.security.log_filters import RedactPersonalDataFilter


class RedactingLogger(glogging.Logger):
    """Masks the tokens in every access-log atom (request line, path, Referer, environ), whatever
    the access-log format; the error log, which names the URL of a request that failed, gets the
    filter of Django's logs."""

    def setup(self, cfg):
        super().setup(cfg)
        # setup() runs again on a configuration reload: add the filter once.
        if not any(isinstance(f, RedactPersonalDataFilter) for f in self.error_log.filters):
            self.error_log.addFilter(RedactPersonalDataFilter())

    def atoms(self, resp, req, environ, request_time):
        return {
            key: mask_secret_tokens(value) if isinstance(value, str) else value
            for key, value in super().atoms(resp, req, environ, request_time).items()
        }
