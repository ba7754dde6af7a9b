"""Forms that create something save it once: a double click on "Opslaan", or the browser sending
a POST again, must not make two meetings, actions or seats.

A create form carries a one-time token in a hidden field (``forms.SubmitOnceMixin``); the
service that creates the object claims it in the same transaction (``services.submit_once``).
The second request with the same token finds it claimed and answers as after the first's
success. Only the token and when it was used are stored; ``manage.py housekeeping`` removes them
after a day.
"""
