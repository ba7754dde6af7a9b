"""Forms that create something save it once: a double click on "Opslaan", or the browser sending
a POST again, must not make two meetings, actions or seats.

A create form carries a one-time token in a hidden field (``forms.SubmitOnceMixin``); the
service that creates the object claims it in the same transaction (``services.submit_once``).
The second request with the same token finds it claimed and answers as after the first's
success: where the first sent its sender (a page the view names, kept with the token for a form
whose success is the new object's own page; only for the same person), else a page the view
gives (the same page, or the list that shows what was made). Stored: the token, when it was
used, by whom, and that page's address; ``manage.py housekeeping`` removes them after a day.
"""
