"""A cache for rendered PDFs, keyed by a fingerprint of the data in them.

Rendering a report with WeasyPrint takes seconds; downloading it again when nothing changed
should take milliseconds. ``cached_pdf`` renders only when the key is new. The key is a hash of:

- the kind of document and its scope (for a personal scan: the response uuid and the user), so
  one person's PDF can never be served for another's request. Views check access *before* they
  call ``cached_pdf``: the cache is never a way around the access check;
- a digest of every database row the document is built from (``data_digest`` of its sources):
  one query that lets PostgreSQL hash the rows, so any change to any field of any of those rows
  gives a new key and a fresh rendering. Rows are hashed whole, so no ``updated_at`` is needed;
- the version of the code that draws it: a hash of the project's template and stylesheet files
  (size and modification time, computed once per process) plus ``PDF_CACHE_VERSION``.

The context is built lazily (``build_context``) so a hit costs only the digest query and a cache
read. The cache lives in ``CACHES["pdf"]`` (a file cache by default: see settings); a failing
cache never breaks a download, it only makes it slower.

A personal document names its ``owner`` (a scan response): ``forget_pdfs`` removes every cached
copy of it when the response is deleted. The file cache only removes an expired file when it is
read again or culled, so without this a deleted scan's PDFs stayed on disk. Every other expired
file goes with ``remove_expired_files`` (daily, ``manage.py housekeeping``).
"""

import hashlib
import itertools
import logging
import pickle
import time
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache
from django.db import connection
from django.db.models import Model, QuerySet

from ghnt_portal.pdf import render_to_pdf

logger = logging.getLogger(__name__)

CACHE_ALIAS = "pdf"
# Bump to throw away every cached PDF, e.g. after a change in how data is turned into a report
# that the template files do not show (a selector's ordering).
PDF_CACHE_VERSION = "6"
# Personal scan PDFs hold private reflections: keep them only briefly.
PERSONAL_TIMEOUT = 60 * 60
REPORT_TIMEOUT = 24 * 60 * 60
# The file cache writes a temporary file and renames it; one older than this was abandoned
# (a worker killed mid-write) and will never be renamed. A write takes milliseconds.
ABANDONED_WRITE_SECONDS = 60 * 60


@cache
def code_version() -> str:
    """A hash of every template and stylesheet file of the project (once per process)."""
    digest = hashlib.sha256(PDF_CACHE_VERSION.encode())
    roots = [Path(settings.BASE_DIR) / name for name in ("templates", "static/css")]
    roots += sorted(Path(settings.BASE_DIR).glob("*/templates"))
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in {".html", ".css", ".svg", ".txt"} and path.is_file():
                stat = path.stat()
                digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def _rows(queryset: QuerySet) -> QuerySet:
    if getattr(queryset, "_fields", None):
        return queryset.order_by()
    fields = [field.attname for field in queryset.model._meta.concrete_fields]
    return queryset.order_by().values_list(*fields)


def data_digest(sources: Iterable[QuerySet]) -> str:
    """A hash of all rows of all ``sources``: in one query on PostgreSQL."""
    querysets = [_rows(qs) for qs in sources]
    if not querysets:
        return _sha256("")
    if connection.vendor != "postgresql":
        return _sha256("/".join(repr(sorted(map(repr, qs))) for qs in querysets))
    return _run_digest_sql(*_digest_sql(querysets))


def _digest_sql(querysets: Iterable[QuerySet]) -> tuple[str, list]:
    """One SELECT of a row count and an md5 of the sorted rows per queryset, and its params."""
    parts, params = [], []
    for qs in querysets:
        sql, qs_params = qs.query.sql_with_params()
        # The inner SQL comes from the ORM, its values travel as parameters.
        part = "(SELECT count(*)::text || ':' || coalesce(md5(string_agg(r::text, '|' "
        part += f"ORDER BY r::text)), '') FROM ({sql}) AS r)"
        parts.append(part)
        params.extend(qs_params)
    return "SELECT " + " || '/' || ".join(parts), params


def _run_digest_sql(sql: str, params: list) -> str:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return _sha256(cursor.fetchone()[0])


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def cache_key(kind: str, scope: Iterable[object], digest: str) -> str:
    scope_text = ":".join(str(part) for part in scope)
    key = _sha256(f"{kind}|{scope_text}|{code_version()}|{digest}")
    return f"pdf:{kind}:{key}"


def cached_pdf(
    template_name: str,
    build_context: Callable[[], dict],
    *,
    kind: str,
    scope: Iterable[object],
    digest: str,
    timeout: int = REPORT_TIMEOUT,
    owner: object = None,
) -> bytes:
    """The PDF of ``template_name``: from the cache when its data did not change, else rendered.

    Call only after the access check. ``scope`` must hold everything that tells two people's
    documents apart (e.g. the response uuid and the user's id) and every request parameter the
    document depends on (a date, an option). ``digest`` is the data's: ``data_digest`` of the
    document's sources, or ``region_report_digest``. ``owner``: see ``forget_pdfs``.
    """
    key = cache_key(kind, [template_name, *scope], digest)
    store = caches[CACHE_ALIAS]
    try:
        pdf = store.get(key)
    except Exception:  # a broken cache must not break the download
        logger.warning("PDF cache unreadable; rendering afresh", exc_info=True)
        pdf = None
    if pdf is not None:
        return pdf
    _html, pdf = render_to_pdf(template_name, build_context())
    try:
        store.set(key, pdf, timeout)
        if owner is not None:
            index = _owner_key(owner)
            store.set(index, [*(store.get(index) or []), key], timeout)
    except Exception:
        logger.warning("PDF cache unwritable; PDF not cached", exc_info=True)
    return pdf


def _owner_key(owner: object) -> str:
    return f"pdf:owner:{_sha256(str(owner))}"


def forget_pdfs(owners: Iterable[object]) -> None:
    """Remove every cached PDF of ``owners`` (as passed to ``cached_pdf``), e.g. deleted scans."""
    store = caches[CACHE_ALIAS]
    try:
        for owner in owners:
            index = _owner_key(owner)
            store.delete_many([*(store.get(index) or []), index])
    except Exception:
        logger.warning("PDF cache unreachable; cached PDFs not removed", exc_info=True)


def remove_expired_files(*, dry_run: bool) -> int | None:
    """Remove the file cache's expired and abandoned files; the number (to be) removed.

    Every cached PDF expires within ``REPORT_TIMEOUT`` (so also one of an older code version or
    of data that changed: its key is never asked for again), but the file cache only removes an
    expired file when it is read again or culled at ``MAX_ENTRIES``. None: not a file cache
    (Redis and memory caches drop expired keys themselves).

    Safe beside a download: a cache file appears only by renaming a complete temporary file, and
    a temporary file is left alone until it is ``ABANDONED_WRITE_SECONDS`` old. Each file goes
    right after its check; a PDF of the same key written in that instant is rendered again.
    """
    store = caches[CACHE_ALIAS]
    if not isinstance(store, FileBasedCache):
        return None
    directory = Path(settings.CACHES[CACHE_ALIAS]["LOCATION"])
    now = time.time()
    expired = (path for path in directory.glob(f"*{store.cache_suffix}") if _expired(path, now))
    # tempfile.mkstemp's names; cache files are named by a hex digest, which never starts so.
    abandoned = (
        path
        for path in directory.glob("tmp*")
        if _modified_before(path, now - ABANDONED_WRITE_SECONDS)
    )
    count = 0
    for path in itertools.chain(expired, abandoned):
        if not dry_run:
            path.unlink(missing_ok=True)
        count += 1
    return count


def _expired(path: Path, now: float) -> bool:
    """As Django's file cache reads it: the file starts with its expiry (None: never)."""
    try:
        with path.open("rb") as file:
            # The portal's own cache directory (mode 0700), read the way Django reads it.
            expiry = pickle.load(file)  # noqa: S301
    except FileNotFoundError:  # removed by a download meanwhile
        return False
    except EOFError:  # empty: Django counts it expired too
        return True
    return expiry is not None and expiry < now


def _modified_before(path: Path, moment: float) -> bool:
    try:
        return path.stat().st_mtime < moment
    except FileNotFoundError:  # renamed into place meanwhile
        return False


# --- What each document is built from -------------------------------------------------------


