"""Review 'plumb': defects in the shared plumbing of ghnt_portal (security, audit, versioning,
reference loading, home page, error pages, PDF plumbing)."""

from django.test import Client
from django.urls import reverse


def test_the_full_reference_load_is_idempotent(db):
    from io import StringIO

    from django.core.management import call_command

    call_command("load_reference_content", stdout=StringIO())
    out = StringIO()
    call_command("load_reference_content", stdout=out)

    lines = [line for line in out.getvalue().splitlines() if "nieuw" in line]
    assert lines
    assert all("0 nieuw, 0 bijgewerkt" in line for line in lines), lines


def test_a_shipped_checklist_version_does_not_overwrite_the_beheerders_draft_of_that_number(db):
    """The checklist loader matches the shipped version on ``number``; a draft the beheerder
    copied gets the next number too. Shipping version 2 then rewrites the beheerder's draft
    (title, sections, items) and leaves the shipped content unpublished."""
    import copy

    from governance import reference
    from governance.constants import VersionStatus
    from governance.models import ChecklistVersion
    from governance.services import copy_version_as_draft

    reference.load_checklist(reference.read_checklist())
    shipped_v1 = ChecklistVersion.objects.get(number=1)
    draft = copy_version_as_draft(version=shipped_v1)
    assert draft.number == 2
    draft.title = "Concept van de beheerder"
    draft.save()

    data = copy.deepcopy(reference.read_checklist())
    data["version"]["number"] = 2
    data["version"]["title"] = "Checklist integrale sturing, tweede editie"
    reference.load_checklist(data)

    draft.refresh_from_db()
    assert draft.title == "Concept van de beheerder"
    assert (
        ChecklistVersion.objects.published()
        .filter(title="Checklist integrale sturing, tweede editie")
        .exists()
    )
    assert draft.status == VersionStatus.DRAFT


def test_a_failed_csrf_check_gives_the_portals_dutch_403_page(db):
    """No CSRF_FAILURE_VIEW: a stale form (e.g. the login page open in a second tab after logging
    in) gets Django's bare page, lang="en", with an inline <style> the portal's CSP blocks and no
    way back to the portal."""
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("accounts:login"), {"login_view-current_step": "auth"})
    html = response.content.decode()

    assert response.status_code == 403
    assert '<html lang="nl"' in html
    assert "<style" not in html
    assert reverse("home") in html or reverse("accounts:login") in html
