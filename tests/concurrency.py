"""Two requests at the same moment, as a double click makes them."""

import threading
from collections.abc import Callable

from django.db import connection


def twice_at_once(monkeypatch, module, lock_name: str, call: Callable[[], int]) -> list[int]:
    """Run ``call`` (e.g. a post that returns its status code) in two threads that both reach
    ``module.<lock_name>`` before either takes the lock; the results in the order they end.

    The two transactions must meet at a row lock: use with ``postgresql_only`` and
    ``django_db(transaction=True)``.
    """
    barrier = threading.Barrier(2)
    lock = getattr(module, lock_name)

    def both_then_lock(*args, **kwargs):
        barrier.wait(timeout=10)
        return lock(*args, **kwargs)

    monkeypatch.setattr(module, lock_name, both_then_lock)
    results = []

    def run():
        try:
            results.append(call())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results
