from django.db import models
from django.utils.translation import gettext_lazy as _


class UsedSubmission(models.Model):
    """The token of a create form that was saved: a second post with it saves nothing.

    Nothing personal: not who sent it, nor what was created."""

    token = models.UUIDField(_("token"), primary_key=True)
    created_at = models.DateTimeField(_("gebruikt op"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("verstuurd formulier")
        verbose_name_plural = _("verstuurde formulieren")

    def __str__(self) -> str:
        return str(self.token)
