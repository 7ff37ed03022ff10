"""Filling in admin forms as a browser would: read the form's fields from the page, change
some, press a button."""

from html.parser import HTMLParser

from django.urls import reverse


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, {}
        self._select = self._textarea = None
        self._multiple = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (self.form_id is None or attrs.get("id") == self.form_id):
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data.setdefault(name, []).append(attrs.get("value", "on"))
            else:
                self.data[name] = attrs.get("value", "")
        elif tag == "select" and name:
            self._select, self._multiple = name, "multiple" in attrs
            self.data[name] = [] if self._multiple else ""
        elif tag == "option" and self._select and "selected" in attrs:
            value = attrs.get("value", "")
            if self._multiple:
                self.data[self._select].append(value)
            else:
                self.data[self._select] = value
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += (
                data.removeprefix("\n") if not self.data[self._textarea] else data
            )


def form_data(response, form_id=None) -> dict:
    """The values a browser would send from the page's form, ready to change and post."""
    reader = _FormReader(form_id)
    reader.feed(response.content.decode())
    return reader.data


def change_url(obj) -> str:
    """The admin's change form of `obj`."""
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def post_form(client, url, form_id, changes, button="_save"):
    """Open the admin form at `url`, change some fields and press `button`."""
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page, form_id)
    data.update(changes)
    data[button] = "1"
    return client.post(url, data)


def public(client, url):
    """The page at `url` as an anonymous visitor gets it (the client is logged out)."""
    client.logout()
    return client.get(url)


def messages_of(response) -> str:
    """The messages the admin shows at the top of a page."""
    return response.content.decode().split('class="messagelist"', 1)[1].split("</ul>", 1)[0]


#: What an editor fills in when publishing: the kind of change and a note (`releases`).
RELEASE = {
    "release_kind": "editorial",
    "release_note_sv": "Rättade formuleringar.",
    "release_note_en": "Corrected wording.",
}
