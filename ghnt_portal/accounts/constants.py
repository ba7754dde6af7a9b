from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _


class NationalRole(models.TextChoices):
    NONE = "", _("geen")
    BEHEERDER = "beheerder", _("beheerder")
    LANDELIJK = "landelijk", _("landelijk programmateam")


# How long an invitation link stays valid.
INVITATION_VALID_DAYS = 14
# An invitation is removed this long after it was accepted, withdrawn or expired (it holds an
# e-mail address; manage.py housekeeping, the privacy statement).
INVITATION_KEEP_DAYS = 90
# An invitation is mailed again at most once per this interval, against flooding a mailbox.
INVITATION_RESEND_INTERVAL = timedelta(minutes=1)


class InvitationStatus(models.TextChoices):
    PENDING = "open", _("open")
    ACCEPTED = "aangenomen", _("aangenomen")
    WITHDRAWN = "ingetrokken", _("ingetrokken")
    EXPIRED = "verlopen", _("verlopen")
