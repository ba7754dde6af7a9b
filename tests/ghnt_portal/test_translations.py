"""Dutch corrections to third-party texts (locale/nl/LC_MESSAGES/django.po)."""

import gettext
import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from tests.factories import DomainFactory, RegionFactory

from .test_security_two_factor import password_step

CATALOG = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES"


def _po_entries() -> dict[str, str]:
    text = (CATALOG / "django.po").read_text(encoding="utf-8")
    pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', text, flags=re.MULTILINE)
    return dict(pairs)


def test_the_compiled_catalog_says_what_the_po_file_says():
    """Fails when the .po file changed without `make messages`."""
    with (CATALOG / "django.mo").open("rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)
    entries = _po_entries()

    assert entries
    assert {msgid: catalog.gettext(msgid) for msgid in entries} == entries


def test_the_admin_index_names_its_hidden_column_headers_in_dutch(client_for, beheerder):
    page = client_for(beheerder).get(reverse("admin:index")).content.decode()

    assert '<th scope="col">Modelnaam</th>' in page
    assert "Model name" not in page and "Add link" not in page


def test_a_wrong_code_while_setting_up_the_app_is_refused_in_the_portals_dutch(client, beheerder):
    password_step(client, beheerder.email)
    client.post(reverse("two_factor:setup"), {"setup_view-current_step": "welcome"})

    response = client.post(
        reverse("two_factor:setup"),
        {"setup_view-current_step": "generator", "generator-token": "000000"},
    )

    assert "De ingevoerde code klopt niet." in response.content.decode()


def test_the_admin_lists_say_yes_no_and_search_in_dutch(client_for, beheerder):
    RegionFactory(is_active=True)
    RegionFactory(is_active=False)

    page = client_for(beheerder).get(reverse("admin:regions_region_changelist")).text

    # Django writes Python's True/False and "Search" as the icons' text in every language.
    assert 'alt="ja"' in page and 'alt="nee"' in page
    assert 'alt="True"' not in page and 'alt="False"' not in page
    assert 'alt="Zoeken"' in page and 'alt="Search"' not in page


def test_the_admin_add_user_page_and_a_form_with_errors_read_in_dutch(client_for, beheerder):
    """Django's Dutch catalog lacks the user add page's introduction and the "Error:" that an
    admin form with errors puts before the page title (what a screen reader reads first)."""
    client = client_for(beheerder)

    page = client.get(reverse("admin:accounts_user_add")).content.decode()
    refused = client.post(reverse("admin:accounts_user_add"), {}).content.decode()

    assert "After you" not in page
    assert "Nadat u de gebruiker heeft aangemaakt" in page
    assert "<title>Fout: " in refused
    assert "Error:" not in refused


def test_the_admin_says_what_it_saved_without_a_wrong_article(client_for, beheerder):
    """Django's Dutch says "De {name} ... is met succes gewijzigd": "de thema", "de domein", "de
    checklistonderdeel". The portal's messages do without an article."""
    domain = DomainFactory(name="Sport", slug="sport")
    change = reverse("admin:regions_domain_change", args=[domain.pk])
    fields = {"slug": "sport", "name": "Sport", "description": "", "order": 1, "group": "zorg"}

    saved = client_for(beheerder).post(change, {**fields, "_continue": "1"}, follow=True)
    deleted = client_for(beheerder).post(
        reverse("admin:regions_domain_delete", args=[domain.pk]), {"post": "yes"}, follow=True
    )

    assert [str(m) for m in saved.context["messages"]] == [
        f'Opgeslagen: domein ‘<a href="{change}">Sport</a>’. Hieronder kunt u verder bewerken.'
    ]
    assert [str(m) for m in deleted.context["messages"]] == ["Verwijderd: domein ‘Sport’."]


def test_the_admin_index_writes_every_section_name_with_a_capital(client_for, beheerder):
    """The sections of /beheer/ are the apps' names: "integrale sturing" stood in lower case
    between "B&W-scan" and "Gebruikers en uitnodigingen"."""
    index = client_for(beheerder).get(reverse("admin:index"))

    names = [app["name"] for app in index.context["app_list"]]

    assert names
    assert [name for name in names if name[0] != name[0].upper()] == []
