"""A message after a redirect ("… is opgeslagen.") is said by screen readers (WCAG 4.1.3).

A live region that is already in the page when it loads is usually not read, and the message
cannot take the focus (a redirect to a fragment, such as ``…/#partners``, sends the focus to the
fragment's target). Screen readers do read the page title on load: the message comes first in
it, without JavaScript. A refused action ("Niet verwijderd: …") says "Fout: " first, as a page
with form errors does.
"""

import re

import pytest
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.db.models import ProtectedError
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from regions import services
from tests.factories import (
    GovernanceBodyFactory,
    OrganisationTypeFactory,
    PartnerOrganisationFactory,
)

TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def title_of(html: str) -> str:
    return " ".join(TITLE.search(html).group(1).split())


@pytest.fixture
def editor(client_for, projectleider):
    return client_for(projectleider)


def test_the_page_after_a_save_starts_its_title_with_the_message(editor, region):
    kind = OrganisationTypeFactory()
    url = reverse("regions:partner_create", args=[region.slug])

    response = editor.post(
        url, {"name": "Veilig Thuis Testland", "organisation_type": kind.pk}, follow=True
    )

    assert response.redirect_chain[-1][0].endswith("#partners")
    title = title_of(response.text)
    assert title.startswith(
        "Partnerorganisatie ‘Veilig Thuis Testland’ is toegevoegd. Regio Testland"
    )
    # Once: the next page has its own title again.
    again = editor.get(response.redirect_chain[-1][0])
    assert title_of(again.text).startswith("Regio Testland")


def test_a_refused_delete_says_fout_first_in_the_title(editor, region, monkeypatch):
    partner = PartnerOrganisationFactory(region=region, name="Politie Testland")
    blocker = GovernanceBodyFactory(region=region, name="Stuurgroep")

    def refuse(**kwargs):
        raise ProtectedError("protected", {blocker})

    monkeypatch.setattr(services, "partner_delete", refuse)
    url = reverse("regions:partner_delete", args=[region.slug, partner.uuid])

    response = editor.post(url, follow=True)

    assert title_of(response.text).startswith(
        "Fout: Niet verwijderd: hier hoort iets bij dat niet mee mag verdwijnen (Stuurgroep)."
    )


def render_base(*added, form=None) -> str:
    request = RequestFactory().get("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    for level, text in added:
        messages.add_message(request, level, text)
    return render_to_string("base.html", {"form": form}, request=request)


def test_every_message_is_in_the_title_and_still_in_the_page():
    html = render_base((messages.SUCCESS, "De actie is opgeslagen."), (messages.INFO, "Let op."))

    assert title_of(html).startswith("De actie is opgeslagen. Let op. – ")
    assert html.count("De actie is opgeslagen.") == 2  # the title and the status region
    assert 'role="status"' in html


def test_without_messages_the_title_is_as_before():
    assert title_of(render_base()).startswith("– ")


def test_form_errors_still_say_fout_first():
    class Form:
        errors = {"name": ["Vul dit in."]}

    html = render_base(form=Form())

    assert title_of(html).startswith("Fout: – ")
