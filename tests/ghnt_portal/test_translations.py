"""Dutch corrections to third-party texts (locale/nl/LC_MESSAGES/django.po)."""

import gettext
import re
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import DomainFactory, GovernanceBodyFactory, RegionFactory, SeatFactory

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


def test_the_admin_says_log_out_as_the_portal_does(client_for, beheerder):
    """Django's Dutch says "Afmelden"; the portal's header says "Uitloggen"."""
    page = client_for(beheerder).get(reverse("admin:index")).content.decode()

    assert "Uitloggen" in page
    assert "Afmelden" not in page


def test_the_admin_password_page_warns_in_dutch_that_the_password_goes(client_for, beheerder):
    """Django adds this warning in English after the translated help text, outside the catalog."""
    page = (
        client_for(beheerder)
        .get(reverse("admin:auth_user_password_change", args=[beheerder.pk]))
        .content.decode()
    )

    assert "If disabled" not in page
    assert "Uitgeschakeld? Dan gaat het huidige wachtwoord van deze gebruiker verloren." in page
    assert 'id="id_unusable_warning"' in page  # Django's script shows it only when switched off


@pytest.mark.parametrize(
    ("model", "fields", "expected"),
    [
        (AccessLog, {}, "Inlogmoment van iemand@example.nl, "),
        (AccessAttempt, {"failures_since_start": 2}, "Inlogpoging van iemand@example.nl, "),
        (AccessFailureLog, {"locked_out": True}, "Mislukte inlog van iemand@example.nl, "),
    ],
)
def test_the_admin_names_login_records_in_dutch(client_for, beheerder, model, fields, expected):
    """django-axes names them "Access Log for … @ …" in every language: in the admin's titles,
    breadcrumbs and delete confirmations."""
    record = model.objects.create(
        username="iemand@example.nl", ip_address="192.0.2.1", user_agent="Firefox", **fields
    )
    opts = model._meta

    page = (
        client_for(beheerder)
        .get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk]))
        .content.decode()
    )

    assert str(record).startswith(expected)
    assert str(record).endswith(" (geblokkeerd)") == fields.get("locked_out", False)
    assert f"<title>{record!s} |" in page
    assert not re.search(r"Access Log|Attempted Access|Failed access", page)


def test_the_admin_delete_confirmation_leaves_out_the_hidden_link_tables(client_for, beheerder):
    """Deleting an overleg listed "Governancebody-domain-relatie: GovernanceBody_domains object
    (1)" for each of its domains: Django's name for a row of a many-to-many table. The portal's
    own confirm pages leave those out as well."""
    body = GovernanceBodyFactory(domains=[DomainFactory(), DomainFactory()])
    seat = SeatFactory(body=body, person_name="Els Zetel")

    page = (
        client_for(beheerder)
        .get(reverse("admin:regions_governancebody_delete", args=[body.pk]))
        .content.decode()
    )

    assert "relatie" not in page and "object (" not in page
    assert str(seat) in page  # what really goes along is still listed


def test_the_admin_names_a_regions_address_code_in_dutch(client_for, beheerder):
    """Region's field was called "slug", a developer's word, in the admin's form and list, in the
    municipality import's instructions and in the audit trail's list of changed fields."""
    client = client_for(beheerder)

    form = client.get(reverse("admin:regions_region_add")).content.decode()
    instructions = client.get(reverse("admin:regions_municipality_import")).content.decode()
    csv = SimpleUploadedFile(
        "gemeenten.csv", b"CBS-code;naam;inwoners;regio\nGM0001;Een;1;nergens\n"
    )
    refused = client.post(reverse("admin:regions_municipality_import"), {"file": csv}).text

    assert "Code in het webadres" in form
    assert "regio (naam of code in het webadres)" in instructions
    assert "Gebruik de naam of de code in het webadres van een regio." in refused
    # In the text, not in the markup (name="slug").
    assert not re.search(r">[^<]*\bslug\b", form + instructions + refused, flags=re.IGNORECASE)
