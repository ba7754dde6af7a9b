"""Which models the audit trail records, and which region each change belongs to.

Every log entry of a region-bound object stores ``{"region_id": <id>}`` in ``additional_data``,
so a region's history is one flat query (``additional_data__region_id``). Reference lists and
content (domains, checklist, questionnaire) belong to no region: only beheerders see them.

Scan responses, answers, sessions and shares are private and are NEVER registered here.
"""

from collections.abc import Callable

from auditlog.registry import auditlog
from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist

from .locking import LOCK_FIELD, is_locked

# model label -> how to reach the region id from an instance (None: content, no region).
REGION_PATHS: dict[str, Callable | None] = {
    # regions: the registry
    "regions.Region": lambda obj: obj.pk,
    "regions.Municipality": lambda obj: obj.region_id,
    "regions.Membership": lambda obj: obj.region_id,
    "regions.PartnerOrganisation": lambda obj: obj.region_id,
    "regions.GovernanceBody": lambda obj: obj.region_id,
    "regions.Seat": lambda obj: obj.body.region_id,
    "regions.RegionalFigure": lambda obj: obj.region_id,
    "regions.Domain": None,
    "regions.OrganisationType": None,
    "regions.BodyForm": None,
    "regions.NationalFigure": None,
    # governance: assessments, NVL, communication plans, meetings; the checklist is content
    "governance.ChecklistVersion": None,
    "governance.ChecklistSection": None,
    "governance.ChecklistItem": None,
    "governance.Assessment": lambda obj: obj.region_id,
    "governance.AssessmentAnswer": lambda obj: obj.assessment.region_id,
    "governance.FollowUpAction": lambda obj: obj.region_id,
    "governance.NietVergetenLijst": lambda obj: obj.body.region_id,
    "governance.CommunicationEntry": lambda obj: obj.body.region_id,
    "governance.Meeting": lambda obj: obj.body.region_id,
    "governance.AgendaItem": lambda obj: obj.meeting.body.region_id,
    # scan: only the questionnaire content, never what people answered
    "scan.Questionnaire": None,
    "scan.Theme": None,
    "scan.Question": None,
    # accounts: roles and invitations
    "accounts.User": None,
    "accounts.Invitation": lambda obj: obj.region_id,
}

# Models that must never appear in the audit trail (private answers of bestuurders).
NEVER_LOGGED = (
    "scan.Response",
    "scan.Answer",
    "scan.SharedResponse",
    "scan.ScanSession",
    "scan.AnonymousSnapshot",
)

REGISTER_OPTIONS: dict[str, dict] = {
    "regions.GovernanceBody": {"m2m_fields": {"domains"}},
    "governance.Assessment": {"m2m_fields": {"participant_seats"}},
    "governance.Meeting": {"m2m_fields": {"present_seats"}},
    "governance.AgendaItem": {"m2m_fields": {"checklist_items", "actions"}},
    # Roles and identity only: never passwords, login times or 2FA state.
    "accounts.User": {"include_fields": ["email", "full_name", "national_role", "is_active"]},
    "accounts.Invitation": {"exclude_fields": ["token_hash"]},
}


def _additional_data(path: Callable) -> Callable:
    def get_additional_data(self) -> dict | None:
        try:
            region_id = path(self)
        except ObjectDoesNotExist:
            return None
        return {"region_id": region_id} if region_id is not None else None

    return get_additional_data


def register_models() -> None:
    """Register every audited model with django-auditlog (called from AppConfig.ready)."""
    for label, path in REGION_PATHS.items():
        assert label not in NEVER_LOGGED, label
        model = apps.get_model(label)
        if path is not None:
            # django-auditlog reads ``get_additional_data()`` from the instance it logs.
            model.get_additional_data = _additional_data(path)
        options = REGISTER_OPTIONS.get(label, {})
        if is_locked(model):
            # lock_version only counts saves (ghnt_portal.audit.locking): not a change to read.
            excluded = [*options.get("exclude_fields", []), LOCK_FIELD]
            options = {**options, "exclude_fields": excluded}
        if not auditlog.contains(model):
            auditlog.register(model, **options)
