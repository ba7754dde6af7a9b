from django.contrib import messages
from django.http import HttpRequest, HttpResponseRedirect

from .forms import ALREADY_SUBMITTED_MESSAGE
from .services import AlreadySubmitted, first_url


def already_submitted(
    request: HttpRequest, url: str, submitted: AlreadySubmitted
) -> HttpResponseRedirect:
    """The answer to a create form sent a second time (``submitted``): where its first save
    sent this person (kept by ``submit_once(url=...)``), else ``url`` (the same page, or the
    list that shows what it created), saying it was saved once."""
    messages.info(request, ALREADY_SUBMITTED_MESSAGE)
    return HttpResponseRedirect(first_url(submitted.token, request.user) or url)
