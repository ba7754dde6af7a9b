"""Reads for the AVG pages: everything the portal holds about one user, and nothing of others."""

from django.contrib.auth import get_user_model

from ghnt_portal.accounts.models import Invitation
from ghnt_portal.accounts.selectors import regions_led_only_by
from governance.selectors import seat_history
from regions.models import Membership, Seat
from regions.selectors import SeatDeletionImpact
from scan.models import Answer, Response, SessionInvitation, SharedResponse

User = get_user_model()


def _iso(value):
    return value.isoformat() if value else None


def personal_data(*, user) -> dict:
    """The user's own data as plain JSON-ready values (account, memberships, linked seats, own
    scan responses with answers, what they shared in which scan session and the sessions they
    were invited to, invitations sent and invitations addressed to them)."""
    memberships = Membership.objects.filter(user=user).select_related("region", "municipality")
    seats = Seat.objects.filter(user=user).select_related("body__region")
    responses = (
        Response.objects.filter(user=user)
        .select_related("region", "questionnaire")
        .order_by("created_at")
    )
    answers = (
        Answer.objects.filter(response__user=user)
        .select_related("question")
        .order_by("response_id", "question_id")
    )
    answers_by_response: dict[int, list] = {}
    for answer in answers:
        answers_by_response.setdefault(answer.response_id, []).append(
            {
                "vraag": answer.question.text,
                "schaal": answer.scale,
                "reflectie": answer.reflection,
                "prioriteit": answer.is_priority,
                "prioriteit_plaats": answer.priority_rank,
                "welke_vraag_stel_ik": answer.action_question,
                "aan_wie": answer.action_whom,
                "wanneer": _iso(answer.action_due),
            }
        )
    shares = (
        SharedResponse.objects.filter(user=user)
        .select_related("session__region", "response")
        .order_by("shared_at", "id")
    )
    session_invitations = (
        SessionInvitation.objects.filter(user=user)
        .select_related("session__region")
        .order_by("created_at", "id")
    )
    invitations = Invitation.objects.filter(invited_by=user).select_related("region")
    received = (
        Invitation.objects.addressed_to(user)
        .select_related("region", "municipality", "invited_by")
        .order_by("created_at")
    )
    return {
        "account": {
            "e_mailadres": user.email,
            "naam": user.full_name,
            "landelijke_rol": user.national_role,
            "actief": user.is_active,
            "aangemaakt_op": _iso(user.date_joined),
            "laatst_ingelogd": _iso(user.last_login),
        },
        "rollen_in_regio": [
            {
                "regio": m.region.name,
                "rol": m.role,
                "functie": m.function,
                "portefeuille": m.portfolio,
                "gemeente": m.municipality.name if m.municipality else None,
            }
            for m in memberships
        ],
        "zetels": [
            {
                "regio": s.body.region.name,
                "overleg": s.body.name,
                "naam": s.person_name,
                "functie": s.person_function,
            }
            for s in seats
        ],
        "scans": [
            {
                "kenmerk": str(r.uuid),
                "regio": r.region.name if r.region else None,
                "vragenlijst_versie": r.questionnaire.version,
                "functie": r.function,
                "ronde": r.round,
                "status": r.status,
                "gestart_op": _iso(r.created_at),
                "afgerond_op": _iso(r.completed_at),
                "antwoorden": answers_by_response.get(r.pk, []),
            }
            for r in responses
        ],
        "gedeelde_scans": [
            {
                "sessie": s.session.title,
                "regio": s.session.region.name,
                "scan": str(s.response.uuid),
                "ronde": s.response.round,
                "anoniem": s.anonymous,
                "gedeeld_op": _iso(s.shared_at),
            }
            for s in shares
        ],
        "uitnodigingen_scansessies": [
            {
                "sessie": i.session.title,
                "regio": i.session.region.name,
                "datum": _iso(i.session.meeting_date),
                "uitgenodigd_op": _iso(i.created_at),
            }
            for i in session_invitations
        ],
        "verstuurde_uitnodigingen": [
            {
                "e_mailadres": i.email,
                "regio": i.region.name,
                "rol": i.role,
                "aangemaakt_op": _iso(i.created_at),
                "status": str(i.status),
            }
            for i in invitations
        ],
        "ontvangen_uitnodigingen": [
            {
                "e_mailadres": i.email,
                "regio": i.region.name,
                "rol": i.role,
                "functie": i.function,
                "portefeuille": i.portfolio,
                "gemeente": i.municipality.name if i.municipality else None,
                "uitgenodigd_door": str(i.invited_by) if i.invited_by else None,
                "aangemaakt_op": _iso(i.created_at),
                "geldig_tot": _iso(i.expires_at),
                "aangenomen_op": _iso(i.accepted_at),
                "ingetrokken_op": _iso(i.withdrawn_at),
                "status": str(i.status),
            }
            for i in received
        ],
    }


def response_count(*, user) -> int:
    return Response.objects.filter(user=user).count()


def removal_impact(*, user) -> dict:
    """What removing ``user`` does; ``removed_seat_notes``: what happens to meetings and rounds
    when the beheerder chooses to remove the user's seats."""
    seats = list(Seat.objects.filter(user=user))
    return {
        "regions_led_only_by_user": list(regions_led_only_by(user=user)),
        "memberships": Membership.objects.filter(user=user).count(),
        "seats": len(seats),
        "removed_seat_notes": SeatDeletionImpact(
            history=seat_history(*seats), with_name=False
        ).notes,
        "responses": response_count(user=user),
    }
