"""Screens of the registry. Every view goes through ``RegionAccessMixin``: outsiders get 404,
read-only members 403 on editing screens; objects are always looked up inside the region."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView, ListView, TemplateView, View

from ghnt_portal.access import RegionAccessMixin
from ghnt_portal.deletion import REFUSED_ERRORS, impact_sections, refused_message
from ghnt_portal.forms import add_service_errors
from ghnt_portal.pdf import render_to_pdf
from ghnt_portal.responses import pdf_response
from ghnt_portal.reversing import set_links
from ghnt_portal.submissions.services import AlreadySubmitted, submit_once
from ghnt_portal.submissions.views import already_submitted

from . import selectors, services
from .forms import GovernanceBodyForm, PartnerOrganisationForm, SeatForm
from .structure import build_structure_picture


def _region_crumbs(region, *extra) -> list[tuple[str, str | None]]:
    return [
        (_("Regio's"), reverse("regions:region_list")),
        (region.name, reverse("regions:region_detail", args=[region.slug])),
        *extra,
    ]


def _body_url(body) -> str:
    return reverse("regions:body_detail", args=[body.region.slug, body.uuid])


class RegionListView(LoginRequiredMixin, ListView):
    template_name = "regions/region_list.html"
    context_object_name = "regions"

    def get_queryset(self):
        return selectors.regions_for_user(self.request.user)

    def get_context_data(self, **kwargs):
        kwargs["crumbs"] = [(_("Regio's"), None)]
        return super().get_context_data(**kwargs)


class RegionDetailView(RegionAccessMixin, TemplateView):
    template_name = "regions/region_detail.html"

    def get_context_data(self, **kwargs):
        overview = selectors.region_overview(self.region)
        slug = [self.region.slug]
        set_links(overview.bodies, "detail_url", "regions:body_detail", slug)
        if self.access.can_edit:
            set_links(overview.partners, "edit_url", "regions:partner_update", slug)
            set_links(overview.partners, "delete_url", "regions:partner_delete", slug)
        kwargs["overview"] = overview
        kwargs["crumbs"] = _region_crumbs(self.region)
        return super().get_context_data(**kwargs)


class StructureView(RegionAccessMixin, TemplateView):
    template_name = "regions/structure.html"

    def get_context_data(self, **kwargs):
        kwargs["picture"] = build_structure_picture(self.region)
        kwargs["crumbs"] = _region_crumbs(self.region, (_("Structuurplaat"), None))
        return super().get_context_data(**kwargs)


class StructurePdfView(RegionAccessMixin, View):
    """The structure picture as a PDF, for printing and for the steering group's papers."""

    def get(self, request, *args, **kwargs):
        picture = build_structure_picture(self.region)
        _html, pdf = render_to_pdf(
            "regions/pdf/structure.html", {"picture": picture, "generated_on": timezone.now()}
        )
        return pdf_response(pdf, f"structuurplaat-{self.region.slug}")


class BodyDetailView(RegionAccessMixin, TemplateView):
    template_name = "regions/body_detail.html"

    def get_context_data(self, **kwargs):
        body = selectors.get_body(self.region, self.kwargs["body_uuid"])
        detail = selectors.body_detail(body)
        if self.access.can_edit:
            slug = [self.region.slug]
            seats = [seat for group in detail.seat_groups for seat in group.seats]
            set_links(seats, "edit_url", "regions:seat_update", slug)
            set_links(seats, "delete_url", "regions:seat_delete", slug)
        kwargs["detail"] = detail
        kwargs["body"] = body
        kwargs["crumbs"] = _region_crumbs(self.region, (body.name, None))
        return super().get_context_data(**kwargs)


class RegionFormView(RegionAccessMixin, FormView):
    """A create/edit form inside a region, for its project leader and beheerders only."""

    region_edit_required = True
    template_name = "regions/form_page.html"
    title = ""
    submit_label = gettext_lazy("Opslaan")

    def get_object(self):
        return None

    def get_cancel_url(self) -> str:
        return reverse("regions:region_detail", args=[self.region.slug])

    def get_crumbs(self):
        return _region_crumbs(self.region, (self.title, None))

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.object
        return kwargs

    def dispatch(self, request, *args, **kwargs):
        self.object = None
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            return super().post(request, *args, **kwargs)
        except AlreadySubmitted as submitted:
            return already_submitted(request, self.get_already_submitted_url(), submitted)

    def get_already_submitted_url(self) -> str:
        """Where a create form sent a second time goes when its first save did not leave the
        page it went to (``save_or_error(url=...)``), or another person sent it: the page that
        lists what it created."""
        return self.get_cancel_url()

    def save_or_error(self, form, save, url=None):
        """Run the service; a rule that fails inside the transaction (say, a concurrent edit made
        a cycle, or two tabs saved the same name) becomes an error on the form, at its field
        where it has one, instead of a 500.

        A form that creates claims its one-time token in the same transaction: sent a second
        time (a double click), it raises ``AlreadySubmitted`` and saves nothing; ``url`` (from
        the created object) is the page the view then sends the person to, for the same form
        sent again by them."""
        try:
            return submit_once(form, save, user=self.request.user, url=url)
        except ValidationError as error:
            add_service_errors(form, error)
            return None

    def get_context_data(self, **kwargs):
        kwargs.update(
            title=self.title,
            crumbs=self.get_crumbs(),
            cancel_url=self.get_cancel_url(),
            submit_label=self.submit_label,
        )
        return super().get_context_data(**kwargs)


