"""templates/includes/field.html writes a FieldViewsMixin form's inputs as Django's own widget
templates would, with crispy-bootstrap5's labels, help texts and errors; the scan's theme page and
the checklist's fill page render their answer fields with it."""

import re

import pytest
from django import forms
from django.template.loader import render_to_string

from ghnt_portal.forms import FieldViewsMixin
from governance.forms import AnswerForm as ChecklistAnswerForm
from tests.governance.factories import AssessmentAnswerFactory

INPUT = re.compile(r"<(?:input|textarea)\b[^>]*>(?:[^<]*</textarea>)?")


class SampleForm(FieldViewsMixin, forms.Form):
    choice = forms.ChoiceField(
        label="Keuze", choices=[("a", "A & co"), ("b", "B")], widget=forms.RadioSelect
    )
    text = forms.CharField(label="Tekst", max_length=5, help_text="Hooguit <em>vijf</em> tekens.")
    note = forms.CharField(label="Notitie", required=False, widget=forms.Textarea)
    flag = forms.BooleanField(label="Vlag", required=False, help_text="Vink aan.")
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)


def _render(form) -> str:
    return "".join(
        render_to_string("includes/field.html", {"field": view}) for view in form.views.values()
    )


def _written_out(form, html: str) -> dict[str, list[str]]:
    return {
        name: [tag for tag in INPUT.findall(html) if f'name="{form[name].html_name}"' in tag]
        for name in form.views
    }


def _django(form) -> dict[str, list[str]]:
    rendered = {}
    for name in form.views:
        field = form[name]
        if isinstance(field.field.widget, forms.RadioSelect):
            # Django wraps each radio button in its label; the template puts the label after it.
            rendered[name] = [INPUT.search(str(option)).group(0) for option in field]
        else:
            rendered[name] = [str(field)]
    return rendered


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"choice": "a", "text": 'a"<b', "note": "x\n& y", "flag": "on"},
        {"choice": "z", "text": "te lang", "note": "", "hidden": "h"},
    ],
    ids=["empty", "valid", "invalid"],
)
def test_the_inputs_are_the_ones_django_renders(data):
    form = SampleForm(data, prefix="p")
    if data is not None:
        form.is_valid()

    html = _render(form)

    assert list(form.views) == ["choice", "text", "note", "flag"]  # not the hidden field
    assert _written_out(form, html) == _django(form)


@pytest.mark.parametrize("data", [None, {"hidden": 'h"<&'}], ids=["empty", "posted"])
def test_the_hidden_inputs_are_the_ones_django_renders(data):
    form = SampleForm(data, prefix="p")

    assert form.hidden_html == form["hidden"].as_hidden()


def test_required_fields_help_texts_and_errors_are_labelled_and_described():
    form = SampleForm({"choice": "z", "text": "te lang"}, prefix="p")
    form.is_valid()

    html = _render(form)

    assert '<fieldset aria-describedby="id_p-choice_error">' in html
    assert (
        '<legend class="form-label requiredField fs-6">Keuze'
        '<span class="asteriskField">*</span></legend>'
    ) in html
    assert '<label for="id_p-note" class="form-label">Notitie</label>' in html
    help_text = '<div id="id_p-text_helptext" class="form-text">Hooguit <em>vijf</em> tekens.</div>'
    assert help_text in html
    assert 'aria-describedby="id_p-text_helptext id_p-text_error"' in html
    assert '<div id="id_p-text_error" class="invalid-feedback">' in html
    assert '<div id="id_p-choice_error" class="invalid-feedback">' in html
    assert '<div id="id_p-flag_helptext" class="form-text">Vink aan.</div>' in html
    assert "A &amp; co</label>" in html


@pytest.mark.django_db
def test_the_checklist_answer_fields_carry_the_lock_and_the_points_code():
    answer = AssessmentAnswerFactory(explanation="Staat in het <b>plan</b>")
    form = ChecklistAnswerForm(instance=answer, prefix="a1")

    html = render_to_string("governance/includes/answer_fields.html", {"form": form})

    assert _written_out(form, html) == _django(form)
    assert f"Status van {answer.item.code}" in html
    assert f'name="a1-lock_version" value="{form["lock_version"].value()}"' in html
