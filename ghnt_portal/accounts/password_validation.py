from django.contrib.auth import password_validation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with a Dutch error: Django 5.2's own message is missing from its Dutch catalog."""

    def get_error_message(self):
        return (
            ngettext(
                "Dit wachtwoord is te kort: het moet minstens %d teken bevatten.",
                "Dit wachtwoord is te kort: het moet minstens %d tekens bevatten.",
                self.min_length,
            )
            % self.min_length
        )


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    """Django's, with an error that fits every field name: its Dutch catalog says "lijkt te
    veel op de e-mailadres" ("de" before a "het" word)."""

    def get_error_message(self):
        return _("Dit wachtwoord lijkt te veel op uw %(verbose_name)s.")
