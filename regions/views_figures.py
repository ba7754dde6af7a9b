"""Screens for regional figures and the national overview (issue 8).

Figures: members of the region (and national roles) read them; the region's project leader and
beheerders add, edit, delete and import them; outsiders get 404. The national overview is for
beheerder and landelijk only (403 for others, login for anonymous).
"""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View

from ghnt_portal.access import NationalRoleRequiredMixin, RegionAccessMixin
from ghnt_portal.pdf import render_to_pdf
from ghnt_portal.responses import pdf_response

from .figures import csv_import, selectors, services
from .figures.forms import FigureImportForm, PrevalenceForm, RegionalFigureForm
from .national import national_overview, overview_csv
from .views import RegionDeleteView, RegionFormView, _region_crumbs

IMPORT_SESSION_KEY = "regions_figure_import"


def _figures_url(region) -> str:
    return reverse("regions:figures", args=[region.slug])


def _figures_crumbs(region, *extra):
    return _region_crumbs(region, (_("Cijfers"), _figures_url(region)), *extra)


class FiguresView(RegionAccessMixin, TemplateView):
    """The region's figures, per 1,000 inhabitants beside the national figure and other regions,
    and the prevalence conversion (a GET form: nothing is stored)."""

    template_name = "regions/figures/figures.html"

    def get_context_data(self, **kwargs):
        page = selectors.figures_page(self.region)
        prevalence_form = PrevalenceForm(self.request.GET or None)
        own_estimate = None
        if prevalence_form.is_bound and prevalence_form.is_valid():
            own_estimate = selectors.prevalence_for(
                page.inhabitants,
                prevalence_form.cleaned_data["percentage"],
                prevalence_form.cleaned_data["source"],
            )
        kwargs.update(
            page=page,
            presets=selectors.preset_estimates(page.inhabitants),
            prevalence_form=prevalence_form,
            own_estimate=own_estimate,
            caveat=selectors.PREVALENCE_CAVEAT,
            crumbs=_region_crumbs(self.region, (_("Cijfers"), None)),
        )
        return super().get_context_data(**kwargs)


class FigureFormView(RegionFormView):
    form_class = RegionalFigureForm

    def get_cancel_url(self) -> str:
        return _figures_url(self.region)

    def get_crumbs(self):
        return _figures_crumbs(self.region, (self.title, None))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "region": self.region}

    def form_valid(self, form):
        saved = self.save_or_error(
            form, lambda: services.figure_save(figure=form.instance, region=self.region)
        )
        if saved is None:
            return self.form_invalid(form)
        figure, years = saved
        message = _("Cijfer ‘%(name)s’ over %(year)s is opgeslagen.")
        if years > 1:
            message = _(
                "Cijfer ‘%(name)s’ over %(year)s is opgeslagen; de nieuwe naam geldt voor alle "
                "%(years)s jaren."
            )
        messages.success(
            self.request, message % {"name": figure.name, "year": figure.year, "years": years}
        )
        return HttpResponseRedirect(_figures_url(self.region))


class FigureCreateView(FigureFormView):
    title = gettext_lazy("Nieuw cijfer")


class FigureUpdateView(FigureFormView):
    @property
    def title(self):
        return _("Cijfer ‘%(name)s’ over %(year)s bewerken") % {
            "name": self.object.name,
            "year": self.object.year,
        }

    def get_object(self):
        return selectors.get_figure(self.region, self.kwargs["figure_uuid"])


class FigureDeleteView(RegionDeleteView):
    def get_object(self):
        return selectors.get_figure(self.region, self.kwargs["figure_uuid"])

    def get_cancel_url(self, obj):
        return _figures_url(self.region)

    get_success_url = get_cancel_url

    def get_crumbs(self, obj):
        return _figures_crumbs(self.region, (_("Verwijderen"), None))

    def delete_object(self, obj):
        services.figure_delete(figure=obj)
        return _("Cijfer ‘%(name)s’ over %(year)s is verwijderd.") % {
            "name": obj.name,
            "year": obj.year,
        }