class BodyCreateView(RegionFormView):
    form_class = GovernanceBodyForm
    title = gettext_lazy("Nieuw overleg")
    success_message = gettext_lazy("Overleg ‘%(name)s’ is toegevoegd.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "region": self.region}

    def form_valid(self, form):
        body = self.save_or_error(
            form,
            lambda: services.body_save(body=form.instance, domains=form.cleaned_data["domains"]),
            url=_body_url,
        )
        if body is None:
            return self.form_invalid(form)
        messages.success(self.request, self.success_message % {"name": body})
        return HttpResponseRedirect(_body_url(body))


class BodyUpdateView(BodyCreateView):
    success_message = gettext_lazy("Overleg ‘%(name)s’ is opgeslagen.")

    @property
    def title(self):
        return _("Overleg ‘%(name)s’ bewerken") % {"name": self.object}

    def get_object(self):
        return selectors.get_body(self.region, self.kwargs["body_uuid"])

    def get_crumbs(self):
        return _region_crumbs(
            self.region, (self.object.name, _body_url(self.object)), (_("Bewerken"), None)
        )

    def get_cancel_url(self) -> str:
        return _body_url(self.object)


class SeatCreateView(RegionFormView):
    form_class = SeatForm
    success_message = gettext_lazy("De zetel van %(person)s is toegevoegd aan ‘%(body)s’.")

    def dispatch(self, request, *args, **kwargs):
        self.body = None
        return super().dispatch(request, *args, **kwargs)

    def get_object(self):
        self.body = selectors.get_body(self.region, self.kwargs["body_uuid"])
        return None

    @property
    def title(self):
        return _("Nieuwe zetel in ‘%(name)s’") % {"name": self.body}

    def get_crumbs(self):
        return _region_crumbs(
            self.region, (self.body.name, _body_url(self.body)), (_("Nieuwe zetel"), None)
        )

    def get_cancel_url(self) -> str:
        return _body_url(self.body)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "body": self.body}

    def form_valid(self, form):
        seat = self.save_or_error(form, lambda: services.seat_save(seat=form.instance))
        if seat is None:
            return self.form_invalid(form)
        messages.success(
            self.request, self.success_message % {"person": seat.person_name, "body": self.body}
        )
        return HttpResponseRedirect(_body_url(self.body))


class SeatUpdateView(SeatCreateView):
    success_message = gettext_lazy("De zetel van %(person)s is opgeslagen.")

    def get_object(self):
        seat = selectors.get_seat(self.region, self.kwargs["seat_uuid"])
        self.body = seat.body
        return seat

    @property
    def title(self):
        return _("Zetel van %(person)s bewerken") % {"person": self.object.person_name}

    def get_crumbs(self):
        return _region_crumbs(
            self.region, (self.body.name, _body_url(self.body)), (_("Zetel bewerken"), None)
        )


