"""The shipped reference lists (domains, organisation types, body forms, national figures) follow
their files: a row removed from a file goes, unless something uses it (then it is kept and
named in the output) or the beheerder added it."""

import json
import shutil

import pytest
from django.urls import reverse

from regions import reference
from regions.admin import SHIPPED_ROW_HELP
from regions.models import BodyForm, Domain, NationalFigure, OrganisationType
from tests.factories import (
    DomainFactory,
    GovernanceBodyFactory,
    PartnerOrganisationFactory,
    SeatFactory,
)


@pytest.fixture
def data_dir(db, tmp_path, monkeypatch):
    """A copy of the shipped files that a test may change, loaded once as shipped."""
    shutil.copytree(reference.DATA_DIR, tmp_path, dirs_exist_ok=True)
    monkeypatch.setattr(reference, "DATA_DIR", tmp_path)
    list(reference.load())
    return tmp_path


def drop_rows(data_dir, filename: str, keep) -> None:
    path = data_dir / filename
    rows = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps([row for row in rows if keep(row)]), encoding="utf-8")


def lines_of(lines: list[str], label: str) -> list[str]:
    return [line for line in lines if line.startswith(label)]


def test_a_domain_removed_from_the_file_goes(data_dir):
    drop_rows(data_dir, "domains.json", lambda row: row["slug"] != "welzijn")

    lines = list(reference.load())

    assert not Domain.objects.filter(slug="welzijn").exists()
    assert lines_of(lines, "domeinen") == ["domeinen: 0 nieuw, 0 bijgewerkt, 1 verwijderd"]
    assert lines_of(list(reference.load()), "domeinen") == [
        "domeinen: 0 nieuw, 0 bijgewerkt, 0 verwijderd"
    ]


@pytest.mark.parametrize(
    "use",
    [
        pytest.param(lambda d: GovernanceBodyFactory(domains=[d]), id="domain-of-a-body"),
        pytest.param(lambda d: SeatFactory(domain=d), id="domain-of-a-seat"),
        pytest.param(lambda d: PartnerOrganisationFactory(main_domain=d), id="main-domain"),
    ],
)
def test_a_removed_domain_in_use_is_kept_and_named(data_dir, use):
    domain = Domain.objects.get(slug="welzijn")
    use(domain)
    drop_rows(data_dir, "domains.json", lambda row: row["slug"] != "welzijn")

    first = list(reference.load())
    second = list(reference.load())

    assert Domain.objects.filter(pk=domain.pk).exists()
    expected = [
        "domeinen: 0 nieuw, 0 bijgewerkt, 0 verwijderd",
        "domeinen bewaard omdat ze nog gebruikt worden, al staan ze niet meer in het bestand: "
        "welzijn",
    ]
    assert lines_of(first, "domeinen") == lines_of(second, "domeinen") == expected


def test_removed_organisation_types_and_body_forms_in_use_are_kept(data_dir):
    partner = PartnerOrganisationFactory(organisation_type=OrganisationType.objects.get(slug="ggd"))
    body = GovernanceBodyFactory(form=BodyForm.objects.get(slug="intelligente-agendering"))
    drop_rows(data_dir, "organisation_types.json", lambda row: row["slug"] not in {"ggd", "ggz"})
    drop_rows(data_dir, "body_forms.json", lambda row: row["slug"] != "intelligente-agendering")

    lines = list(reference.load())

    assert OrganisationType.objects.filter(pk=partner.organisation_type_id).exists()
    assert not OrganisationType.objects.filter(slug="ggz").exists()
    assert BodyForm.objects.filter(pk=body.form_id).exists()
    assert lines_of(lines, "soorten organisaties") == [
        "soorten organisaties: 0 nieuw, 0 bijgewerkt, 1 verwijderd",
        "soorten organisaties bewaard omdat ze nog gebruikt worden, al staan ze niet meer in het "
        "bestand: ggd",
    ]
    assert len(lines_of(lines, "vormen van overleg")) == 2


