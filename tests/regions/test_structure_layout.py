"""The boxes and lines of the structure picture: however many bodies there are, no line crosses
a box it does not connect, boxes do not overlap, every line ends on its two boxes, and lines to
different bodies keep apart."""

import pytest

from regions.structure_layout import BOX_HEIGHT, BOX_WIDTH, GAP_X, GAP_Y, LANE, MARGIN, lay_out
from tests.factories import GovernanceBodyFactory


def bodies_reporting_to(parents: dict[str, str | None]):
    """Unsaved bodies named as the keys, each reporting to the body named as its value."""
    pks = {name: pk for pk, name in enumerate(parents, start=1)}
    return [
        GovernanceBodyFactory.build(pk=pks[name], name=name, reports_to_id=pks.get(parent))
        for name, parent in parents.items()
    ]


def forty_bodies_in_three_levels() -> dict[str, str | None]:
    parents: dict[str, str | None] = {"Bestuur 1": None, "Bestuur 2": None}
    parents |= {f"Stuurgroep {i}": f"Bestuur {i % 2 + 1}" for i in range(6)}
    counts = [8, 3, 7, 2, 6, 6]
    parents |= {
        f"Werkgroep {i}-{n}": f"Stuurgroep {i}"
        for i, count in enumerate(counts)
        for n in range(count)
    }
    return parents


def one_wide_level() -> dict[str, str | None]:
    return {"Bestuur": None} | {f"Werkgroep {n:02d}": "Bestuur" for n in range(23)}


def deep_chains() -> dict[str, str | None]:
    parents: dict[str, str | None] = {"A0": None, "B0": None}
    for n in range(1, 9):
        parents |= {f"A{n}": f"A{n - 1}", f"B{n}": f"B{n - 1}"}
    parents |= {"A3 zijtak": "A2", "B6 zijtak": "B5"}
    return parents


def wrapped_levels_with_long_climbs() -> dict[str, str | None]:
    """Six top bodies on two rows; the children of the first ones sit three rows lower."""
    parents: dict[str, str | None] = {f"Top {n}": None for n in range(6)}
    parents |= {f"Kind {n:02d}": f"Top {n % 2}" for n in range(11)}
    parents |= {f"Kleinkind {n}": f"Kind {n:02d}" for n in range(0, 11, 3)}
    return parents


def five_under_one() -> dict[str, str | None]:
    return {"Top": None} | {f"Kind {n}": "Top" for n in range(5)} | {"Kleinkind": "Kind 0"}


SHAPES = {
    "forty bodies in three levels": forty_bodies_in_three_levels(),
    "five under one": five_under_one(),
    "one wide level": one_wide_level(),
    "deep chains": deep_chains(),
    "wrapped levels with long climbs": wrapped_levels_with_long_climbs(),
}


def segments(line) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    return list(zip(line.points, line.points[1:], strict=False))


def touches(segment, node, margin: int = 0) -> bool:
    """Whether ``segment`` meets the box of ``node`` grown by ``margin`` (edges included)."""
    (x1, y1), (x2, y2) = segment
    return (
        min(x1, x2) <= node.x + node.width + margin
        and max(x1, x2) >= node.x - margin
        and min(y1, y2) <= node.y + node.height + margin
        and max(y1, y2) >= node.y - margin
    )


def enters(segment, node) -> bool:
    """Whether ``segment`` runs into the inside of the box of ``node`` (edges excluded)."""
    (x1, y1), (x2, y2) = segment
    return (
        min(x1, x2) < node.x + node.width
        and max(x1, x2) > node.x
        and min(y1, y2) < node.y + node.height
        and max(y1, y2) > node.y
    )


def on_top_or_bottom_edge(point, node) -> bool:
    x, y = point
    return node.x < x < node.x + node.width and y in (node.y, node.y + node.height)


