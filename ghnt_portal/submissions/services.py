from collections.abc import Callable
from typing import TypeVar
from uuid import UUID

from django.db import IntegrityError, transaction

from .models import UsedSubmission

T = TypeVar("T")


class AlreadySubmitted(Exception):
    """This form was sent before and its object saved: save nothing, answer as after success
    (``views.already_submitted``, which asks ``first_url`` where that was)."""

    def __init__(self, token: UUID):
        super().__init__(token)
        self.token = token


def token_used(token: UUID) -> bool:
    """Whether a form with ``token`` was saved already (the claim in ``submit_once`` decides
    when two arrive at the same moment)."""
    return UsedSubmission.objects.filter(pk=token).exists()


def first_url(token: UUID, user) -> str:
    """Where the first save with ``token`` sent its sender, when ``user`` sent it and
    ``submit_once`` was told; otherwise "". Never someone else's page."""
    if not user.is_authenticated:
        return ""
    submission = UsedSubmission.objects.filter(pk=token, user=user).only("url").first()
    return submission.url if submission else ""


def claim_submission(token: UUID, user=None) -> UsedSubmission:
    """Mark ``token`` used by ``user``, inside the caller's transaction; ``AlreadySubmitted``
    when it was.

    Rolls back with the caller: a save that fails leaves the token free for the next try. On
    PostgreSQL a second insert of the same key waits for the first transaction and fails once
    that commits, so two clicks at the same moment also save once."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("claim_submission() belongs inside the transaction that creates.")
    if user is not None and not user.is_authenticated:
        user = None
    try:
        with transaction.atomic():
            return UsedSubmission.objects.create(token=token, user=user)
    except IntegrityError as error:
        raise AlreadySubmitted(token) from error


def submit_once(
    form,
    create: Callable[[], T],
    *,
    user=None,
    url: Callable[[T], str] | None = None,
) -> T:
    """Run ``create`` (a service that creates the object of ``form``, a ``SubmitOnceMixin``
    form) and claim the form's token in one transaction, the claim first: a second request with
    the same token raises ``AlreadySubmitted`` without creating anything. A form that edits
    (no token: it has its lock_version) or is no ``SubmitOnceMixin`` form just runs ``create``.

    ``url``, from the created object: the page the view sends ``user`` (who sends the form) to
    after the save, when that is the object's own page. It is kept with the token, so that the
    same form sent again by the same person goes there too, not to the fallback the view gives
    ``already_submitted``."""
    if not getattr(form, "submits_once", False):
        return create()
    if url is not None and user is None:
        raise TypeError("submit_once(url=...) needs the user it sends there.")
    with transaction.atomic():
        submission = claim_submission(form.submission_token, user)
        created = create()
        if url is not None:
            submission.url = url(created)
            submission.save(update_fields=["url"])
        return created
