"""Helpers for posting to edit forms with optimistic locking (ghnt_portal.audit.locking): an
edit without the hidden ``lock_version`` the page rendered is refused, so tests send it back."""

from html.parser import HTMLParser

from ghnt_portal.audit.locking import LOCK_FIELD


def form_data(form) -> dict:
    """What the browser would send back for an untouched form on the page."""
    data = {}
    for bound in form:
        value = bound.value()
        if value is None or value is False:
            continue
        if isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
        else:
            data[bound.html_name] = str(value)
    return data


class _LockFieldFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name") or ""
        if tag == "input" and attrs.get("type") == "hidden" and name.endswith(LOCK_FIELD):
            self.found[name] = attrs.get("value") or ""


def lock_fields(html: str) -> dict[str, str]:
    """The hidden lock_version inputs of a rendered page (name -> value), to post back."""
    finder = _LockFieldFinder()
    finder.feed(html)
    return finder.found


def page_lock(client, url: str) -> dict[str, str]:
    """Open the edit page as that client and return the lock_version inputs it renders."""
    response = client.get(url)
    assert response.status_code == 200
    found = lock_fields(response.text)
    assert found, f"{url} renders no {LOCK_FIELD}"
    return found