def assert_clean(layout) -> None:
    nodes = layout.nodes
    for i, a in enumerate(nodes):
        assert a.x >= 0 and a.x + a.width <= layout.width
        assert a.y >= 0 and a.y + a.height <= layout.height
        for b in nodes[i + 1 :]:
            overlap_x = a.x < b.x + b.width and b.x < a.x + a.width
            overlap_y = a.y < b.y + b.height and b.y < a.y + a.height
            assert not (overlap_x and overlap_y), (a.body.name, b.body.name)

    for line in layout.lines:
        assert on_top_or_bottom_edge(line.points[0], line.source), line.source.body.name
        assert on_top_or_bottom_edge(line.points[-1], line.target), line.target.body.name
        parts = segments(line)
        for n, segment in enumerate(parts):
            (x1, y1), (x2, y2) = segment
            assert x1 == x2 or y1 == y2, f"{line.source.body.name}: not orthogonal"
            assert all(0 <= x <= layout.width and 0 <= y <= layout.height for x, y in segment)
            for node in nodes:
                own_end = (n == 0 and node is line.source) or (
                    n == len(parts) - 1 and node is line.target
                )
                if own_end:
                    assert not enters(segment, node), (line.source.body.name, node.body.name)
                else:
                    # A line keeps a little distance from every box it does not start or end in.
                    assert not touches(segment, node, margin=2), (
                        line.source.body.name,
                        node.body.name,
                    )

    # Lines to different bodies never run along each other, nor closer than a lane apart.
    for i, a in enumerate(layout.lines):
        for b in layout.lines[i + 1 :]:
            if a.target is b.target:
                continue
            for (ax1, ay1), (ax2, ay2) in segments(a):
                for (bx1, by1), (bx2, by2) in segments(b):
                    if ax1 == ax2 and bx1 == bx2:  # both vertical
                        beside = abs(ax1 - bx1) < LANE
                        along = min(max(ay1, ay2), max(by1, by2)) > max(
                            min(ay1, ay2), min(by1, by2)
                        )
                    elif ay1 == ay2 and by1 == by2:  # both horizontal
                        beside = abs(ay1 - by1) < LANE
                        along = min(max(ax1, ax2), max(bx1, bx2)) > max(
                            min(ax1, ax2), min(bx1, bx2)
                        )
                    else:
                        continue
                    assert not (beside and along), (a.source.body.name, b.source.body.name)


@pytest.mark.parametrize("shape", SHAPES.values(), ids=SHAPES.keys())
def test_no_line_crosses_a_box_and_boxes_do_not_overlap(shape):
    layout = lay_out(bodies_reporting_to(shape))

    assert len(layout.nodes) == len(shape)
    assert len(layout.lines) == sum(1 for parent in shape.values() if parent)
    assert_clean(layout)


def test_forty_bodies_wrap_onto_rows_and_keep_their_lines_apart():
    layout = lay_out(bodies_reporting_to(forty_bodies_in_three_levels()))

    rows = sorted({node.y for node in layout.nodes})
    assert len(layout.nodes) == 40
    assert len(rows) == 2 + 8 + 1  # 6 stuurgroepen on two rows, 32 werkgroepen on eight
    # Some lines climb past rows of other bodies, through the gaps between boxes.
    assert any(len(line.points) == 6 for line in layout.lines)
    assert_clean(layout)


def test_a_line_through_a_cycle_goes_down_across_a_level_and_stays_clean():
    """The form refuses cycles; data changed elsewhere still draws, without crossing boxes."""
    bodies = bodies_reporting_to({"A": "C", "B": "A", "C": "B", "Los 1": None, "Los 2": None})

    layout = lay_out(bodies)

    level = {node.body.name: node.level for node in layout.nodes}
    downwards = [line for line in layout.lines if line.target.level > line.source.level]
    assert [(line.source.body.name, line.target.body.name) for line in downwards] == [("B", "A")]
    assert level["A"] - level["B"] == 2
    assert_clean(layout)


def test_a_normal_structure_keeps_its_size_and_straight_lines_under_the_parent():
    bodies = bodies_reporting_to(
        {
            "Bestuurlijk overleg": None,
            "Veiligheidsoverleg": None,
            "Stuurgroep": "Bestuurlijk overleg",
            "Veilig Thuis": "Veiligheidsoverleg",
            "Regiegroep": "Stuurgroep",
            "Adviesraad": "Stuurgroep",
            "Werkgroep Jeugd": "Regiegroep",
            "Werkgroep Veiligheid": "Regiegroep",
        }
    )

    layout = lay_out(bodies)

    assert layout.width == 2 * MARGIN + 2 * BOX_WIDTH + GAP_X
    assert layout.height == 2 * MARGIN + 4 * BOX_HEIGHT + 3 * GAP_Y
    lines = {line.source.body.name: line for line in layout.lines}
    # Right below its parent: one straight stroke; beside it: up, along the channel, up.
    assert len(lines["Veilig Thuis"].points) == 2
    assert len(lines["Werkgroep Jeugd"].points) == 4
    assert_clean(layout)


def test_a_lone_box_on_the_last_row_of_a_level_is_centred_with_a_straight_line_up():
    layout = lay_out(bodies_reporting_to(five_under_one()))

    nodes = {node.body.name: node for node in layout.nodes}
    lines = {line.source.body.name: line for line in layout.lines}
    assert nodes["Kind 4"].center_x == nodes["Top"].center_x == layout.width // 2
    # Through the gap between the two middle boxes of the row above.
    assert len(lines["Kind 4"].points) == 2
    assert_clean(layout)


def test_the_arrowhead_points_into_the_target_box():
    bodies = bodies_reporting_to({"Top": None, "Onder": "Top"})

    (line,) = lay_out(bodies).lines

    tip, *base = (tuple(map(int, p.split(","))) for p in line.arrow_points.split())
    assert tip == line.points[-1] == (line.target.center_x, line.target.y + BOX_HEIGHT)
    assert all(y == tip[1] + 10 for _, y in base)