def test_a_domain_the_beheerder_added_stays(data_dir):
    own = DomainFactory(slug="sport", name="Sport")

    lines = list(reference.load())

    assert Domain.objects.filter(pk=own.pk).exists()
    assert lines_of(lines, "domeinen") == ["domeinen: 0 nieuw, 0 bijgewerkt, 0 verwijderd"]


def test_a_renamed_domain_keeps_its_row_and_links(data_dir):
    body = GovernanceBodyFactory(domains=[Domain.objects.get(slug="welzijn")])
    path = data_dir / "domains.json"
    rows = json.loads(path.read_text(encoding="utf-8"))
    next(row for row in rows if row["slug"] == "welzijn")["name"] = "Welzijn en preventie"
    path.write_text(json.dumps(rows), encoding="utf-8")

    lines = list(reference.load())

    assert list(body.domains.values_list("slug", "name")) == [("welzijn", "Welzijn en preventie")]
    assert lines_of(lines, "domeinen") == ["domeinen: 0 nieuw, 1 bijgewerkt, 0 verwijderd"]


def test_a_national_figure_removed_from_the_file_goes_and_an_imported_one_stays(data_dir):
    imported = NationalFigure.objects.create(
        kind="inwoners", year=2024, value=17_900_000, source="CBS, geïmporteerd"
    )
    drop_rows(
        data_dir,
        "national_figures.json",
        lambda row: (row["kind"], row["year"]) != ("inwoners", 2021),
    )

    lines = list(reference.load())

    assert not NationalFigure.objects.filter(kind="inwoners", year=2021).exists()
    assert NationalFigure.objects.filter(pk=imported.pk).exists()
    assert lines_of(lines, "landelijke cijfers") == [
        "landelijke cijfers: 0 nieuw, 0 bijgewerkt, 1 verwijderd"
    ]


def test_the_beheerder_sees_which_rows_are_shipped(client_for, beheerder, data_dir):
    client = client_for(beheerder)
    for name in ("domain", "organisationtype", "bodyform", "nationalfigure"):
        content = client.get(reverse(f"admin:regions_{name}_changelist")).content.decode()
        assert "Meegeleverd" in content, name


@pytest.mark.parametrize(
    ("name", "model"),
    [
        ("domain", Domain),
        ("organisationtype", OrganisationType),
        ("bodyform", BodyForm),
        ("nationalfigure", NationalFigure),
    ],
)
def test_a_shipped_row_is_read_only_so_the_next_load_cannot_undo_an_edit(
    client_for, beheerder, data_dir, name, model
):
    """load_reference_content runs after every release and puts the file's values back: a
    beheerder's edit of a shipped row was silently undone there. The admin says so instead and
    lets him add his own row; he may still delete a shipped one (to replace one the files no
    longer ship)."""
    client = client_for(beheerder)
    row = model.objects.filter(shipped=True).first()
    change = reverse(f"admin:regions_{name}_change", args=[row.pk])

    page = client.get(change, follow=True)
    posted = client.post(change, {"name": "Van de beheerder", "value": 1})
    delete = client.get(reverse(f"admin:regions_{name}_delete", args=[row.pk]))

    assert 'name="_save"' not in page.content.decode()
    assert ("warning", str(SHIPPED_ROW_HELP)) in [
        (m.level_tag, str(m)) for m in page.context["messages"]
    ]
    assert posted.status_code == 403
    assert delete.status_code == 200
    assert str(row) == str(model.objects.get(pk=row.pk))


def test_a_row_the_beheerder_added_stays_editable(client_for, beheerder, data_dir):
    own = DomainFactory(slug="sport", name="Sport")

    page = client_for(beheerder).get(reverse("admin:regions_domain_change", args=[own.pk]))

    assert 'name="_save"' in page.content.decode()
    assert list(page.context["messages"]) == []