class PartnerCreateView(RegionFormView):
    form_class = PartnerOrganisationForm
    title = gettext_lazy("Nieuwe partnerorganisatie")
    success_message = gettext_lazy("Partnerorganisatie ‘%(name)s’ is toegevoegd.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "region": self.region}

    def form_valid(self, form):
        partner = self.save_or_error(form, lambda: services.partner_save(partner=form.instance))
        if partner is None:
            return self.form_invalid(form)
        messages.success(self.request, self.success_message % {"name": partner})
        return HttpResponseRedirect(self.get_already_submitted_url())

    def get_already_submitted_url(self) -> str:
        return self.get_cancel_url() + "#partners"


class PartnerUpdateView(PartnerCreateView):
    success_message = gettext_lazy("Partnerorganisatie ‘%(name)s’ is opgeslagen.")

    @property
    def title(self):
        return _("Partnerorganisatie ‘%(name)s’ bewerken") % {"name": self.object}

    def get_object(self):
        return selectors.get_partner(self.region, self.kwargs["partner_uuid"])


class RegionDeleteView(RegionAccessMixin, TemplateView):
    """Shows what goes with the object and asks to confirm; deletes on POST only."""

    region_edit_required = True
    template_name = "confirm_delete.html"

    def get_object(self):
        raise NotImplementedError

    def get_impact(self, obj) -> list[tuple[str, list[str]]]:
        return []

    def delete_object(self, obj) -> str:
        """Deletes ``obj``; returns the message. (Not ``delete``: View.dispatch would call that
        for the HTTP method DELETE.)"""
        raise NotImplementedError

    def get_cancel_url(self, obj) -> str:
        return reverse("regions:region_detail", args=[self.region.slug])

    def get_success_url(self, obj) -> str:
        return reverse("regions:region_detail", args=[self.region.slug])

    def get_crumbs(self, obj):
        return _region_crumbs(self.region, (_("Verwijderen"), None))

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        return self.render_to_response(
            self.get_context_data(
                object=obj,
                title=_("‘%(name)s’ verwijderen") % {"name": obj},
                impact=self.get_impact(obj),
                cancel_url=self.get_cancel_url(obj),
                crumbs=self.get_crumbs(obj),
            )
        )

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        success_url = self.get_success_url(obj)
        try:
            message = self.delete_object(obj)  # a service: all or nothing
        except REFUSED_ERRORS as error:
            messages.error(request, refused_message(error))
            return HttpResponseRedirect(request.path)
        messages.success(request, message)
        return HttpResponseRedirect(success_url)


class BodyDeleteView(RegionDeleteView):
    def get_object(self):
        return selectors.get_body(self.region, self.kwargs["body_uuid"])

    def get_impact(self, obj):
        impact = selectors.body_deletion_impact(obj)
        sections = []
        if impact.seats:
            sections.append(
                (
                    _("Deze zetels worden ook verwijderd"),
                    [
                        f"{s.person_name}"
                        + (f" ({s.person_function})" if s.person_function else "")
                        for s in impact.seats
                    ],
                )
            )
        if impact.reporting_bodies:
            sections.append(
                (
                    _("Deze overleggen rapporteren nu aan dit overleg en verliezen die lijn"),
                    [b.name for b in impact.reporting_bodies],
                )
            )
        return sections + impact_sections(impact.other)

    def get_cancel_url(self, obj):
        return _body_url(obj)

    def get_crumbs(self, obj):
        return _region_crumbs(self.region, (obj.name, _body_url(obj)), (_("Verwijderen"), None))

    def delete_object(self, obj):
        impact = services.body_delete(body=obj)
        count = len(impact.seats)
        if not count:
            return _("Overleg ‘%(name)s’ is verwijderd; het had geen zetels.") % {"name": obj.name}
        return ngettext(
            "Overleg ‘%(name)s’ is verwijderd, met zijn %(count)d zetel.",
            "Overleg ‘%(name)s’ is verwijderd, met zijn %(count)d zetels.",
            count,
        ) % {"name": obj.name, "count": count}


class SeatDeleteView(RegionDeleteView):
    def get_object(self):
        return selectors.get_seat(self.region, self.kwargs["seat_uuid"])

    def get_cancel_url(self, obj):
        return _body_url(obj.body)

    get_success_url = get_cancel_url

    def get_crumbs(self, obj):
        return _region_crumbs(
            self.region, (obj.body.name, _body_url(obj.body)), (_("Zetel verwijderen"), None)
        )

    def get_impact(self, obj):
        notes = selectors.seat_deletion_impact(obj).notes
        return [(_("Vergaderingen en checklistrondes"), notes)] if notes else []

    def delete_object(self, obj):
        services.seat_delete(seat=obj)
        return _("De zetel van %(person)s is verwijderd uit ‘%(body)s’.") % {
            "person": obj.person_name,
            "body": obj.body.name,
        }


class PartnerDeleteView(RegionDeleteView):
    def get_object(self):
        return selectors.get_partner(self.region, self.kwargs["partner_uuid"])

    def get_impact(self, obj):
        seats = selectors.partner_deletion_impact(obj)
        if not seats:
            return []
        return [
            (
                _("Deze zetels blijven bestaan, maar vertegenwoordigen de organisatie niet meer"),
                [f"{s.person_name} ({s.body.name})" for s in seats],
            )
        ]

    def get_success_url(self, obj) -> str:
        return super().get_success_url(obj) + "#partners"

    def delete_object(self, obj):
        services.partner_delete(partner=obj)
        return _("Partnerorganisatie ‘%(name)s’ is verwijderd.") % {"name": obj.name}
