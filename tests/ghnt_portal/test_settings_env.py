"""Reading settings from the environment (ghnt_portal/settings/env.py)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from ghnt_portal.settings.env import env_str


def test_an_empty_variable_falls_back_to_the_default(monkeypatch):
    monkeypatch.setenv("GHNT_TEST_URL", "")

    assert env_str("GHNT_TEST_URL", "sqlite:///db.sqlite3") == "sqlite:///db.sqlite3"


def test_a_set_variable_wins_over_the_default(monkeypatch):
    monkeypatch.setenv("GHNT_TEST_URL", "postgres://db/ghnt")

    assert env_str("GHNT_TEST_URL", "sqlite:///db.sqlite3") == "postgres://db/ghnt"


@pytest.mark.parametrize("value", [None, ""])
def test_a_required_variable_that_is_missing_or_empty_stops_the_start(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("GHNT_TEST_SECRET", raising=False)
    else:
        monkeypatch.setenv("GHNT_TEST_SECRET", value)

    with pytest.raises(ImproperlyConfigured, match="GHNT_TEST_SECRET"):
        env_str("GHNT_TEST_SECRET")
