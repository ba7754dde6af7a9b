import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ghnt_portal.audit.locking import lock_version_field
from ghnt_portal.reference import shipped_field

from .constants import (
    AmbassadorType,
    BestuurderFunction,
    BodyKind,
    DomainGroup,
    FigureKind,
    NationalFigureKind,
    RegionRole,
    SeatMembership,
    SeatRole,
    choice_label,
)

CBS_CODE_VALIDATOR = RegexValidator(
    r"^GM[0-9]{4}$",
    _("Een CBS-gemeentecode bestaat uit GM gevolgd door vier cijfers, bijv. GM0363."),
)


class ReferenceItem(models.Model):
    """A reference list entry (domain, organisation type, body form) loaded from the repo."""

    slug = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("naam"), max_length=120)
    description = models.TextField(_("toelichting"), blank=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    shipped = shipped_field()

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Domain(ReferenceItem):
    group = models.CharField(
        _("groep"), max_length=20, choices=DomainGroup.choices, default=DomainGroup.ADJACENT
    )
    is_core = models.BooleanField(
        _("kerndomein"), default=False, help_text=_("Jeugd, Wmo/sociaal domein en Veiligheid.")
    )
    source = models.CharField(_("bron"), max_length=200, blank=True)

    class Meta(ReferenceItem.Meta):
        verbose_name = _("domein")
        verbose_name_plural = _("domeinen")


class OrganisationType(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name = _("soort organisatie")
        verbose_name_plural = _("soorten organisaties")


class BodyForm(ReferenceItem):
    source = models.CharField(_("bron"), max_length=200, blank=True)

    class Meta(ReferenceItem.Meta):
        verbose_name = _("vorm van overleg")
        verbose_name_plural = _("vormen van overleg")


class RegionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "RegionQuerySet":
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.has_national_view:
            return self.all()
        return self.filter(memberships__user=user).distinct()


class Region(models.Model):
    name = models.CharField(_("naam"), max_length=120, unique=True)
    slug = models.SlugField(_("code in het webadres"), max_length=120, unique=True)
    centrumgemeente = models.CharField(
        _("centrumgemeente"),
        max_length=120,
        blank=True,
        help_text=_("Laat leeg als dit niet vaststaat."),
    )
    description = models.TextField(_("korte beschrijving"), blank=True, max_length=2000)
    source = models.CharField(
        _("bron"),
        max_length=250,
        blank=True,
        help_text=_("Waar de gegevens van de regio vandaan komen."),
    )
    is_active = models.BooleanField(_("actief"), default=True)
    cbs_code = models.CharField(
        _("code in CBS-tabellen"),
        max_length=20,
        blank=True,
        help_text=_(
            "De code van deze regio in CBS StatLine (bijv. de Veilig Thuis-regio), zoals die in "
            "een gedownload CSV-bestand staat. Laat leeg als u die niet weet."
        ),
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cbs_code"],
                condition=~Q(cbs_code=""),
                name="regions_region_unique_cbs_code",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        # The unique constraint has a condition: Django would name it above the form instead.
        taken = Region.objects.filter(cbs_code=self.cbs_code).exclude(pk=self.pk)
        if self.cbs_code and taken.exists():
            raise ValidationError(
                {"cbs_code": _("Deze code in CBS-tabellen hoort al bij een andere regio.")}
            )


class Municipality(models.Model):
    name = models.CharField(_("naam"), max_length=120)
    cbs_code = models.CharField(
        _("CBS-code"), max_length=6, unique=True, validators=[CBS_CODE_VALIDATOR]
    )
    inhabitants = models.PositiveIntegerField(_("aantal inwoners"), null=True, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("regio"),
        on_delete=models.PROTECT,
        related_name="municipalities",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def check_municipality_in_region(municipality: Municipality | None, region_id: int | None) -> None:
    """A role's municipality (of a membership or an invitation) must be one of its region's."""
    if municipality is not None and region_id is not None and municipality.region_id != region_id:
        raise ValidationError({"municipality": _("Kies een gemeente uit deze regio.")})


class RoleFields(models.Model):
    """The role someone holds, or is invited to, in a region; for a bestuurder also function
    and portfolio (a role's municipality is a field of each model: their reverse names differ)."""

    role = models.CharField(_("rol"), max_length=20, choices=RegionRole.choices)
    function = models.CharField(
        _("functie"),
        max_length=20,
        choices=BestuurderFunction.choices,
        blank=True,
        help_text=_("Alleen voor bestuurders: burgemeester of wethouder."),
    )
    portfolio = models.CharField(
        _("portefeuille"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: Jeugd, Wmo, openbare orde en veiligheid."),
    )

    class Meta:
        abstract = True


class Membership(RoleFields):
    """A person's role in a region. One person may hold roles in several regions."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("regio"), on_delete=models.CASCADE, related_name="memberships"
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("rol in regio")
        verbose_name_plural = _("rollen in regio's")
        ordering = ["region__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "region", "role"], name="regions_membership_unique_role"
            ),
            models.CheckConstraint(
                condition=Q(role=RegionRole.BESTUURDER) | Q(function=""),
                name="regions_membership_function_only_for_bestuurder",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.region})"

    def clean(self):
        super().clean()
        check_municipality_in_region(self.municipality, self.region_id)


class PartnerOrganisation(models.Model):
    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        Region, verbose_name=_("regio"), on_delete=models.CASCADE, related_name="partners"
    )
    name = models.CharField(_("naam"), max_length=200)
    organisation_type = models.ForeignKey(
        OrganisationType, verbose_name=_("soort organisatie"), on_delete=models.PROTECT
    )
    main_domain = models.ForeignKey(
        Domain,
        verbose_name=_("hoofddomein"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    lock_version = lock_version_field()

    class Meta:
        verbose_name = _("partnerorganisatie")
        verbose_name_plural = _("partnerorganisaties")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="regions_partner_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class GovernanceBody(models.Model):
    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        Region, verbose_name=_("regio"), on_delete=models.CASCADE, related_name="bodies"
    )
    name = models.CharField(_("naam"), max_length=200)
    form = models.ForeignKey(BodyForm, verbose_name=_("vorm"), on_delete=models.PROTECT)
    kind = models.CharField(
        _("adviserend of besluitvormend"),
        max_length=20,
        choices=BodyKind.choices,
        default=BodyKind.ADVISORY,
    )
    meetings_per_year = models.PositiveSmallIntegerField(
        _("vergaderingen per jaar"),
        default=4,
        validators=[MinValueValidator(0), MaxValueValidator(52)],
    )
    purpose = models.TextField(
        _("de bedoeling"),
        blank=True,
        max_length=4000,
        help_text=_("Waarom dit overleg bestaat: wat het bijdraagt aan de aanpak van HGKM."),
    )
    domains = models.ManyToManyField(
        Domain, verbose_name=_("domeinen"), blank=True, related_name="bodies"
    )
    reports_to = models.ForeignKey(
        "self",
        verbose_name=_("adviseert of rapporteert aan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reporting_bodies",
    )
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    lock_version = lock_version_field()

    class Meta:
        verbose_name = _("overleg")
        verbose_name_plural = _("overleggen")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="regions_body_unique_name"),
            models.CheckConstraint(
                condition=~Q(reports_to=models.F("id")), name="regions_body_no_self_reference"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_label(self) -> str:
        return choice_label(BodyKind, self.kind)

    def clean(self) -> None:
        super().clean()
        target = self.reports_to
        if target is None:
            return
        if self.region_id and target.region_id != self.region_id:
            raise ValidationError({"reports_to": _("Kies een overleg uit dezelfde regio.")})
        if self.pk and target.pk == self.pk:
            raise ValidationError(
                {"reports_to": _("Een overleg kan niet aan zichzelf rapporteren.")}
            )
        seen = {self.pk}
        while target is not None:
            if target.pk in seen:
                raise ValidationError(
                    {
                        "reports_to": _(
                            "Deze keuze maakt een kring: het overleg rapporteert dan "
                            "(via via) aan zichzelf."
                        )
                    }
                )
            seen.add(target.pk)
            target = target.reports_to


class Seat(models.Model):
    """A seat at the table of a governance body. Holds a name and function, never client data."""

    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    body = models.ForeignKey(
        GovernanceBody, verbose_name=_("overleg"), on_delete=models.CASCADE, related_name="seats"
    )
    person_name = models.CharField(_("naam"), max_length=150)
    person_function = models.CharField(_("functie"), max_length=200, blank=True)
    represents_municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("namens gemeente"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="seats",
    )
    represents_partner = models.ForeignKey(
        PartnerOrganisation,
        verbose_name=_("namens partnerorganisatie"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="seats",
    )
    domain = models.ForeignKey(
        Domain, verbose_name=_("domein"), on_delete=models.PROTECT, null=True, blank=True
    )
    mandate = models.TextField(
        _("mandaat"),
        blank=True,
        max_length=2000,
        help_text=_("Waarover deze persoon mag besluiten."),
    )
    membership = models.CharField(
        _("lidmaatschap"),
        max_length=20,
        choices=SeatMembership.choices,
        default=SeatMembership.FIXED,
    )
    seat_role = models.CharField(
        _("rol in het overleg"), max_length=20, choices=SeatRole.choices, default=SeatRole.MEMBER
    )
    ambassador_type = models.CharField(
        _("ambassadeur"), max_length=20, choices=AmbassadorType.choices, blank=True, default=""
    )
    is_expert_by_experience = models.BooleanField(_("ervaringsdeskundige"), default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker in het portaal"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="seats",
    )
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    lock_version = lock_version_field()

    class Meta:
        verbose_name = _("zetel")
        verbose_name_plural = _("zetels")
        ordering = ["seat_role", "person_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(represents_municipality__isnull=True)
                | Q(represents_partner__isnull=True),
                name="regions_seat_represents_one",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_name} ({self.body})"

    @property
    def represents(self):
        return self.represents_municipality or self.represents_partner

    @property
    def role_label(self) -> str:
        return choice_label(SeatRole, self.seat_role)

    @property
    def membership_label(self) -> str:
        return choice_label(SeatMembership, self.membership)

    @property
    def ambassador_label(self) -> str:
        return choice_label(AmbassadorType, self.ambassador_type)

    def clean(self) -> None:
        super().clean()
        if self.represents_municipality_id and self.represents_partner_id:
            raise ValidationError(
                _(
                    "Kies óf een gemeente óf een partnerorganisatie die deze persoon "
                    "vertegenwoordigt."
                )
            )
        region_id = self.body.region_id if self.body_id else None
        if (
            region_id
            and self.represents_municipality
            and self.represents_municipality.region_id != region_id
        ):
            raise ValidationError(
                {"represents_municipality": _("Kies een gemeente uit deze regio.")}
            )
        if region_id and self.represents_partner and self.represents_partner.region_id != region_id:
            raise ValidationError(
                {"represents_partner": _("Kies een partnerorganisatie uit deze regio.")}
            )


# --- Figures (issue 8) ----------------------------------------------------------------------

FIGURE_YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]


class RegionalFigure(models.Model):
    """An aggregated figure of a region for one year (never case data), with its source."""

    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        Region, verbose_name=_("regio"), on_delete=models.CASCADE, related_name="figures"
    )
    kind = models.CharField(_("soort cijfer"), max_length=20, choices=FigureKind.choices)
    label = models.CharField(
        _("naam van het cijfer"),
        max_length=150,
        blank=True,
        help_text=_("Alleen bij een ander cijfer, bijv. ‘adressen met meer dan drie meldingen’."),
    )
    year = models.PositiveSmallIntegerField(_("jaar"), validators=FIGURE_YEAR_VALIDATORS)
    value = models.PositiveIntegerField(_("aantal"))
    source = models.CharField(
        _("bron"),
        max_length=250,
        help_text=_("Bijv. ‘CBS StatLine 84849NED, Beleidsinformatie Veilig Thuis’."),
    )
    municipality_count = models.PositiveSmallIntegerField(
        _("opgeteld uit gemeenten"),
        null=True,
        blank=True,
        help_text=_("Bij een import per gemeente: het aantal gemeenten dat is opgeteld."),
    )
    in_report = models.BooleanField(
        _("opnemen in vergaderverslagen"),
        default=False,
        help_text=_("Aangevinkt: dit cijfer staat in de verslagen van de overleggen van de regio."),
    )
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("regionaal cijfer")
        verbose_name_plural = _("regionale cijfers")
        ordering = ["kind", "label", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "kind", "label", "year"],
                name="regions_regionalfigure_unique_year",
            ),
            models.CheckConstraint(
                condition=~Q(kind=FigureKind.OTHER) | ~Q(label=""),
                name="regions_regionalfigure_other_has_label",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.year}: {self.value}"

    @property
    def name(self) -> str:
        return self.label if self.kind == FigureKind.OTHER else str(self.get_kind_display())

    def clean(self) -> None:
        super().clean()
        if self.kind == FigureKind.OTHER and not self.label.strip():
            raise ValidationError({"label": _("Geef het cijfer een naam.")})
        if self.kind != FigureKind.OTHER:
            self.label = ""


class NationalFigure(models.Model):
    """A national reference figure shipped with the portal (loaded by load_reference_content)."""

    kind = models.CharField(_("soort cijfer"), max_length=20, choices=NationalFigureKind.choices)
    year = models.PositiveSmallIntegerField(_("jaar"), validators=FIGURE_YEAR_VALIDATORS)
    value = models.PositiveBigIntegerField(_("aantal"))
    source = models.CharField(_("bron"), max_length=250)
    shipped = shipped_field()

    class Meta:
        verbose_name = _("landelijk cijfer")
        verbose_name_plural = _("landelijke cijfers")
        ordering = ["kind", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year"], name="regions_nationalfigure_unique_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}: {self.value}"
