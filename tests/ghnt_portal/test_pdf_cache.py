"""Rendered PDFs are cached by the version of their data: a second download of an unchanged
report does not render again, any change renders afresh, and nobody gets another's PDF."""

import datetime
import itertools
from unittest import mock

import pytest
from django.core.cache import caches
from django.urls import reverse

from ghnt_portal import pdf_cache
from governance.constants import ItemStatus
from regions.constants import NationalFigureKind, RegionRole
from regions.models import NationalFigure
from tests.factories import (
    GovernanceBodyFactory,
    MembershipFactory,
    MunicipalityFactory,
    RegionalFigureFactory,
    SeatFactory,
)
from tests.governance.factories import (
    AssessmentAnswerFactory,
    AssessmentFactory,
    FollowUpActionFactory,
    MeetingFactory,
    NietVergetenLijstFactory,
)
from tests.scan.factories import AnswerFactory, ResponseFactory


@pytest.fixture(autouse=True)
def empty_pdf_cache():
    caches[pdf_cache.CACHE_ALIAS].clear()
    yield
    caches[pdf_cache.CACHE_ALIAS].clear()


@pytest.fixture
def renderer():
    """render_to_pdf replaced by a stub that numbers its PDFs, so tests see which one came back."""
    numbers = itertools.count(1)
    with mock.patch.object(
        pdf_cache, "render_to_pdf", side_effect=lambda *a: ("", b"%%PDF-%d" % next(numbers))
    ) as stub:
        yield stub


@pytest.fixture
def meeting(region):
    body = GovernanceBodyFactory(region=region)
    SeatFactory(body=body, person_name="Wim Wethouder")
    NietVergetenLijstFactory(body=body)
    return MeetingFactory(body=body)


def report_url(meeting):
    return reverse("governance:meeting_report_pdf", args=[meeting.body.region.slug, meeting.uuid])


def test_a_second_download_of_an_unchanged_report_is_not_rendered_again(
    meeting, projectleider, client_for, renderer
):
    client = client_for(projectleider)

    first = client.get(report_url(meeting))
    second = client.get(report_url(meeting))

    assert first.status_code == second.status_code == 200
    assert renderer.call_count == 1
    assert second.content == first.content == b"%PDF-1"
    assert second["Content-Type"] == "application/pdf"


def change_seat(meeting):
    SeatFactory(body=meeting.body, person_name="Nieuwe Zetel")


def change_nvl_text(meeting):
    meeting.body.niet_vergeten_lijst.__class__.objects.filter(body=meeting.body).update(
        problem="Een nieuwe probleemschets."
    )


def close_action(meeting):
    action = FollowUpActionFactory(region=meeting.body.region)
    action.__class__.objects.filter(pk=action.pk).update(is_closed=True)


def change_meeting_place(meeting):
    meeting.__class__.objects.filter(pk=meeting.pk).update(place="Gemeentehuis")


def change_body_domains(meeting):
    from tests.factories import DomainFactory

    meeting.body.domains.add(DomainFactory())


def tick_a_figure_for_the_reports(meeting):
    RegionalFigureFactory(region=meeting.body.region, in_report=True)


def change_a_national_figure(meeting):
    """The report compares the region's figures per 1,000 with the national ones."""
    NationalFigure.objects.update_or_create(
        kind=NationalFigureKind.VT_REPORTS,
        year=2021,
        defaults={"value": 127_415, "source": "Fictieve testbron"},
    )


def add_inhabitants_in_another_region(meeting):
    """The national per-1,000 base is the sum of the inhabitants of all municipalities."""
    MunicipalityFactory(inhabitants=10_000)


@pytest.mark.parametrize(
    "change",
    [
        change_seat,
        change_nvl_text,
        close_action,
        change_meeting_place,
        change_body_domains,
        tick_a_figure_for_the_reports,
        change_a_national_figure,
        add_inhabitants_in_another_region,
    ],
)
def test_any_change_to_the_data_in_the_report_renders_it_afresh(
    change, meeting, projectleider, client_for, renderer
):
    client = client_for(projectleider)
    client.get(report_url(meeting))

    change(meeting)
    again = client.get(report_url(meeting))

    assert renderer.call_count == 2
    assert again.content == b"%PDF-2"


def test_a_changed_checklist_status_renders_the_report_afresh(
    meeting, projectleider, client_for, renderer
):
    assessment = AssessmentFactory(region=meeting.body.region, body=meeting.body)
    answer = AssessmentAnswerFactory(assessment=assessment, status=ItemStatus.NOT_STARTED)
    client = client_for(projectleider)
    client.get(report_url(meeting))

    answer.__class__.objects.filter(pk=answer.pk).update(status=ItemStatus.DONE)
    client.get(report_url(meeting))

    assert renderer.call_count == 2


@pytest.mark.parametrize("column", ["closed_at", "created_at"])
def test_a_changed_time_of_making_or_closing_an_action_renders_the_report_afresh(
    column, meeting, projectleider, client_for, renderer
):
    """The report on a date lists the actions open then: it reads both times."""
    action = FollowUpActionFactory(
        region=meeting.body.region,
        is_closed=True,
        closed_at=datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC),
    )
    client = client_for(projectleider)
    client.get(report_url(meeting))

    action.__class__.objects.filter(pk=action.pk).update(
        **{column: datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)}
    )
    client.get(report_url(meeting))

    assert renderer.call_count == 2


