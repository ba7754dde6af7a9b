from html.parser import HTMLParser


def answer_data(question, **fields) -> dict:
    """POST data for one question on a theme page (prefixed with the question id)."""
    prefix = f"q{question.pk}-"
    return {prefix + name: value for name, value in fields.items()}


class _FormReader(HTMLParser):
    """What a browser sends for the page's form with ``form_class``, as rendered (no JavaScript,
    no button pressed)."""

    def __init__(self, form_class: str):
        super().__init__()
        self.form_class = form_class
        self.data: dict[str, str] = {}
        self._in_form = False
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.form_class in (attrs.get("class") or "").split():
            self._in_form = True
        if not self._in_form or not attrs.get("name"):
            return
        name = attrs["name"]
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            elif kind not in ("submit", "button"):
                self.data[name] = attrs.get("value") or ""
        elif tag == "textarea":
            self._textarea = name
            self.data[name] = ""

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            # Django writes a newline after <textarea>, which a browser drops.
            if self._textarea and self.data[self._textarea].startswith("\n"):
                self.data[self._textarea] = self.data[self._textarea][1:]
            self._textarea = None
        elif tag == "form":
            self._in_form = False


def page_form_data(html: str, form_class: str = "scan-form") -> dict[str, str]:
    reader = _FormReader(form_class)
    reader.feed(html)
    return reader.data
