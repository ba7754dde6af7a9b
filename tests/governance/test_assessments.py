import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance import selectors, services
from governance.constants import Change, ItemStatus
from governance.models import Assessment, AssessmentAnswer, ChecklistItem
from tests.factories import SeatFactory
from tests.locking import lock_fields, page_lock


def _start(region, body=None, on=datetime.date(2026, 1, 10), **kwargs):
    return services.start_assessment(region=region, body=body, on=on, **kwargs)


def _set(assessment, **statuses):
    for code, status in statuses.items():
        AssessmentAnswer.objects.filter(
            assessment=assessment, item__code=code.replace("_", "-")
        ).update(status=status)


def test_projectleider_starts_a_round_for_a_body_with_participants(
    checklist, region, body, seats, projectleider, client_for
):
    client = client_for(projectleider)

    response = client.post(
        reverse("governance:assessment_start", args=[region.slug]),
        {
            "body": body.pk,
            "date": "2026-02-03",
            "participant_seats": [seats[0].pk],
            "participants": "Gast van Veilig Thuis",
            "stuurgroep_may_edit": "on",
        },
    )

    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "governance:assessment_fill", args=[region.slug, assessment.uuid]
    )
    assert assessment.body == body
    assert assessment.date == datetime.date(2026, 2, 3)
    assert list(assessment.participant_seats.all()) == [seats[0]]
    assert assessment.participants == "Gast van Veilig Thuis"
    assert assessment.stuurgroep_may_edit is True
    assert assessment.created_by == projectleider
    assert (
        assessment.answers.count()
        == ChecklistItem.objects.filter(section__version=checklist).count()
    )
    assert set(assessment.answers.values_list("status", flat=True)) == {ItemStatus.NOT_STARTED}


def test_seats_of_another_body_are_refused_with_a_dutch_error(
    checklist, region, body, projectleider, client_for
):
    from tests.factories import GovernanceBodyFactory

    stranger = SeatFactory(body=GovernanceBodyFactory(region=region))

    response = client_for(projectleider).post(
        reverse("governance:assessment_start", args=[region.slug]),
        {"body": body.pk, "date": "2026-02-03", "participant_seats": [stranger.pk]},
    )

    assert response.status_code == 200
    assert "Kies alleen aanwezigen die een zetel hebben in het gekozen overleg." in (
        response.content.decode()
    )
    assert not Assessment.objects.exists()


def test_the_seats_to_choose_from_are_grouped_per_body(
    checklist, region, body, seats, projectleider, client_for
):
    """Without JavaScript the list is not narrowed to the chosen body: one group per body (in
    name order), with each body's own seats under its name."""
    from tests.factories import GovernanceBodyFactory

    council = GovernanceBodyFactory(region=region, name="Regiobijeenkomst Testland")
    mayor = SeatFactory(body=council, person_name="Aad Aanwezig")

    page = (
        client_for(projectleider)
        .get(reverse("governance:assessment_start", args=[region.slug]))
        .content.decode()
    )
    fieldset = page[page.index('id="div_id_participant_seats"') :]
    fieldset = fieldset[: fieldset.index("</fieldset>")]
    groups = re.findall(r"<strong>([^<]+)</strong>", fieldset)
    seat_values = {
        group: re.findall(r'value="(\d+)"', part)
        for group, part in zip(
            groups, re.split(r"<strong>[^<]+</strong>", fieldset)[1:], strict=True
        )
    }

    assert groups == [council.name, body.name]
    assert seat_values == {
        council.name: [str(mayor.pk)],
        body.name: [str(seats[1].pk), str(seats[0].pk)],  # Bram before Wim
    }


def test_a_body_or_seat_of_another_region_is_a_field_error(
    checklist, region, body, other_body, projectleider, client_for
):
    foreign_seat = SeatFactory(body=other_body)
    url = reverse("governance:assessment_start", args=[region.slug])
    client = client_for(projectleider)

    foreign_body = client.post(url, {"body": other_body.pk, "date": "2026-02-03"})
    foreign_seats = client.post(
        url, {"body": body.pk, "date": "2026-02-03", "participant_seats": [foreign_seat.pk]}
    )

    assert "Selecteer een geldige keuze" in foreign_body.context["form"].errors["body"][0]
    assert (
        "Selecteer een geldige keuze"
        in (foreign_seats.context["form"].errors["participant_seats"][0])
    )
    assert not Assessment.objects.exists()


