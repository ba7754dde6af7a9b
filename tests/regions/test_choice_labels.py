"""The labels the registry's tables show per row say what get_FOO_display() says."""

import itertools

from regions.constants import AmbassadorType, BodyKind, SeatMembership, SeatRole, choice_label
from regions.models import GovernanceBody, Seat


def test_every_label_is_the_display_of_the_field():
    for kind in BodyKind.values:
        body = GovernanceBody(kind=kind)
        assert body.kind_label == body.get_kind_display()
    for role, membership, ambassador in itertools.product(
        SeatRole.values, SeatMembership.values, [*AmbassadorType.values, ""]
    ):
        seat = Seat(seat_role=role, membership=membership, ambassador_type=ambassador)
        assert (seat.role_label, seat.membership_label, seat.ambassador_label) == (
            seat.get_seat_role_display(),
            seat.get_membership_display(),
            seat.get_ambassador_type_display(),
        )


def test_a_value_that_is_no_choice_is_shown_as_it_is():
    assert choice_label(SeatRole, "oud") == Seat(seat_role="oud").get_seat_role_display() == "oud"
