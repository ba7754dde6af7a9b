from collections.abc import Callable
from typing import TypeVar
from uuid import UUID

from django.db import IntegrityError, transaction

from .models import UsedSubmission

T = TypeVar("T")


class AlreadySubmitted(Exception):
    """This form was sent before and its object saved: save nothing, answer as after success."""


def token_used(token: UUID) -> bool:
    """Whether a form with ``token`` was saved already (the claim in ``submit_once`` decides
    when two arrive at the same moment)."""
    return UsedSubmission.objects.filter(pk=token).exists()


def claim_submission(token: UUID) -> None:
    """Mark ``token`` used, inside the caller's transaction; ``AlreadySubmitted`` when it was.

    Rolls back with the caller: a save that fails leaves the token free for the next try. On
    PostgreSQL a second insert of the same key waits for the first transaction and fails once
    that commits, so two clicks at the same moment also save once."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("claim_submission() belongs inside the transaction that creates.")
    try:
        with transaction.atomic():
            UsedSubmission.objects.create(token=token)
    except IntegrityError as error:
        raise AlreadySubmitted from error


def submit_once(form, create: Callable[[], T]) -> T:
    """Run ``create`` (a service that creates the object of ``form``, a ``SubmitOnceMixin``
    form) and claim the form's token in one transaction, the claim first: a second request with
    the same token raises ``AlreadySubmitted`` without creating anything. A form that edits
    (no token: it has its lock_version) or is no ``SubmitOnceMixin`` form just runs ``create``."""
    if not getattr(form, "submits_once", False):
        return create()
    with transaction.atomic():
        claim_submission(form.submission_token)
        return create()
