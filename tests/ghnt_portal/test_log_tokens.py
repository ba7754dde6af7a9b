"""Invitation and password-reset tokens stay out of gunicorn's logs and are masked in every path
that names them; every other path of the portal is logged as it is."""

import io
import logging
import runpy
import uuid
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.urls import reverse
from gunicorn.config import Config
from gunicorn.util import load_class

from ghnt_portal.accounts.secret_urls import MASKED_SEGMENT, mask_secret_tokens
from ghnt_portal.security.gunicorn_logging import RedactingLogger
from tests.ghnt_portal.test_security_csp import url_names

GUNICORN_CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"
TOKEN = "c4b2x3-8f0e1d2c3b4a5968"
INVITATION_PATH = reverse("accounts:accept_invitation", kwargs={"token": TOKEN})
RESET_PATH = reverse("accounts:password_reset_confirm", kwargs={"uidb64": "MQ", "token": TOKEN})
SECRET_URL_NAMES = {"accounts:accept_invitation", "accounts:password_reset_confirm"}


def test_the_token_of_an_invitation_link_is_masked():
    assert mask_secret_tokens(INVITATION_PATH) == INVITATION_PATH.replace(TOKEN, MASKED_SEGMENT)
    assert TOKEN not in mask_secret_tokens(INVITATION_PATH)


def test_the_token_of_a_password_reset_link_is_masked_and_the_rest_is_kept():
    masked = mask_secret_tokens(RESET_PATH)

    assert masked == RESET_PATH.replace(TOKEN, MASKED_SEGMENT)
    assert "/MQ/" in masked


def test_the_address_django_moves_a_reset_token_to_is_kept():
    """PasswordResetConfirmView redirects to ".../<uidb64>/set-password/": no token there."""
    path = reverse(
        "accounts:password_reset_confirm", kwargs={"uidb64": "MQ", "token": "set-password"}
    )

    assert mask_secret_tokens(path) == path


def example_kwargs(names: set[str]) -> dict:
    """A value of the right kind for each URL keyword of the portal."""
    values = {}
    for name in names:
        if "uuid" in name:
            values[name] = uuid.UUID(int=7)
        elif name in {"pk", "user_pk", "number", "object_id"} or name.endswith("_id"):
            values[name] = 7
        else:
            values[name] = "testland"
    return values


OTHER_PATHS = sorted(
    reverse(name, kwargs=example_kwargs(kwargs))
    for name, kwargs in url_names()
    if name not in SECRET_URL_NAMES and not name.startswith("admin:")
)


@pytest.mark.parametrize("path", OTHER_PATHS)
def test_every_other_path_of_the_portal_is_kept(path):
    assert mask_secret_tokens(path) == path


@pytest.fixture
def gunicorn_logger():
    """The logger class gunicorn.conf.py names, with its access and error log in a buffer."""
    settings = runpy.run_path(str(GUNICORN_CONF))
    cfg = Config()
    cfg.set("accesslog", "-")
    cfg.set("access_log_format", settings["access_log_format"])
    logger = load_class(settings["logger_class"])(cfg)
    output = io.StringIO()
    handler = logging.StreamHandler(output)
    for log in (logger.access_log, logger.error_log):
        log.handlers = [handler]
    logger.output = output
    return logger


def access_line(logger, path: str, *, status: str = "200 OK", referer: str = "-") -> str:
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.1",
        "HTTP_REFERER": referer,
    }
    response = SimpleNamespace(status=status, sent=512, headers=[])
    request = SimpleNamespace(headers=[("REFERER", referer)])
    logger.access(response, request, environ, timedelta(milliseconds=12))
    return logger.output.getvalue().strip()


def test_the_configured_logger_masks_tokens(gunicorn_logger):
    assert isinstance(gunicorn_logger, RedactingLogger)


@pytest.mark.parametrize("path", [INVITATION_PATH, RESET_PATH])
def test_the_access_line_of_a_link_has_the_path_and_status_without_the_token(gunicorn_logger, path):
    line = access_line(gunicorn_logger, path, status="302 Found")

    masked = path.replace(TOKEN, MASKED_SEGMENT)
    assert line == f'192.0.2.1 "GET {masked} HTTP/1.1" 302 512 0.012000s'


@pytest.mark.parametrize("path", ["/account/uitnodiging/", "/regio/testland/", "/healthz"])
def test_the_access_line_of_another_path_is_unchanged(gunicorn_logger, path):
    line = access_line(gunicorn_logger, path, status="404 Not Found")

    assert line == f'192.0.2.1 "GET {path} HTTP/1.1" 404 512 0.012000s'


def test_any_access_log_format_has_no_token(gunicorn_logger):
    """bench/run.py passes its own format; gunicorn's default names the Referer too."""
    gunicorn_logger.cfg.set("access_log_format", Config().access_log_format)

    line = access_line(gunicorn_logger, RESET_PATH, referer=f"https://ghnt.example.nl{RESET_PATH}")

    assert TOKEN not in line
    assert line.count(RESET_PATH.replace(TOKEN, MASKED_SEGMENT)) == 2


def test_the_error_log_of_a_failed_request_has_no_token(gunicorn_logger):
    gunicorn_logger.error("Error handling request %s", INVITATION_PATH)

    assert gunicorn_logger.output.getvalue().strip() == (
        f"Error handling request {INVITATION_PATH.replace(TOKEN, MASKED_SEGMENT)}"
    )


def test_a_configuration_reload_adds_no_second_filter(gunicorn_logger):
    filters = list(gunicorn_logger.error_log.filters)

    gunicorn_logger.setup(gunicorn_logger.cfg)

    assert gunicorn_logger.error_log.filters == filters