def scan_response_sources(response) -> list[QuerySet]:
    """Rows the scan result PDF and the council note show: the response (and its previous
    round, for the comparison), its answers, the questions of its version, the author's name,
    municipality and region."""
    from django.contrib.auth import get_user_model

    from regions.models import Municipality, Region
    from scan.models import Answer, Question, Questionnaire, Response, Theme

    ids = [response.pk] + ([response.previous_id] if response.previous_id else [])
    return [
        Response.objects.filter(pk__in=ids),
        Answer.objects.filter(response_id__in=ids),
        Questionnaire.objects.filter(pk=response.questionnaire_id),
        Theme.objects.filter(questionnaire_id=response.questionnaire_id),
        Question.objects.filter(questionnaire_id=response.questionnaire_id),
        get_user_model().objects.filter(pk=response.user_id).values_list("full_name", "email"),
        Municipality.objects.filter(pk=response.municipality_id),
        Region.objects.filter(pk=response.region_id),
    ]


def region_report_digest(region) -> str:
    """``data_digest(region_report_sources(region))``, with the SQL compiled once per process.

    The ORM takes longer to compile its two dozen queries (about 15 ms) than PostgreSQL takes to run
    them; only the region's id differs from one region to the next (bench/FINDINGS.md).
    """
    if connection.vendor != "postgresql":
        return data_digest(region_report_sources(region))
    sql, param_count = _region_report_sql()
    return _run_digest_sql(sql, [region.pk] * param_count)


# No region has this id: compiled with it, every parameter of the SQL is the region's id.
_ANY_REGION_ID = -1


@cache
def _region_report_sql() -> tuple[str, int]:
    from regions.models import Region

    sql, params = _digest_sql(map(_rows, region_report_sources(Region(pk=_ANY_REGION_ID))))
    if any(param != _ANY_REGION_ID for param in params):
        raise ValueError("region_report_sources may only pass the region's id to the SQL")
    return sql, len(params)


def region_report_sources(region: Model) -> list[QuerySet]:
    """Rows a meeting report (or a body's report on a date) can show: everything of the region's
    registry and governance work, its figures with the national figures they are compared with,
    plus the reference lists and checklist content."""
    from governance.models import (
        AgendaItem,
        Assessment,
        AssessmentAnswer,
        ChecklistItem,
        ChecklistSection,
        ChecklistVersion,
        CommunicationEntry,
        FollowUpAction,
        Meeting,
        NietVergetenLijst,
    )
    from regions.models import (
        BodyForm,
        Domain,
        GovernanceBody,
        Municipality,
        NationalFigure,
        OrganisationType,
        PartnerOrganisation,
        Region,
        RegionalFigure,
        Seat,
    )

    meetings = {"meeting__body__region": region}
    return [
        Region.objects.filter(pk=region.pk),
        Municipality.objects.filter(region=region),
        PartnerOrganisation.objects.filter(region=region),
        GovernanceBody.objects.filter(region=region),
        GovernanceBody.domains.through.objects.filter(governancebody__region=region),
        Seat.objects.filter(body__region=region),
        NietVergetenLijst.objects.filter(body__region=region),
        CommunicationEntry.objects.filter(body__region=region),
        Meeting.objects.filter(body__region=region),
        Meeting.present_seats.through.objects.filter(meeting__body__region=region),
        AgendaItem.objects.filter(**meetings),
        AgendaItem.checklist_items.through.objects.filter(agendaitem__meeting__body__region=region),
        AgendaItem.actions.through.objects.filter(agendaitem__meeting__body__region=region),
        Assessment.objects.filter(region=region),
        Assessment.participant_seats.through.objects.filter(assessment__region=region),
        AssessmentAnswer.objects.filter(assessment__region=region),
        FollowUpAction.objects.filter(region=region),
        RegionalFigure.objects.filter(region=region),
        NationalFigure.objects.all(),
        # The national base of the per-1,000 comparison: the inhabitants of all municipalities.
        Municipality.objects.values_list("inhabitants"),
        Domain.objects.all(),
        BodyForm.objects.all(),
        OrganisationType.objects.all(),
        ChecklistVersion.objects.all(),
        ChecklistSection.objects.all(),
        ChecklistItem.objects.all(),
    ]
