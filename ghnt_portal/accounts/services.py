"""Writes about people: invitations to a region and the roles people hold there."""

import logging
import secrets
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from smtplib import SMTPException

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ghnt_portal.audit.actors import recorded_as
from regions.constants import RegionRole
from regions.models import Membership, Municipality, Region
from scan import services as scan_services

from .constants import INVITATION_RESEND_INTERVAL, INVITATION_VALID_DAYS
from .models import Invitation
from .selectors import regions_led_only_by

User = get_user_model()
logger = logging.getLogger(__name__)

ERROR_ALREADY_MEMBER = _("Deze persoon heeft deze rol al in de regio.")
ERROR_ALREADY_INVITED = _(
    "Er staat al een uitnodiging open voor dit e-mailadres met deze rol. "
    "Trek die eerst in als u opnieuw wilt uitnodigen."
)
ERROR_LAST_PROJECTLEIDER = _(
    "Een regio houdt minstens één projectleider. Nodig eerst een andere projectleider uit "
    "voordat u deze rol wijzigt of intrekt."
)
ERROR_INVITATION_NOT_USABLE = _("Deze uitnodiging is niet meer te gebruiken.")
ERROR_INVITATION_CLOSED = _(
    "Deze uitnodiging kan niet meer worden ingetrokken: die is inmiddels %(status)s."
)
ERROR_WRONG_ACCOUNT = _("Deze uitnodiging is voor een ander e-mailadres.")
ERROR_MAIL_NOT_SENT = _(
    "De e-mail met de uitnodiging kon niet worden verstuurd; de uitnodiging is daarom niet "
    "opgeslagen. Probeer het later opnieuw. Lukt het dan nog niet, meld het dan bij de "
    "beheerder van het portaal."
)
ERROR_RESEND_MAIL_NOT_SENT = _(
    "De e-mail met de uitnodiging kon niet opnieuw worden verstuurd; er is niets gewijzigd. "
    "Probeer het later opnieuw. Lukt het dan nog niet, meld het dan bij de beheerder van het "
    "portaal."
)
ERROR_INVITATION_NOT_RESENDABLE = _(
    "Deze uitnodiging kan niet opnieuw worden verstuurd: die is inmiddels %(status)s."
)
ERROR_RESENT_TOO_SOON = _(
    "Deze uitnodiging is minder dan een minuut geleden verstuurd. Wacht even en probeer het "
    "dan opnieuw."
)

# What resending an invitation changes (and a failed mail puts back).
RESENT_FIELDS = ["token_hash", "sent_at", "expires_at"]


def _role_fields(
    *, role: str, function: str, portfolio: str, municipality: Municipality | None
) -> dict:
    """Only bestuurders carry a function (the model's clean() checks the municipality)."""
    return {
        "role": role,
        "function": function if role == RegionRole.BESTUURDER else "",
        "portfolio": portfolio,
        "municipality": municipality,
    }


def lock_projectleiders(*, region_ids) -> None:
    """Lock the projectleider memberships of the regions until the transaction ends.

    Every change that could leave a region without a projectleider takes these locks first, in
    the same order (by pk), so two simultaneous changes wait for each other instead of both
    seeing "there is another projectleider".
    """
    list(
        Membership.objects.select_for_update()
        .filter(region_id__in=region_ids, role=RegionRole.PROJECTLEIDER)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def last_projectleider_error(regions) -> str:
    """Why a user who is the only projectleider of these regions cannot be removed."""
    names = ", ".join(region.name for region in regions)
    return ngettext(
        "Deze gebruiker is de enige projectleider van %(regions)s. Een regio houdt "
        "minstens één projectleider: maak eerst iemand anders projectleider.",
        "Deze gebruiker is de enige projectleider van deze regio's: %(regions)s. Een regio houdt "
        "minstens één projectleider: maak eerst iemand anders projectleider.",
        len(regions),
    ) % {"regions": names}


def check_regions_keep_a_projectleider(*, user, leads_region_ids) -> None:
    """Refuse (ValidationError) a change after which the user is an active projectleider of
    only these regions, when that leaves a region without an active projectleider.

    For changes outside the portal's own screens (the admin). Reads the user's stored account
    afresh and locks the projectleiders of the user's regions until the transaction ends.
    """
    lock_projectleiders(
        region_ids=Membership.objects.filter(user=user, role=RegionRole.PROJECTLEIDER).values(
            "region_id"
        )
    )
    stored = User.objects.get(pk=user.pk)
    orphaned = list(regions_led_only_by(user=stored).exclude(pk__in=leads_region_ids))
    if orphaned:
        raise ValidationError(last_projectleider_error(orphaned))


def _lock(membership: Membership) -> Membership:
    """Lock the region's projectleiders, then the membership itself; return it fresh."""
    lock_projectleiders(region_ids=[membership.region_id])
    return (
        Membership.objects.select_for_update(of=("self",))
        .select_related("user")
        .get(pk=membership.pk)
    )


def _is_last_projectleider(membership: Membership) -> bool:
    return (
        membership.role == RegionRole.PROJECTLEIDER
        and regions_led_only_by(user=membership.user).filter(pk=membership.region_id).exists()
    )


@transaction.atomic
def invite_person(
    *,
    region: Region,
    email: str,
    role: str,
    function: str = "",
    portfolio: str = "",
    municipality: Municipality | None = None,
    invited_by,
    absolute_url: Callable[[str], str],
) -> Invitation:
    """Save an invitation and mail its link once the transaction commits. Raises
    ValidationError when it makes no sense.

    When the mail cannot be sent the invitation is deleted again, so nothing is saved half-way,
    and InvitationMailNotSent says so (raised from the commit).
    """
    email = User.objects.normalize_email(email)
    _refuse_duplicate(region=region, email=email, role=role)

    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        email=email,
        region=region,
        invited_by=invited_by,
        token_hash=Invitation.hash_token(token),
        **_role_fields(
            role=role, function=function, portfolio=portfolio, municipality=municipality
        ),
    )
    invitation.full_clean()
    invitation.save()
    _mail_invitation_on_commit(
        invitation=invitation,
        token=token,
        sent_by=invited_by,
        absolute_url=absolute_url,
        # Nobody can have used it: its link was only in the mail that did not go out.
        undo=Invitation.objects.filter(pk=invitation.pk, accepted_at=None).delete,
        error=ERROR_MAIL_NOT_SENT,
    )
    return invitation


