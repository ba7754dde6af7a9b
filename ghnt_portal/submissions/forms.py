import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from .services import AlreadySubmitted, token_used

SUBMIT_FIELD = "submit_token"
EXPIRED_MESSAGE = _("Dit formulier is verlopen. Verstuur het opnieuw.")
ALREADY_SUBMITTED_MESSAGE = _("Dit formulier was al verstuurd; het is één keer opgeslagen.")


def _token(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value or ""))
    except ValueError:
        return None


class SubmitOnceMixin:
    """A form that creates something: a hidden one-time token, fresh when the form is shown and
    sent back with it; ``ghnt_portal.submissions.services.submit_once`` claims it when saving.

    A ModelForm gets the token only for a new object (an edit has its lock_version). A post
    without a valid token (a hand-made request) gets a Dutch error and a fresh token, so sending
    it again works. The token is taken out of ``cleaned_data`` into ``submission_token``.

    A token that was used already makes ``is_valid()`` raise ``AlreadySubmitted``: the views
    catch it as they catch it from ``submit_once``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.submission_token: uuid.UUID | None = None
        instance = getattr(self, "instance", None)
        self.submits_once = instance is None or instance._state.adding
        if not self.submits_once:
            return
        self.fields[SUBMIT_FIELD] = forms.CharField(
            label=_("formulier"),
            widget=forms.HiddenInput,
            required=False,
            initial=uuid.uuid4,
            # A plain hidden input, also in a form whose bound fields add Bootstrap's classes.
            bound_field_class=forms.BoundField,
        )
        helper = getattr(self, "helper", None)
        if helper is not None:
            helper.render_hidden_fields = True

    def renew_submission_token(self) -> None:
        """Show the bound form again with a fresh token: for a post without a valid one, and
        after a save that was committed (its token used) and then undone, so sending the page
        again saves anew."""
        data = self.data.copy()
        data[self.add_prefix(SUBMIT_FIELD)] = str(uuid.uuid4())
        self.data = data

    def clean(self):
        if self.submits_once:
            token = _token(self.cleaned_data.pop(SUBMIT_FIELD, ""))
            if token is None:
                self.renew_submission_token()
                self.add_error(None, forms.ValidationError(EXPIRED_MESSAGE, code="expired"))
            elif token_used(token):
                # Sent before and saved: whatever this post would now get (say, "that name
                # exists"), the answer is the first one's success. Leaves is_valid().
                raise AlreadySubmitted(token)
            self.submission_token = token
        return super().clean()