def test_a_change_in_another_region_keeps_the_cached_report(
    meeting, other_region, projectleider, client_for, renderer
):
    client = client_for(projectleider)
    client.get(report_url(meeting))

    SeatFactory(body=GovernanceBodyFactory(region=other_region))
    client.get(report_url(meeting))

    assert renderer.call_count == 1


def test_another_region_gets_no_report_from_the_cache(
    meeting, projectleider, other_projectleider, client_for, renderer
):
    client_for(projectleider).get(report_url(meeting))

    outsider = client_for(other_projectleider).get(report_url(meeting))

    assert outsider.status_code == 404
    assert b"%PDF" not in outsider.content


@pytest.fixture
def own_response(region, bestuurder):
    response = ResponseFactory(user=bestuurder, region=region)
    AnswerFactory(response=response, question__questionnaire=response.questionnaire)
    return response


def result_url(response):
    return reverse("scan:result_pdf", args=[response.uuid])


def test_the_author_downloads_the_scan_pdf_a_second_time_from_the_cache(
    own_response, bestuurder, client_for, renderer
):
    client = client_for(bestuurder)

    first = client.get(result_url(own_response))
    second = client.get(result_url(own_response))

    assert first.status_code == second.status_code == 200
    assert renderer.call_count == 1
    assert second.content == first.content


def test_a_changed_answer_renders_the_scan_pdf_afresh(
    own_response, bestuurder, client_for, renderer
):
    client = client_for(bestuurder)
    client.get(result_url(own_response))

    own_response.answers.update(reflection="Toch anders bekeken.")
    client.get(result_url(own_response))

    assert renderer.call_count == 2


def test_nobody_else_gets_the_cached_private_scan_pdf(
    own_response, bestuurder, region, client_for, renderer
):
    client_for(bestuurder).get(result_url(own_response))
    colleague = MembershipFactory(region=region, burgemeester=True).user
    leader = MembershipFactory(region=region, role=RegionRole.PROJECTLEIDER).user

    for user in (colleague, leader):
        answer = client_for(user).get(result_url(own_response))
        assert answer.status_code == 404
        assert b"%PDF" not in answer.content
    assert renderer.call_count == 1


def test_two_people_with_the_same_data_get_different_keys():
    digest = pdf_cache.data_digest([])

    first = pdf_cache.cache_key("scan-result", ["uuid-a", 1], digest)
    second = pdf_cache.cache_key("scan-result", ["uuid-b", 2], digest)

    assert first != second


def test_each_colleague_gets_their_own_scan_pdf(
    own_response, bestuurder, region, client_for, renderer
):
    colleague = MembershipFactory(region=region, burgemeester=True).user
    theirs = ResponseFactory(
        user=colleague, region=region, questionnaire=own_response.questionnaire
    )

    mine = client_for(bestuurder).get(result_url(own_response))
    their_pdf = client_for(colleague).get(result_url(theirs))

    assert mine.content == b"%PDF-1"
    assert their_pdf.content == b"%PDF-2"


def test_a_broken_cache_still_delivers_the_pdf(
    own_response, bestuurder, client_for, renderer, monkeypatch
):
    broken = mock.Mock(get=mock.Mock(side_effect=OSError), set=mock.Mock(side_effect=OSError))
    monkeypatch.setattr(pdf_cache, "caches", {pdf_cache.CACHE_ALIAS: broken})

    answer = client_for(bestuurder).get(result_url(own_response))

    assert answer.status_code == 200
    assert answer.content == b"%PDF-1"


def test_the_region_digest_compiled_once_equals_the_digest_of_the_regions_rows(meeting, region):
    """region_report_digest reuses SQL compiled for any region; it must hash the same rows as
    data_digest of that region's sources, and see a change in them."""
    other = GovernanceBodyFactory(name="Ander overleg").region

    before = pdf_cache.region_report_digest(region)
    other_before = pdf_cache.region_report_digest(other)
    SeatFactory(body=meeting.body, person_name="Nieuw lid")
    after = pdf_cache.region_report_digest(region)

    assert before != other_before
    assert after != before
    assert after == pdf_cache.data_digest(pdf_cache.region_report_sources(region))
    assert pdf_cache.region_report_digest(other) == other_before


@pytest.fixture
def pdf_cache_dir(settings, tmp_path):
    """The PDF cache as in production: files in a directory."""
    settings.CACHES = {
        **settings.CACHES,
        "pdf": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        },
    }
    return tmp_path


@pytest.mark.parametrize("how", ["one scan", "all my scans"])
def test_deleting_a_scan_removes_its_cached_pdfs_from_disk(
    how,
    own_response,
    bestuurder,
    region,
    client_for,
    renderer,
    pdf_cache_dir,
    django_capture_on_commit_callbacks,
):
    """The file cache only removes an expired PDF when it is read again: a deleted scan's PDFs
    would stay on disk."""
    colleague = MembershipFactory(region=region, burgemeester=True).user
    theirs = ResponseFactory(
        user=colleague, region=region, questionnaire=own_response.questionnaire
    )
    client_for(colleague).get(result_url(theirs))
    kept = set(pdf_cache_dir.iterdir())
    client = client_for(bestuurder)
    client.get(result_url(own_response))
    client.get(reverse("scan:council_pdf", args=[own_response.uuid]) + "?reflecties=1")
    assert len(set(pdf_cache_dir.iterdir()) - kept) >= 2

    if how == "one scan":
        url = reverse("scan:delete", args=[own_response.uuid])
    else:
        url = reverse("privacy:delete_my_responses")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302

    assert set(pdf_cache_dir.iterdir()) == kept
    assert client_for(colleague).get(result_url(theirs)).status_code == 200
    assert renderer.call_count == 3
