"""gunicorn.conf.py: what a worker does once it has loaded the portal."""

import gc
import runpy
import threading
from pathlib import Path

import pytest

from ghnt_portal import pdf

CONFIG = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


@pytest.fixture
def config():
    return runpy.run_path(str(CONFIG))


@pytest.fixture
def unfrozen():
    yield
    gc.unfreeze()


def test_a_started_worker_loads_weasyprint_and_freezes_the_loaded_objects(
    config, unfrozen, monkeypatch
):
    monkeypatch.setattr(pdf, "_fonts", threading.local())
    gc.unfreeze()

    config["post_worker_init"](worker=None)

    assert hasattr(pdf._fonts, "config")
    assert gc.get_freeze_count() > 0


def test_the_defaults_are_sync_workers_with_room_for_a_pdf(config):
    assert config["threads"] == 1
    assert config["timeout"] >= 30
