"""Reads of the audit trail."""

from auditlog.models import LogEntry
from django.db.models import QuerySet

from regions.models import Region


def region_history(region: Region) -> QuerySet[LogEntry]:
    """Every recorded change to objects of ``region``, newest first (one flat query)."""
    return (
        LogEntry.objects.filter(additional_data__region_id=region.pk)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )
