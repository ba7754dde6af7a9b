"""Bad input: random and hostile text in every main form gives a Dutch validation error or a safe
save, never a 500, never a change to other data, and is shown back escaped.

Property-based (hypothesis): every visible text field of the page's form(s) gets the same drawn
value at once; each example runs in a savepoint that is rolled back, so examples do not see each
other's saves. Example counts stay small so CI stays fast.
"""

import pytest
from django import forms
from django.apps import apps
from django.db import models, transaction
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ghnt_portal.accounts.models import Invitation
from governance.models import NietVergetenLijst
from regions.constants import FigureKind
from regions.models import GovernanceBody, RegionalFigure, Seat
from tests.factories import GovernanceBodyFactory, PartnerOrganisationFactory, SeatFactory
from tests.governance.factories import (
    AgendaItemFactory,
    AssessmentAnswerFactory,
    AssessmentFactory,
    ChecklistItemFactory,
    CommunicationEntryFactory,
    FollowUpActionFactory,
    MeetingFactory,
    NietVergetenLijstFactory,
)
from tests.locking import form_data
from tests.scan.factories import QuestionFactory, ResponseFactory, ThemeFactory

SCRIPT = "<script>alert('xss')</script>"

HOSTILE = [
    SCRIPT,
    "\x00",
    "naam\x00met nul",
    "'; DROP TABLE regions_region; --",
    '" OR 1=1 --',
    "\u202egnilnuk\ufeff\u200b",
    "💥" * 60,
    "x" * 100_000,
    "\r\n\t\x0b\x0c\x1b[31m",
    "{{ request }}{% debug %}",
    "<img src=x onerror=alert(1)>",
    " ",
]

hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=300),
    st.text(alphabet=st.characters(max_codepoint=0x1F), min_size=1, max_size=20),
    st.builds(lambda a, b: a + SCRIPT + b, st.text(max_size=20), st.text(max_size=20)),
)

MAX_TEXT = 10_000  # no text field accepts more than this

HYPOTHESIS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def page_forms(response) -> list:
    context = response.context
    found = []
    for key in ("form", "forms", "answer_forms"):
        value = context.get(key)
        if isinstance(value, forms.BaseForm):
            found.append(value)
        elif isinstance(value, list | tuple):
            found.extend(f for f in value if isinstance(f, forms.BaseForm))
    assert found, "the page has no form in its context"
    return found


def text_fields(form) -> list[str]:
    return [
        form.add_prefix(name)
        for name, field in form.fields.items()
        if type(field) in (forms.CharField, forms.SlugField) and not field.widget.is_hidden
    ]


def other_data(other_region) -> list:
    """Everything of the other region that a form in this region must never touch."""
    return [
        list(GovernanceBody.objects.filter(region=other_region).values().order_by("pk")),
        list(Seat.objects.filter(body__region=other_region).values().order_by("pk")),
        list(NietVergetenLijst.objects.filter(body__region=other_region).values().order_by("pk")),
    ]


@pytest.fixture
def world(region, other_region, projectleider, bestuurder):
    body = GovernanceBodyFactory(region=region)
    other_body = GovernanceBodyFactory(region=other_region, name="Elders", purpose="Ongewijzigd")
    SeatFactory(body=other_body, person_name="Ongewijzigd")
    NietVergetenLijstFactory(body=other_body)
    seat = SeatFactory(body=body)
    partner = PartnerOrganisationFactory(region=region)
    NietVergetenLijstFactory(body=body)
    entry = CommunicationEntryFactory(body=body)
    meeting = MeetingFactory(body=body)
    item = AgendaItemFactory(meeting=meeting)
    action = FollowUpActionFactory(region=region, agenda_item=item)
    checklist_item = ChecklistItemFactory()
    assessment = AssessmentFactory(region=region, version=checklist_item.section.version)
    AssessmentAnswerFactory(assessment=assessment, item=checklist_item)
    figure = RegionalFigure.objects.create(
        region=region, kind=FigureKind.VT_REPORTS, year=2021, value=700, source="CBS"
    )
    theme = ThemeFactory(order=1, key="thema-1")
    QuestionFactory(theme=theme, key="rol", order=1)
    response = ResponseFactory(user=bestuurder, region=region, questionnaire=theme.questionnaire)
    slug = region.slug
    return {
        "region_slug": slug,
        "body": reverse("regions:body_update", args=[slug, body.uuid]),
        "body_create": reverse("regions:body_create", args=[slug]),
        "seat": reverse("regions:seat_update", args=[slug, seat.uuid]),
        "partner": reverse("regions:partner_update", args=[slug, partner.uuid]),
        "invitation": reverse("accounts:invite", args=[slug]),
        "nvl": reverse("governance:nvl_edit", args=[slug, body.uuid]),
        "communication": reverse(
            "governance:communication_edit", args=[slug, body.uuid, entry.uuid]
        ),
        "meeting": reverse("governance:meeting_edit", args=[slug, meeting.uuid]),
        "agenda_item": reverse("governance:agenda_item_edit", args=[slug, meeting.uuid, item.id]),
        "action": reverse("governance:action_edit", args=[slug, action.uuid]),
        "assessment_fill": reverse("governance:assessment_fill", args=[slug, assessment.uuid]),
        "figure": reverse("regions:figure_update", args=[slug, figure.uuid]),
        "scan_theme": reverse("scan:theme", args=[response.uuid, 1]),
    }


# Fields the untouched page leaves empty but a valid save needs.
EXTRA = {
    "invitation": {"email": "nieuw@example.org", "role": "stuurgroeplid"},
}
PAGES = [
    ("body", "projectleider"),
    ("seat", "projectleider"),
    ("partner", "projectleider"),
    ("invitation", "projectleider"),
    ("nvl", "projectleider"),
    ("communication", "projectleider"),
    ("meeting", "projectleider"),
    ("agenda_item", "projectleider"),
    ("action", "projectleider"),
    ("assessment_fill", "projectleider"),
    ("figure", "projectleider"),
    ("scan_theme", "bestuurder"),
]


def assert_escaped(content: str) -> None:
    assert SCRIPT not in content
    assert "<img src=x onerror" not in content


@pytest.mark.parametrize(("page", "role"), PAGES)
def test_hostile_text_in_a_form_is_refused_or_saved_safely(
    request, client_for, world, other_region, page, role
):
    client = client_for(request.getfixturevalue(role))
    url = world[page]
    before = other_data(other_region)

    @HYPOTHESIS
    @given(text=hostile_text)
    @example(text="x" * 100_000)
    @example(text="naam\x00met nul")
    @example(text=SCRIPT)
    def check(text):
        with transaction.atomic():
            shown = client.get(url)
            assert shown.status_code == 200
            page_form_list = page_forms(shown)
            data = {}
            fields = []
            for form in page_form_list:
                data.update(form_data(form))
                fields.extend(text_fields(form))
            assert fields, "no text field found on the page"
            data.update(EXTRA.get(page, {}))
            data.update(dict.fromkeys(fields, text))

            answer = client.post(url, data)

            # 200 or 400: the form back with its errors; 302: saved.
            assert answer.status_code in (200, 302, 400), answer.status_code
            assert_escaped(answer.content.decode())
            if "\x00" in text or len(text) > MAX_TEXT:
                assert answer.status_code != 302, "NUL or overlong text was saved"
            if answer.status_code == 302:
                followed = client.get(answer["Location"])
                assert followed.status_code == 200
                assert_escaped(followed.content.decode())
            assert other_data(other_region) == before
            transaction.set_rollback(True)

    check()


@pytest.mark.parametrize(("page", "role"), PAGES)
def test_ordinary_text_with_markup_is_saved_and_shown_escaped(
    request, client_for, world, page, role
):
    """The data the hostile test starts from is a valid save, so its refusals are real refusals."""
    client = client_for(request.getfixturevalue(role))
    url = world[page]
    shown = client.get(url)
    data, fields = {}, []
    for form in page_forms(shown):
        data.update(form_data(form))
        fields.extend(text_fields(form))
    data.update(EXTRA.get(page, {}))
    data.update(dict.fromkeys(fields, "Gewoon <b>vet</b> & klaar"))

    answer = client.post(url, data)

    assert answer.status_code == 302, answer.context and [f.errors for f in page_forms(answer)]
    next_page = client.get(answer["Location"]).content.decode()
    form_page = client.get(url).content.decode()
    assert "<b>vet</b>" not in next_page
    assert "<b>vet</b>" not in form_page
    if page == "invitation":  # its one text field (portfolio) is not shown before acceptance
        assert Invitation.objects.get().portfolio == "Gewoon <b>vet</b> & klaar"
    else:
        assert "Gewoon &lt;b&gt;vet&lt;/b&gt; &amp; klaar" in next_page + form_page


# Reference content, written by beheerders in the admin and loaded from the project's own files.
REFERENCE_TEXT = {
    "regions.Domain.description",
    "regions.OrganisationType.description",
    "regions.BodyForm.description",
    "scan.Questionnaire.introduction",
    "scan.Theme.introduction",
    "governance.ChecklistVersion.notes",
    "governance.ChecklistSection.intro",
    "governance.ChecklistItem.explanation",
    "governance.ChecklistItem.done_looks_like",
}


def test_every_text_field_users_fill_in_has_a_maximum_length():
    unbounded = set()
    for label in ("accounts", "regions", "scan", "governance"):
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.get_fields():
                text = isinstance(field, models.TextField) and field.editable
                if text and field.max_length is None:
                    unbounded.add(f"{label}.{model.__name__}.{field.name}")
    assert unbounded <= REFERENCE_TEXT, sorted(unbounded - REFERENCE_TEXT)