def test_a_missing_date_is_an_error_at_the_field(checklist, region, projectleider, client_for):
    response = client_for(projectleider).post(
        reverse("governance:assessment_start", args=[region.slug]), {"date": ""}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["date"]
    assert not Assessment.objects.exists()


def test_filling_in_saves_status_and_explanation_per_item(
    checklist, region, projectleider, client_for
):
    assessment = _start(region)
    answer = assessment.answers.get(item__code="3D-2")
    data = {}
    for a in assessment.answers.all():
        data[f"a{a.pk}-status"] = a.status
        data[f"a{a.pk}-explanation"] = a.explanation
    data[f"a{answer.pk}-status"] = ItemStatus.DONE
    data[f"a{answer.pk}-explanation"] = "Voor elk overleg vastgelegd."
    url = reverse("governance:assessment_fill", args=[region.slug, assessment.uuid])
    client = client_for(projectleider)

    response = client.post(url, {**data, **page_lock(client, url)})

    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.status == ItemStatus.DONE
    assert answer.explanation == "Voor elk overleg vastgelegd."


def test_an_invalid_status_saves_nothing_and_shows_the_error(
    checklist, region, projectleider, client_for
):
    assessment = _start(region)
    answers = list(assessment.answers.all())
    data = {f"a{a.pk}-status": ItemStatus.DONE for a in answers}
    data[f"a{answers[-1].pk}-status"] = "onzin"

    response = client_for(projectleider).post(
        reverse("governance:assessment_fill", args=[region.slug, assessment.uuid]), data
    )

    assert response.status_code == 200
    assert "Fout: " in response.content.decode()
    assert not assessment.answers.filter(status=ItemStatus.DONE).exists()


def test_the_fill_page_marks_the_fields_of_a_point_in_bootstraps_markup(
    checklist, region, projectleider, client_for
):
    assessment = _start(region)
    answer = assessment.answers.get(item__code="2A-1")
    url = reverse("governance:assessment_fill", args=[region.slug, assessment.uuid])
    client = client_for(projectleider)
    data = {f"a{a.pk}-status": a.status for a in assessment.answers.all()}
    data[f"a{answer.pk}-status"] = "onzin"
    data[f"a{answer.pk}-explanation"] = "x" * 4001

    page = client.post(url, {**data, **page_lock(client, url)}).content.decode()

    point = page.split('id="punt-2A-1"')[1].split('class="checklist-item"')[0]
    status, explanation = f"id_a{answer.pk}-status", f"id_a{answer.pk}-explanation"
    assert f'<fieldset aria-describedby="{status}_error">' in point
    assert 'requiredField fs-6">Status van 2A-1<span class="asteriskField">*</span>' in point
    assert point.count('class="form-check-input is-invalid"') == 4
    assert point.count('aria-invalid="true"') == 5  # four radio buttons and the explanation
    assert f'<div id="{status}_error" class="invalid-feedback"><p id="error_1_{status}">' in point
    assert f'<label for="{explanation}" class="form-label">Toelichting bij 2A-1</label>' in point
    assert 'class="form-control is-invalid"' in point
    assert f'<div id="{explanation}_error" class="invalid-feedback"><span id="error_1_' in point
    # The hidden version field stays a plain hidden input.
    assert f'<input type="hidden" name="a{answer.pk}-lock_version" value="' in point
    assert f'id="id_a{answer.pk}-lock_version">' in point


def test_conflicts_on_two_points_are_one_error_summary_linking_to_each_point(
    checklist, region, projectleider, client_for
):
    """Two people fill in the same round: the second to save gets one summary (one alert that
    takes the focus) whose entries lead to the points saved meanwhile, not a box per point."""
    assessment = _start(region)
    first, second = assessment.answers.filter(item__code__in=["2A-1", "3D-2"]).order_by("pk")
    url = reverse("governance:assessment_fill", args=[region.slug, assessment.uuid])
    client = client_for(projectleider)
    data = {f"a{a.pk}-status": a.status for a in assessment.answers.all()}
    data.update(page_lock(client, url))
    for answer in (first, second):  # someone else saves both points meanwhile
        AssessmentAnswer.objects.filter(pk=answer.pk).update(
            explanation="Intussen opgeslagen", lock_version=answer.lock_version + 1
        )
        data[f"a{answer.pk}-explanation"] = "Mijn toelichting"

    page = client.post(url, data).text

    assert page.count('role="alert"') == 1
    assert page.count(" autofocus") == 1
    summary = page.split('class="alert alert-danger error-summary"')[1].split("</div>")[0]
    for answer in (first, second):
        code = answer.item.code
        assert f'<a href="#punt-{code}">{code}: Iemand anders heeft dit intussen' in summary
    assert not AssessmentAnswer.objects.filter(explanation="Mijn toelichting").exists()


def test_the_fill_page_shows_each_points_saved_status_and_explanation(
    checklist, region, projectleider, client_for
):
    assessment = _start(region)
    answer = assessment.answers.get(item__code="2A-1")
    answer.status = ItemStatus.IN_PROGRESS
    answer.explanation = "Visie in concept <klaar in mei>."
    answer.save()

    page = (
        client_for(projectleider)
        .get(reverse("governance:assessment_fill", args=[region.slug, assessment.uuid]))
        .content.decode()
    )

    point = page.split('id="punt-2A-1"')[1].split('class="checklist-item"')[0]
    checked = [line for line in point.splitlines() if 'type="radio"' in line and " checked" in line]
    assert len(checked) == 1 and f'value="{ItemStatus.IN_PROGRESS}"' in checked[0]
    assert "Visie in concept &lt;klaar in mei&gt;.</textarea>" in point


@pytest.mark.parametrize("allowed", [True, False])
def test_stuurgroeplid_fills_in_only_when_the_round_allows_it(
    allowed, checklist, region, stuurgroeplid, client_for
):
    assessment = _start(region, stuurgroep_may_edit=allowed)
    answer = assessment.answers.first()
    url = reverse("governance:assessment_fill", args=[region.slug, assessment.uuid])
    data = {f"a{a.pk}-status": a.status for a in assessment.answers.all()}
    data[f"a{answer.pk}-status"] = ItemStatus.IN_PROGRESS
    client = client_for(stuurgroeplid)

    get = client.get(url)
    post = client.post(url, {**data, **lock_fields(get.text)})

    answer.refresh_from_db()
    if allowed:
        assert get.status_code == 200
        assert post.status_code == 302
        assert answer.status == ItemStatus.IN_PROGRESS
    else:
        assert get.status_code == 403
        assert post.status_code == 403
        assert answer.status == ItemStatus.NOT_STARTED


LOCKED_OUT = (
    "U mag deze ronde niet meer invullen: de projectleider heeft dat uitgezet. Er is niets "
    "opgeslagen; uw invoer staat hieronder, zodat u die kunt overnemen."
)


def test_stuurgroeplid_whose_filling_in_is_switched_off_meanwhile_keeps_the_input_on_screen(
    checklist, region, stuurgroeplid, client_for
):
    assessment = _start(region, stuurgroep_may_edit=True)
    answer = assessment.answers.get(item__code="2A-1")
    url = reverse("governance:assessment_fill", args=[region.slug, assessment.uuid])
    client = client_for(stuurgroeplid)
    get = client.get(url)
    data = {f"a{a.pk}-status": a.status for a in assessment.answers.all()}
    data[f"a{answer.pk}-status"] = ItemStatus.IN_PROGRESS
    data[f"a{answer.pk}-explanation"] = "Visie in concept <klaar in mei>."
    Assessment.objects.filter(pk=assessment.pk).update(stuurgroep_may_edit=False)

    post = client.post(url, {**data, **lock_fields(get.text)})

    answer.refresh_from_db()
    assert post.status_code == 403
    assert (answer.status, answer.explanation) == (ItemStatus.NOT_STARTED, "")
    page = post.text
    assert LOCKED_OUT in " ".join(page.split())
    point = page.split('id="punt-2A-1"')[1].split('class="checklist-item"')[0]
    checked = [line for line in point.splitlines() if 'type="radio"' in line and " checked" in line]
    assert len(checked) == 1 and f'value="{ItemStatus.IN_PROGRESS}"' in checked[0]
    assert "Visie in concept &lt;klaar in mei&gt;.</textarea>" in point
    assert "Opslaan" not in page


def test_a_reader_who_is_no_stuurgroeplid_gets_the_plain_refusal_on_the_fill_page(
    checklist, region, bestuurder, client_for
):
    assessment = _start(region, stuurgroep_may_edit=True)
    url = reverse("governance:assessment_fill", args=[region.slug, assessment.uuid])

    post = client_for(bestuurder).post(url, {"x": "y"})

    assert post.status_code == 403
    assert "<h1>Geen toegang</h1>" in post.text
    assert LOCKED_OUT not in " ".join(post.text.split())
    assert 'id="punt-' not in post.text


def test_the_next_round_starts_from_the_previous_answers_of_the_same_scope(checklist, region, body):
    first = _start(region, body, on=datetime.date(2026, 1, 1))
    first.answers.filter(item__code="2A-1").update(
        status=ItemStatus.DONE, explanation="Visie vastgesteld"
    )
    region_round = _start(region, None, on=datetime.date(2026, 2, 1))

    second = _start(region, body, on=datetime.date(2026, 3, 1))

    carried = second.answers.get(item__code="2A-1")
    assert second.previous == first
    assert (carried.status, carried.explanation) == (ItemStatus.DONE, "Visie vastgesteld")
    assert region_round.previous is None
    assert region_round.answers.get(item__code="2A-1").status == ItemStatus.NOT_STARTED


def test_a_round_entered_afterwards_starts_from_the_round_before_its_own_date(
    checklist, region, body
):
    """A round for an earlier date (say, from last year's paper notes) must not start from,
    or compare with, answers given later; the later round then compares with it."""
    first = _start(region, body, on=datetime.date(2025, 1, 1))
    _set(first, **{"2A_1": ItemStatus.IN_PROGRESS})
    latest = _start(region, body, on=datetime.date(2026, 3, 1))
    _set(latest, **{"2A_1": ItemStatus.DONE})

    between = _start(region, body, on=datetime.date(2025, 6, 1))

    latest.refresh_from_db()
    assert between.previous == first
    assert between.answers.get(item__code="2A-1").status == ItemStatus.IN_PROGRESS
    assert latest.previous == between
    assert Assessment.objects.get(pk=first.pk).previous is None


def test_a_new_round_on_the_date_of_another_compares_with_that_one(checklist, region, body):
    same_day = _start(region, body, on=datetime.date(2026, 3, 1))

    second = _start(region, body, on=datetime.date(2026, 3, 1))

    assert second.previous == same_day
    assert Assessment.objects.get(pk=same_day.pk).previous is None


def test_moving_a_round_to_a_later_date_puts_it_after_the_rounds_before_that_date(
    checklist, region, body, projectleider, client_for
):
    first = _start(region, body, on=datetime.date(2025, 1, 1))
    second = _start(region, body, on=datetime.date(2025, 6, 1))
    third = _start(region, body, on=datetime.date(2026, 1, 1))

    client = client_for(projectleider)
    url = reverse("governance:assessment_edit", args=[region.slug, first.uuid])
    response = client.post(
        url, {"date": "2026-02-01", "participants": "", **page_lock(client, url)}
    )

    previous = dict(Assessment.objects.values_list("pk", "previous_id"))
    assert response.status_code == 302
    assert previous == {second.pk: None, third.pk: second.pk, first.pk: third.pk}


def test_the_overview_shows_what_improved_and_what_fell_back(checklist, region):
    first = _start(region, on=datetime.date(2026, 1, 1))
    _set(first, **{"2A_1": ItemStatus.IN_PROGRESS, "2B_1": ItemStatus.DONE, "3A_1": "nvt"})
    second = _start(region, on=datetime.date(2026, 6, 1))
    _set(second, **{"2A_1": ItemStatus.DONE, "2B_1": ItemStatus.IN_PROGRESS, "3A_1": "geregeld"})

    overview = selectors.assessment_overview(second)

    assert [r.item.code for r in overview.improved] == ["2A-1"]
    assert [r.item.code for r in overview.fell_back] == ["2B-1"]
    changes = {r.item.code: r.change for s in overview.sections for r in s.rows}
    assert changes["3A-1"] == Change.OTHER
    assert changes["2C-1"] == Change.SAME
    assert overview.counts[ItemStatus.DONE] == 2


@pytest.mark.parametrize("page", ["assessment_detail", "assessment_fill"])
def test_a_section_heading_names_its_code_once(page, checklist, region, projectleider, client_for):
    assessment = _start(region)

    html = (
        client_for(projectleider)
        .get(reverse(f"governance:{page}", args=[region.slug, assessment.uuid]))
        .text
    )

    headings = re.findall(r"<h[23][^>]*>([^<]*)</h[23]>", html)
    assert "2A. Een gedeelde visie vanuit Jeugd, Wmo en Veiligheid" in headings
    assert "Tip 1: maak het belang van integrale sturing duidelijk" in headings
    assert "tip1." not in html


def test_the_detail_page_lists_improvements_and_fallbacks(
    checklist, region, bestuurder, client_for
):
    first = _start(region, on=datetime.date(2026, 1, 1))
    _set(first, **{"2A_1": ItemStatus.IN_PROGRESS, "2B_1": ItemStatus.DONE})
    second = _start(region, on=datetime.date(2026, 6, 1))
    _set(second, **{"2A_1": ItemStatus.DONE, "2B_1": ItemStatus.NOT_STARTED})

    response = client_for(bestuurder).get(
        reverse("governance:assessment_detail", args=[region.slug, second.uuid])
    )

    page = response.content.decode()
    improved = page.split("Vooruitgegaan sinds de vorige ronde")[1].split("Teruggevallen")[0]
    fell_back = page.split("Teruggevallen sinds de vorige ronde")[1].split("Alle punten")[0]
    assert "2A-1" in improved and "mee bezig → geregeld" in improved
    assert "2B-1" in fell_back and "geregeld → niet gestart" in fell_back
    assert "Statussen en toelichting invullen" not in page


def test_projectleider_edits_date_participants_and_the_stuurgroep_flag(
    checklist, region, body, seats, projectleider, client_for
):
    assessment = _start(region, body)

    client = client_for(projectleider)
    url = reverse("governance:assessment_edit", args=[region.slug, assessment.uuid])
    response = client.post(
        url,
        {
            "date": "2026-01-20",
            "participant_seats": [s.pk for s in seats],
            "participants": "",
            "stuurgroep_may_edit": "on",
            **page_lock(client, url),
        },
    )

    assessment.refresh_from_db()
    assert response.status_code == 302
    assert assessment.date == datetime.date(2026, 1, 20)
    assert assessment.stuurgroep_may_edit
    assert set(assessment.participant_seats.all()) == set(seats)


def test_the_detail_table_shows_status_and_change_per_point(
    checklist, region, bestuurder, client_for
):
    first = _start(region, on=datetime.date(2026, 1, 1))
    _set(first, **{"2A_1": ItemStatus.IN_PROGRESS, "2B_1": ItemStatus.DONE, "3A_1": "nvt"})
    second = _start(region, on=datetime.date(2026, 6, 1))
    _set(second, **{"2A_1": ItemStatus.DONE, "2B_1": ItemStatus.NOT_STARTED, "3A_1": "geregeld"})

    page = (
        client_for(bestuurder)
        .get(reverse("governance:assessment_detail", args=[region.slug, second.uuid]))
        .content.decode()
    )

    def row(code):
        return page.split(f'<tr id="punt-{code}">')[1].split("</tr>")[0]

    assert '<span class="badge-status badge-ok">geregeld</span>' in row("2A-1")
    assert "mee bezig<br>" in row("2A-1") and "▲ </span>vooruitgegaan" in row("2A-1")
    assert '<span class="badge-status badge-danger">niet gestart</span>' in row("2B-1")
    assert "▼ </span>teruggevallen" in row("2B-1")
    assert "niet van toepassing<br>" in row("3A-1") and ">gewijzigd</span>" in row("3A-1")
    assert '<span class="muted">gelijk</span>' in row("2C-1")
    assert "Actie toevoegen" not in page


def test_each_point_links_to_adding_an_action_to_it(checklist, region, projectleider, client_for):
    assessment = _start(region)

    page = (
        client_for(projectleider)
        .get(reverse("governance:assessment_detail", args=[region.slug, assessment.uuid]))
        .content.decode()
    )

    for answer in assessment.answers.select_related("item"):
        url = reverse("governance:action_create", args=[region.slug, assessment.uuid, answer.pk])
        row = page.split(f'<tr id="punt-{answer.item.code}">')[1].split("</tr>")[0]
        assert f'<a href="{url}">Actie toevoegen' in row


def test_the_edit_page_of_a_region_wide_round_draws_every_field_it_has(
    checklist, region, projectleider, client_for, caplog
):
    assessment = _start(region)  # no body: no seats to choose, so no participant_seats field

    page = (
        client_for(projectleider)
        .get(reverse("governance:assessment_edit", args=[region.slug, assessment.uuid]))
        .content.decode()
    )

    assert 'name="date"' in page and 'name="participants"' in page
    assert 'name="participant_seats"' not in page
    assert not [r for r in caplog.records if "Could not resolve form field" in r.getMessage()]


def test_the_names_field_of_a_round_speaks_of_a_body_only_when_the_round_has_one(
    checklist, region, body, projectleider, client_for
):
    """A round for the whole region has no body: its names field does not ask for people
    "die geen zetel in het overleg hebben"; the start page's wording holds for both."""
    client = client_for(projectleider)
    region_wide = _start(region)
    for_body = services.start_assessment(region=region, body=body, on=datetime.date(2026, 2, 1))

    def participants_field(assessment):
        url = reverse("governance:assessment_edit", args=[region.slug, assessment.uuid])
        return client.get(url).context["form"]["participants"]

    field = participants_field(region_wide)
    assert (field.label, field.help_text) == ("Aanwezigen", "Namen, één per regel.")
    field = participants_field(for_body)
    assert field.label == "Overige aanwezigen"
    assert "zetel in het overleg" in field.help_text and "één per regel" in field.help_text


def _done_cell(client, region) -> str:
    page = client.get(reverse("governance:region", args=[region.slug])).text
    row = re.search(r"(?s)<tbody>.*?</tr>", page)[0]
    return re.sub(r"\s+", " ", re.findall(r"(?s)<td>(.*?)</td>", row)[1]).strip()


def test_the_region_page_counts_what_is_geregeld_among_the_points_that_apply(
    checklist, region, projectleider, client_for
):
    """As the national overview: a point that does not apply is not one still to be done."""
    assessment = _start(region)
    total = assessment.answers.count()
    _set(assessment, **{"2A_1": ItemStatus.DONE, "2A_2": ItemStatus.NOT_APPLICABLE})

    cell = _done_cell(client_for(projectleider), region)

    assert cell == f"1 van {total - 1} punten (1 niet van toepassing)"


def test_a_round_where_no_point_applies_says_so_instead_of_nothing_geregeld(
    checklist, region, projectleider, client_for
):
    assessment = _start(region)
    assessment.answers.update(status=ItemStatus.NOT_APPLICABLE)

    cell = _done_cell(client_for(projectleider), region)

    assert cell == "geen punten van toepassing"


def _round_after_dropping(checklist, region, codes, *, year=2026):
    """A round on ``checklist`` with the first of ``codes`` 'mee bezig', then a new version
    without ``codes`` and a round on it."""
    first = _start(region, on=datetime.date(year, 1, 1))
    _set(first, **{codes[0].replace("-", "_"): ItemStatus.IN_PROGRESS})
    draft = services.copy_version_as_draft(version=checklist)
    ChecklistItem.objects.filter(section__version=draft, code__in=codes).delete()
    services.publish_version(version=draft)
    return _start(region, on=datetime.date(year, 6, 1))


def test_a_point_dropped_from_the_new_checklist_version_is_listed_with_its_previous_status(
    checklist, region, bestuurder, client_for
):
    """A point of the previous round that the new version no longer has disappeared from the
    changes without a word: now the round says it lapsed, and what its status was."""
    title = ChecklistItem.objects.get(section__version=checklist, code="2A-1").title
    second = _round_after_dropping(checklist, region, ["2A-1"])

    overview = selectors.assessment_overview(second)
    page = client_for(bestuurder).get(
        reverse("governance:assessment_detail", args=[region.slug, second.uuid])
    )

    assert [(row.code, row.title, row.previous_label) for row in overview.dropped] == [
        ("2A-1", title, "mee bezig")
    ]
    assert all(row.item.code != "2A-1" for section in overview.sections for row in section.rows)
    html = " ".join(page.content.decode().split())
    dropped = html.split("Vervallen sinds de vorige ronde")[1].split("Alle punten")[0]
    assert f"2A-1 {title}: mee bezig in de vorige ronde" in dropped


def test_the_round_page_lists_changes_to_and_from_niet_van_toepassing_as_the_report_does(
    checklist, region, bestuurder, client_for
):
    """The report said 'Gewijzigd' for geregeld → niet van toepassing; the round page's summary
    (only 'vooruitgegaan' and 'teruggevallen') said nothing of it."""
    first = _start(region, on=datetime.date(2026, 1, 1))
    _set(first, **{"2A_1": ItemStatus.DONE, "2A_2": ItemStatus.NOT_APPLICABLE})
    second = _start(region, on=datetime.date(2026, 6, 1))
    _set(second, **{"2A_1": ItemStatus.NOT_APPLICABLE, "2A_2": ItemStatus.NOT_STARTED})
    titles = dict(
        ChecklistItem.objects.filter(section__version=checklist).values_list("code", "title")
    )

    page = client_for(bestuurder).get(
        reverse("governance:assessment_detail", args=[region.slug, second.uuid])
    )

    html = " ".join(page.content.decode().split())
    changed = html.split("Gewijzigd sinds de vorige ronde")[1].split("Alle punten")[0]
    assert f"2A-1 {titles['2A-1']}</a>: geregeld → niet van toepassing" in changed
    assert f"2A-2 {titles['2A-2']}</a>: niet van toepassing → niet gestart" in changed


def test_the_round_page_lists_points_new_in_this_checklist_version(
    checklist, region, bestuurder, client_for
):
    _start(region, on=datetime.date(2026, 1, 1))
    draft = services.copy_version_as_draft(version=checklist)
    section = draft.sections.order_by("order").first()
    ChecklistItem.objects.create(
        section=section, order=99, code="2A-99", title="Een nieuw punt", source="§2A"
    )
    services.publish_version(version=draft)
    second = _start(region, on=datetime.date(2026, 6, 1))

    page = client_for(bestuurder).get(
        reverse("governance:assessment_detail", args=[region.slug, second.uuid])
    )

    html = " ".join(page.content.decode().split())
    new = html.split("Nieuw sinds de vorige ronde")[1].split("Alle punten")[0]
    assert "2A-99 Een nieuw punt</a>: niet gestart" in new


def test_a_round_without_dropped_points_does_not_mention_them(
    checklist, region, bestuurder, client_for
):
    _start(region, on=datetime.date(2026, 1, 1))
    second = _start(region, on=datetime.date(2026, 6, 1))

    page = client_for(bestuurder).get(
        reverse("governance:assessment_detail", args=[region.slug, second.uuid])
    )

    assert selectors.assessment_overview(second).dropped == []
    assert "Vervallen" not in page.content.decode()


def test_the_round_page_counts_no_more_queries_for_more_dropped_points(
    checklist, region, bestuurder, client_for, django_assert_max_num_queries
):
    few = _round_after_dropping(checklist, region, ["2A-1"])
    version = few.version
    many = _round_after_dropping(
        version,
        region,
        list(
            ChecklistItem.objects.filter(section__version=version)
            .exclude(code="2A-1")
            .values_list("code", flat=True)[:10]
        ),
        year=2027,
    )
    client = client_for(bestuurder)
    url = reverse("governance:assessment_detail", args=[region.slug, few.uuid])
    with CaptureQueriesContext(connection) as queries:
        client.get(url)

    with django_assert_max_num_queries(len(queries)):
        page = client.get(reverse("governance:assessment_detail", args=[region.slug, many.uuid]))

    assert len(selectors.assessment_overview(many).dropped) == 10
    assert page.content.decode().count("in de vorige ronde</li>") == 10


def test_the_round_page_lists_the_seats_present_then_the_names_typed_in(
    checklist, region, body, seats, projectleider, client_for
):
    assessment = _start(
        region, body, participant_seats=[seats[0]], participants="Gast A\n\n  Gast B  \n"
    )

    page = client_for(projectleider).get(
        reverse("governance:assessment_detail", args=[region.slug, assessment.uuid])
    )

    assert "<dd>Wim Wethouder, Gast A, Gast B</dd>" in page.content.decode()
