"""Who the audit trail records as the actor of a change, when that is not the request's user."""

from collections.abc import Iterator
from contextlib import contextmanager

from auditlog.context import auditlog_value, set_actor


@contextmanager
def recorded_as(actor) -> Iterator[None]:
    """Record the changes made inside the block with ``actor`` as their actor: also inside a
    request, whose changes AuditlogMiddleware records as the request's user's (or nobody's, for
    an anonymous request). On leaving, the changes are the request's user's again.

    django-auditlog's ``set_actor`` cannot simply be nested in the middleware's context (up to
    3.4 at least, jazzband/django-auditlog#846): it keeps its context in the ContextVar
    ``auditlog_value`` without putting back the one it replaced. Leaving it, it disconnects its
    own ``pre_save`` receiver, but the middleware then finds the inner context in the variable:
    the rest of the request loses its actor (the middleware's receiver only acts for its own
    context), and the middleware disconnects the inner receiver again instead of its own, which
    stays connected for the life of the process. Here the variable is reset to what it held
    before the block, so the middleware finds its own context again and disconnects its own
    receiver as usual."""
    # Only for its token: reset() puts back what the variable held here (or that it held nothing).
    before = auditlog_value.set(auditlog_value.get(None))
    try:
        with set_actor(actor):
            yield
    finally:
        auditlog_value.reset(before)