class _FigureImportMixin:
    """Upload -> preview (file kept in the session) -> confirm -> saved in one transaction.

    ``import_region`` is the region of the file, or None for a national file (beheerder)."""

    template_name = "regions/figures/import.html"
    form_class = FigureImportForm
    import_region = None

    def _session_key(self) -> str:
        scope = self.import_region.pk if self.import_region else "landelijk"
        return f"{IMPORT_SESSION_KEY}:{scope}"

    def get_done_url(self) -> str:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        kwargs.setdefault("plan", None)
        kwargs["cancel_url"] = self.get_done_url()
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        if "confirm" in request.POST:
            return self.confirm()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data["file"].read()
        options = {
            "region": self.import_region,
            "kind": form.cleaned_data["kind"],
            "label": form.cleaned_data["label"],
            "source": form.cleaned_data["source"],
        }
        plan = csv_import.parse_bytes(data, **options)
        plan.in_report = form.cleaned_data["in_report"]
        if plan.is_valid:
            self.request.session[self._session_key()] = {
                "text": csv_import.decode(data),
                "kind": options["kind"],
                "label": options["label"],
                "source": options["source"],
                "in_report": plan.in_report,
            }
        else:
            self.request.session.pop(self._session_key(), None)
        return self.render_to_response(self.get_context_data(form=form, plan=plan))

    def confirm(self):
        stored = self.request.session.get(self._session_key())
        if stored is None:
            messages.warning(
                self.request, _("Upload het bestand opnieuw; de voorbeeldweergave is verlopen.")
            )
            return HttpResponseRedirect(self.request.path)
        # Checked again: the registry may have changed since the preview.
        plan = csv_import.parse(
            stored["text"],
            region=self.import_region,
            kind=stored["kind"],
            label=stored["label"],
            source=stored["source"],
        )
        plan.in_report = stored.get("in_report", False)
        if not plan.is_valid:
            return self.render_to_response(self.get_context_data(plan=plan))
        created, updated = csv_import.apply(plan)
        del self.request.session[self._session_key()]
        messages.success(
            self.request,
            _("Cijfers geïmporteerd: %(created)s nieuw, %(updated)s bijgewerkt.")
            % {"created": created, "updated": updated},
        )
        return HttpResponseRedirect(self.get_done_url())


class FigureImportView(RegionAccessMixin, _FigureImportMixin, FormView):
    """The region's project leader (or a beheerder) imports a file of the region's codes."""

    region_edit_required = True

    @property
    def import_region(self):
        return self.region

    def get_done_url(self) -> str:
        return _figures_url(self.region)

    def get_context_data(self, **kwargs):
        kwargs["title"] = _("Cijfers importeren")
        kwargs["crumbs"] = _figures_crumbs(self.region, (_("Importeren"), None))
        return super().get_context_data(**kwargs)


class NationalFigureImportView(NationalRoleRequiredMixin, _FigureImportMixin, FormView):
    """The beheerder imports one national file: every code goes to its own region."""

    beheerder_only = True

    def get_done_url(self) -> str:
        return reverse("regions:national_overview")

    def get_context_data(self, **kwargs):
        kwargs["title"] = _("Cijfers importeren voor alle regio's")
        kwargs["crumbs"] = [
            (_("Regio's"), reverse("regions:region_list")),
            (_("Landelijk overzicht"), reverse("regions:national_overview")),
            (_("Cijfers importeren"), None),
        ]
        return super().get_context_data(**kwargs)


# --- National overview ---------------------------------------------------------------------


class NationalOverviewView(NationalRoleRequiredMixin, TemplateView):
    template_name = "regions/national/overview.html"

    def get_context_data(self, **kwargs):
        kwargs["overview"] = national_overview(
            self.request.GET.get("sort"), base_url=reverse("regions:national_overview")
        )
        kwargs["crumbs"] = [
            (_("Regio's"), reverse("regions:region_list")),
            (_("Landelijk overzicht"), None),
        ]
        return super().get_context_data(**kwargs)


class NationalOverviewCsvView(NationalRoleRequiredMixin, View):
    def get(self, request, *args, **kwargs):
        overview = national_overview(request.GET.get("sort"))
        response = HttpResponse(
            "\ufeff" + overview_csv(overview), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="landelijk-overzicht.csv"'
        return response


class NationalOverviewPdfView(NationalRoleRequiredMixin, View):
    def get(self, request, *args, **kwargs):
        overview = national_overview(request.GET.get("sort"))
        _html, pdf = render_to_pdf(
            "regions/national/pdf.html", {"overview": overview, "generated_on": timezone.now()}
        )
        return pdf_response(pdf, "landelijk-overzicht")
