from django.contrib import messages
from django.http import HttpRequest, HttpResponseRedirect

from .forms import ALREADY_SUBMITTED_MESSAGE


def already_submitted(request: HttpRequest, url: str) -> HttpResponseRedirect:
    """The answer to a create form sent a second time (``AlreadySubmitted``): where its first
    save went (or the list that shows what it created), saying it was saved once."""
    messages.info(request, ALREADY_SUBMITTED_MESSAGE)
    return HttpResponseRedirect(url)
