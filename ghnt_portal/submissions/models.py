from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UsedSubmission(models.Model):
    """The token of a create form that was saved: a second post with it saves nothing.

    Who sent it and, for a form whose success is the new object's own page, that page's
    address: the same person sending it again goes there too (``services.submit_once``).
    Nothing of what the form said; removed after a day (``manage.py housekeeping``)."""

    token = models.UUIDField(_("token"), primary_key=True)
    created_at = models.DateTimeField(_("gebruikt op"), auto_now_add=True, db_index=True)
    # SET_NULL: a removed user's tokens stay used for the rest of their day.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verstuurd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    url = models.CharField(_("ging naar"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("verstuurd formulier")
        verbose_name_plural = _("verstuurde formulieren")

    def __str__(self) -> str:
        return str(self.token)