def _refuse_duplicate(
    *, region: Region, email: str, role: str, invitation: Invitation | None = None
) -> None:
    """Refuse (ValidationError) when the address has the role or another pending invitation."""
    if Membership.objects.filter(region=region, role=role, user__email__iexact=email).exists():
        raise ValidationError({"email": ERROR_ALREADY_MEMBER})
    others = Invitation.objects.pending().filter(region=region, role=role, email__iexact=email)
    if invitation is not None:
        others = others.exclude(pk=invitation.pk)
    if others.exists():
        raise ValidationError({"email": ERROR_ALREADY_INVITED})


class InvitationMailNotSent(ValidationError):
    """The mail server failed after the invitation was committed; what was committed is undone.

    Raised from the commit (``transaction.on_commit``), so by the code that committed: the view's
    service call, or ``submit_once`` around it."""


def _mail_invitation_on_commit(
    *,
    invitation: Invitation,
    token: str,
    sent_by,
    absolute_url: Callable[[str], str],
    undo: Callable[[], None],
    error: str,
) -> None:
    """Mail the invitation's link once the transaction commits: a transaction that rolls back
    sends nobody a link to an invitation that does not exist.

    The mail is rendered now, inside the transaction. When the mail server fails, the failure is
    logged, ``undo`` takes back what the transaction committed (in a transaction of its own) and
    InvitationMailNotSent(error) is raised, so nothing stays saved half-way."""
    link = absolute_url(reverse("accounts:accept_invitation", kwargs={"token": token}))
    context = {"invitation": invitation, "link": link, "invited_by": sent_by}
    subject = render_to_string("accounts/email/invitation_subject.txt", context)
    body = render_to_string("accounts/email/invitation_body.txt", context)
    message = EmailMessage(
        " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [invitation.email],
        # Questions about the invitation go to the person who sent it, not to the no-reply address.
        reply_to=[sent_by.email],
    )
    region_slug = invitation.region.slug

    def send_or_undo() -> None:
        try:
            message.send()
        except (SMTPException, OSError):
            logger.exception("The invitation mail for region %s could not be sent", region_slug)
            with transaction.atomic():
                undo()
            raise InvitationMailNotSent(error) from None

    transaction.on_commit(send_or_undo)


