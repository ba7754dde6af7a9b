from scan.constants import ResponseStatus
from scan.selectors import scan_counts_per_region

from .factories import ResponseFactory


def test_counts_per_region_count_people_not_rounds(region, other_region, questionnaire):
    first = ResponseFactory(region=region, questionnaire=questionnaire)
    ResponseFactory(
        user=first.user,
        region=region,
        questionnaire=questionnaire,
        round=2,
        status=ResponseStatus.COMPLETED,
    )
    ResponseFactory(region=region, questionnaire=questionnaire)
    ResponseFactory(region=other_region, questionnaire=questionnaire)

    counts = scan_counts_per_region()

    assert counts[region.pk] == {"started": 2, "completed": 1}
    assert counts[other_region.pk] == {"started": 1, "completed": 0}