@transaction.atomic
def resend_invitation(
    *, invitation: Invitation, sent_by, absolute_url: Callable[[str], str]
) -> Invitation:
    """Mail a pending or expired invitation again, with a new link valid from now on.

    The old link stops working. Refused (ValidationError) when the invitation was accepted or
    withdrawn, when it was sent less than INVITATION_RESEND_INTERVAL ago, or when the address
    got the role or another pending invitation meanwhile. The mail goes out once the
    transaction commits; when it cannot be sent, the previous link, send time and expiry are put
    back (the old link works again) and InvitationMailNotSent says so (raised from the commit).
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.is_closed:
        raise ValidationError(
            ERROR_INVITATION_NOT_RESENDABLE % {"status": invitation.get_status_display()}
        )
    now = timezone.now()
    if invitation.sent_at > now - INVITATION_RESEND_INTERVAL:
        raise ValidationError(ERROR_RESENT_TOO_SOON)
    _refuse_duplicate(
        region=invitation.region,
        email=invitation.email,
        role=invitation.role,
        invitation=invitation,
    )

    previous = {field: getattr(invitation, field) for field in RESENT_FIELDS}
    token = secrets.token_urlsafe(32)
    invitation.token_hash = Invitation.hash_token(token)
    invitation.sent_at = now
    invitation.expires_at = now + timedelta(days=INVITATION_VALID_DAYS)
    invitation.save(update_fields=RESENT_FIELDS)
    _mail_invitation_on_commit(
        invitation=invitation,
        token=token,
        sent_by=sent_by,
        absolute_url=absolute_url,
        undo=partial(
            _undo_resend, pk=invitation.pk, token_hash=invitation.token_hash, previous=previous
        ),
        error=ERROR_RESEND_MAIL_NOT_SENT,
    )
    return invitation


def _undo_resend(*, pk: int, token_hash: str, previous: dict) -> None:
    """Put back the link, send time and expiry an invitation had before it was resent; not when
    it was changed again since (its token_hash is then another)."""
    invitation = Invitation.objects.select_for_update().filter(pk=pk, token_hash=token_hash).first()
    if invitation is None:
        return
    for field, value in previous.items():
        setattr(invitation, field, value)
    invitation.save(update_fields=list(previous))


def find_invitation(token: str) -> Invitation | None:
    """The invitation behind a link's token, whatever its status; None for an unknown token."""
    return find_invitation_by_hash(Invitation.hash_token(token))


def find_invitation_by_hash(token_hash: str) -> Invitation | None:
    """The invitation whose link's token has this hash, whatever its status; None if unknown."""
    return (
        Invitation.objects.select_related("region", "municipality", "invited_by")
        .filter(token_hash=token_hash)
        .first()
    )


@transaction.atomic
def withdraw_invitation(*, invitation: Invitation) -> Invitation:
    """Withdraw an invitation that was neither accepted nor withdrawn (an expired one too, so it
    leaves the people page), read afresh under a lock.

    Raises ValidationError when it was accepted or withdrawn since it was looked up.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.is_closed:
        raise ValidationError(ERROR_INVITATION_CLOSED % {"status": invitation.get_status_display()})
    invitation.withdrawn_at = timezone.now()
    invitation.save(update_fields=["withdrawn_at"])
    return invitation


def _grant(invitation: Invitation, user) -> Membership:
    membership, _created = Membership.objects.update_or_create(
        user=user,
        region=invitation.region,
        role=invitation.role,
        defaults={
            "function": invitation.function,
            "portfolio": invitation.portfolio,
            "municipality": invitation.municipality,
        },
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


def _lock_usable(invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise ValidationError(ERROR_INVITATION_NOT_USABLE)
    return invitation


@transaction.atomic
def accept_invitation_as_new_user(
    *, invitation: Invitation, full_name: str, password: str
) -> Membership:
    """Create the account for the invited e-mail address and give it the role.

    The audit trail records the new account, its role and the used invitation as the new user's
    own changes: the request that makes them is still anonymous."""
    invitation = _lock_usable(invitation)
    user = User(email=invitation.email, full_name=full_name.strip())
    validate_password(password, user=user)
    user.set_password(password)
    user.full_clean()
    with recorded_as(user):
        user.save()
        return _grant(invitation, user)


@transaction.atomic
def accept_invitation_as_existing_user(*, invitation: Invitation, user) -> Membership:
    """Add the role to the logged-in account that owns the invited e-mail address; recorded in
    the audit trail as that user's change (in a request, the request's user: the view checks)."""
    invitation = _lock_usable(invitation)
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(ERROR_WRONG_ACCOUNT)
    with recorded_as(user):
        return _grant(invitation, user)


@transaction.atomic
def change_membership(
    *,
    membership: Membership,
    role: str,
    function: str = "",
    portfolio: str = "",
    municipality: Municipality | None = None,
) -> Membership:
    membership = _lock(membership)
    if role != membership.role:
        if _is_last_projectleider(membership):
            raise ValidationError({"role": ERROR_LAST_PROJECTLEIDER})
        duplicate = Membership.objects.filter(
            user_id=membership.user_id, region_id=membership.region_id, role=role
        ).exists()
        if duplicate:
            raise ValidationError({"role": ERROR_ALREADY_MEMBER})
    for field, value in _role_fields(
        role=role, function=function, portfolio=portfolio, municipality=municipality
    ).items():
        setattr(membership, field, value)
    membership.full_clean()
    membership.save()
    # No longer a bestuurder here: what they shared in the region's scan sessions goes.
    scan_services.withdraw_shares_without_role(user_ids=[membership.user_id])
    return membership


@transaction.atomic
def withdraw_membership(*, membership: Membership) -> None:
    membership = _lock(membership)
    if _is_last_projectleider(membership):
        raise ValidationError(ERROR_LAST_PROJECTLEIDER)
    membership.delete()
    scan_services.withdraw_shares_without_role(user_ids=[membership.user_id])
