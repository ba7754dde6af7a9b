"""Where the boxes and lines of the structure picture go, in SVG user units.

Bodies sit in levels (their depth in the reporting tree); a level wraps onto rows of at most
``MAX_PER_ROW`` boxes. Lines run orthogonally: from the box of the body into the channel (the gap
between two rows), along the channel, and into the box it reports to. A line with rows in
between climbs through a corridor: a vertical strip that is free of boxes in all those rows.
Lines to the same body may share a stretch, as in an organisation chart; lines to different
bodies each get their own lane in a channel or corridor, and a channel grows when it needs more
lanes. So no line crosses a box, however many bodies there are.
"""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .constants import BodyKind
from .models import GovernanceBody

BOX_WIDTH = 220
BOX_HEIGHT = 84
GAP_X = 40  # room for three corridor lanes between two boxes
GAP_Y = 56  # the least height of a channel: room for three lanes
MARGIN = 16
MAX_PER_ROW = 4
LANE = 8  # distance between parallel lines to different bodies
CORRIDOR_CLEARANCE = 12  # distance of a corridor line from the boxes it passes
CHANNEL_CLEARANCE = 20  # distance of a lane from the rows above and below (room for arrows)
NEW_CORRIDOR_COST = BOX_WIDTH  # a detour this long beats a second corridor to the same body
ATTACH_STEP = 24  # a line attaches off the middle of a box when another line is there
ARROW_LENGTH = 10
LABEL_FONT_SIZE = 15
LABEL_ROOM = (BOX_WIDTH - 20) / LABEL_FONT_SIZE  # width of a label line, in em
LABEL_LINES = 2
# Widths in em of bold Source Sans 3, rounded up so Arial (the fallback) fits as well.
NARROW_CHARS = frozenset(" .,:;'!|()[]/-fijlrtI")
WIDE_CHARS = frozenset("mwMW&…%@")


@dataclass
class BodyNode:
    """One body as a box in the SVG."""

    body: GovernanceBody
    level: int
    row: int = 0
    x: int = 0
    y: int = 0
    width: int = BOX_WIDTH
    height: int = BOX_HEIGHT
    label_lines: list[str] = field(default_factory=list)
    reports_to: "BodyNode | None" = None  # the drawn body this one advises or reports to

    @property
    def is_decision_making(self) -> bool:
        return self.body.kind == BodyKind.DECISION_MAKING

    @property
    def center_x(self) -> int:
        return self.x + self.width // 2

    @property
    def right(self) -> int:
        return self.x + self.width

    @property
    def bottom(self) -> int:
        return self.y + self.height

    @property
    def text_x(self) -> int:
        return self.x + 10

    @property
    def kind_y(self) -> int:
        return self.y + self.height - 12

    @property
    def label_positions(self) -> list[tuple[int, str]]:
        return [(self.y + 24 + 18 * i, line) for i, line in enumerate(self.label_lines)]


@dataclass
class ReportingLine:
    """``source`` advises or reports to ``target``: an orthogonal path from the edge of the source
    box to the edge of the target box, with an arrowhead at the target."""

    source: BodyNode
    target: BodyNode
    points: list[tuple[int, int]] = field(default_factory=list)

    @property
    def svg_points(self) -> str:
        return " ".join(f"{x},{y}" for x, y in self.points)

    @property
    def arrow_points(self) -> str:
        """A small arrowhead at the target end (a polygon: markers are not needed)."""
        (_, before_y), (tip_x, tip_y) = self.points[-2:]
        base_y = tip_y - ARROW_LENGTH if tip_y > before_y else tip_y + ARROW_LENGTH
        return f"{tip_x},{tip_y} {tip_x - 6},{base_y} {tip_x + 6},{base_y}"


@dataclass
class Layout:
    nodes: list[BodyNode]
    lines: list[ReportingLine]
    width: int
    height: int


def _text_width(text: str) -> float:
    """The estimated width of ``text`` in a label, in em (a little more than it takes)."""
    return sum(
        0.4 if c in NARROW_CHARS else 0.9 if c in WIDE_CHARS else 0.7 if c.isupper() else 0.58
        for c in text
    )


def _fitting(text: str, room: float) -> int:
    """How many characters of ``text`` fit in ``room`` em (at least one)."""
    count = 1
    while count < len(text) and _text_width(text[: count + 1]) <= room:
        count += 1
    return count


def _label_lines(name: str) -> list[str]:
    """``name`` wrapped on words so each line fits in the box; at most two lines."""
    lines: list[str] = []
    current = ""
    for word in name.split():
        candidate = f"{current} {word}" if current else word
        if _text_width(candidate) <= LABEL_ROOM:
            current = candidate
            continue
        if current:
            lines.append(current)
        while _text_width(word) > LABEL_ROOM:  # a word longer than a line is cut
            cut = _fitting(word, LABEL_ROOM)
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    lines = [*lines, current] if current else lines or [""]
    if len(lines) > LABEL_LINES:
        last = lines[LABEL_LINES - 1]
        cut = _fitting(last, LABEL_ROOM - _text_width("…"))
        lines = [*lines[: LABEL_LINES - 1], last[:cut].rstrip() + "…"]
    return lines


def _levels(bodies: list[GovernanceBody]) -> dict[int, int]:
    """Depth of each body in the reporting tree: 0 for bodies that report to nobody."""
    by_id = {b.pk: b for b in bodies}
    depth: dict[int, int] = {}
    for body in bodies:
        chain, current = [], body
        # Walk up until a known depth or the top; the guard stops on any (invalid) cycle.
        while current is not None and current.pk not in depth and current.pk not in chain:
            chain.append(current.pk)
            current = by_id.get(current.reports_to_id)
        base = depth.get(current.pk, -1) if current is not None else -1
        for offset, pk in enumerate(reversed(chain), start=1):
            depth[pk] = base + offset
    return depth


def _place_boxes(
    nodes: list[BodyNode], max_per_row: int = MAX_PER_ROW
) -> tuple[list[list[BodyNode]], int]:
    """Give each node its row and x; returns the rows and the width of the widest row.

    A row is centred. The last row of a level that wraps keeps to the grid of the full rows above
    it, so the gaps between boxes line up as corridors through all its rows; only a lone box
    there is centred exactly, as it leaves the corridors beside it free."""
    columns = min(max_per_row, max(Counter(n.level for n in nodes).values(), default=1))
    width = 2 * MARGIN + columns * BOX_WIDTH + (columns - 1) * GAP_X
    pitch = BOX_WIDTH + GAP_X
    rows: list[list[BodyNode]] = []
    placed: dict[int, int] = {}  # body pk -> order in which it was placed
    for level in sorted({n.level for n in nodes}):
        # Children sit in the order of their parents, so lines cross as little as possible.
        in_level = sorted(
            (n for n in nodes if n.level == level),
            key=lambda n: (placed.get(n.body.reports_to_id, -1), n.body.name.lower()),
        )
        wraps = len(in_level) > columns
        for i in range(0, len(in_level), columns):
            row = in_level[i : i + columns]
            if wraps and len(row) > 1:
                left = MARGIN + (columns - len(row)) // 2 * pitch
            else:
                left = (width - len(row) * pitch + GAP_X) // 2
            for c, node in enumerate(row):
                node.row = len(rows)
                node.x = left + c * pitch
                placed[node.body.pk] = len(placed)
            rows.append(row)
    return rows, width


@dataclass
class _Route:
    """A line while it is being routed. Channel ``k`` is the gap above row ``k``."""

    line: ReportingLine
    first_channel: int  # the channel the line enters from its source
    last_channel: int  # the channel from which it enters its target
    source_x: int = 0
    target_x: int = 0
    corridor_x: int | None = None

    @property
    def group(self) -> int:
        """Lines to the same body may share lanes; lines to different bodies may not."""
        return self.line.target.body.pk

    @property
    def upward(self) -> bool:
        return self.line.target.row < self.line.source.row

    @property
    def channels(self) -> range:
        low, high = sorted((self.first_channel, self.last_channel))
        return range(low, high + 1)

    @property
    def rows_between(self) -> range:
        low, high = sorted((self.line.source.row, self.line.target.row))
        return range(low + 1, high)


class _Router:
    """Decides where each line attaches, which corridor it climbs and its lane in a channel."""

    def __init__(self, rows: list[list[BodyNode]], routes: list[_Route]):
        self.rows = rows
        self.routes = routes
        # Per channel the vertical stretches that end in it: (x, group).
        self.stubs: dict[int, list[tuple[int, int]]] = defaultdict(list)
        self.corridors: list[_Route] = []
        self.left = min((node.x for row in rows for node in row), default=0)
        self.right = max((node.right for row in rows for node in row), default=0)

    def verticals_in(self, channels: range) -> list[tuple[int, int]]:
        """The vertical stretches of lines in ``channels``, as (x, group)."""
        verticals = [stub for k in channels for stub in self.stubs[k]]
        verticals += [
            (r.corridor_x, r.group)
            for r in self.corridors
            if r.channels.start < channels.stop and channels.start < r.channels.stop
        ]
        return verticals

    @staticmethod
    def clashes(x: int, group: int, verticals: list[tuple[int, int]]) -> bool:
        """Whether a vertical line of ``group`` at ``x`` would run along one of ``verticals`` of
        another group (or just beside one of its own)."""
        return any(
            abs(x - other_x) < LANE and (other_group != group or x != other_x)
            for other_x, other_group in verticals
        )

    def attach(self, node: BodyNode, group: int, channel: int) -> int:
        """Where a line of ``group`` leaves or enters ``node`` on its side facing ``channel``:
        in the middle, or beside it when a line of another body is there already. A box side has
        at most two lines of its own and faces at most two boxes with two each, so one of the
        nine places is free."""
        steps = range(1, BOX_WIDTH // 2 // ATTACH_STEP + 1)
        offsets = [0, *(sign * step * ATTACH_STEP for step in steps for sign in (1, -1))]
        verticals = self.verticals_in(range(channel, channel + 1))
        x = next(
            node.center_x + offset
            for offset in offsets
            if not self.clashes(node.center_x + offset, group, verticals)
        )
        self.stubs[channel].append((x, group))
        return x

    def free_intervals(self, rows: range) -> list[tuple[float, float]]:
        """The x-intervals that are clear of every box in ``rows`` (the outer two are open)."""
        free = [(-math.inf, math.inf)]
        for r in rows:
            edges = [-math.inf]
            for node in self.rows[r]:
                edges += [node.x - CORRIDOR_CLEARANCE, node.right + CORRIDOR_CLEARANCE]
            edges.append(math.inf)
            row_free = list(zip(edges[::2], edges[1::2], strict=True))
            free = [
                (max(a, c), min(b, d))
                for a, b in free
                for c, d in row_free
                if max(a, c) <= min(b, d)
            ]
        return free

    def corridor(self, route: _Route) -> int:
        """The x of the corridor a line climbs (or descends) through: a short detour, and the
        corridor of another line to the same body if there is one."""
        verticals = self.verticals_in(route.channels)
        # Beside all boxes only corridors can be in the way, each of at most two places a lane
        # apart: this many places out, one is free.
        reach = LANE * (2 * len(self.corridors) + 2)
        source_x, target_x = route.source_x, route.target_x
        free = self.free_intervals(route.rows_between)
        candidates = [x for x in (source_x, target_x) if any(a <= x <= b for a, b in free)]
        for a, b in free:
            if a == -math.inf:
                candidates += range(int(b), self.left - reach, -LANE)
            elif b == math.inf:
                candidates += range(int(a), self.right + reach, LANE)
            else:
                middle = int(a + b) // 2
                candidates += [
                    x
                    for k in range(int(b - a) // LANE + 1)
                    for x in (middle + k * LANE, middle - k * LANE)
                    if a <= x <= b
                ]
        shared = {r.corridor_x for r in self.corridors if r.group == route.group}

        def cost(x: int) -> tuple[int, int, int]:
            detour = abs(source_x - x) + abs(x - target_x)
            return (detour + (0 if x in shared else NEW_CORRIDOR_COST), abs(source_x - x), x)

        return next(
            x for x in sorted(candidates, key=cost) if not self.clashes(x, route.group, verticals)
        )

    def route(self) -> dict[int, dict[int, int]]:
        """Fix where every line attaches and climbs; returns per channel the lane of each group."""
        # Lines into a box from below arrive in its middle, as in an organisation chart.
        for route in self.routes:
            if route.upward:
                route.target_x = route.line.target.center_x
                if (route.target_x, route.group) not in self.stubs[route.last_channel]:
                    self.stubs[route.last_channel].append((route.target_x, route.group))
        for route in self.routes:
            route.source_x = self.attach(route.line.source, route.group, route.first_channel)
        for route in self.routes:  # only a cycle in the data draws a line downwards
            if not route.upward:
                route.target_x = self.attach(route.line.target, route.group, route.last_channel)
        # Short climbs first, so they get the corridors nearest to them.
        for route in sorted(self.routes, key=lambda r: (len(r.rows_between), r.source_x)):
            if route.rows_between:
                route.corridor_x = self.corridor(route)
                self.corridors.append(route)
                self.stubs[route.first_channel].append((route.corridor_x, route.group))
                self.stubs[route.last_channel].append((route.corridor_x, route.group))
        return {channel: self.lanes(stubs) for channel, stubs in self.stubs.items()}

    @staticmethod
    def lanes(stubs: list[tuple[int, int]]) -> dict[int, int]:
        """Per group its lane in a channel: groups whose stretches along the channel come
        within a lane of each other get different lanes."""
        spans: dict[int, tuple[int, int]] = {}
        for x, group in stubs:
            low, high = spans.get(group, (x, x))
            spans[group] = (min(low, x), max(high, x))
        taken: list[list[tuple[int, int]]] = []
        lane_of: dict[int, int] = {}
        for group, (low, high) in sorted(spans.items(), key=lambda item: item[1]):
            if low == high:  # a straight line across the channel: any lane will do
                lane_of[group] = 0
                continue
            lane = next(
                (
                    i
                    for i, spans_in_lane in enumerate(taken)
                    if all(high + LANE <= a or b + LANE <= low for a, b in spans_in_lane)
                ),
                len(taken),
            )
            if lane == len(taken):
                taken.append([])
            taken[lane].append((low, high))
            lane_of[group] = lane
        return lane_of


def _without_bends_in_line(points: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``points`` without repeats and without points in the middle of a straight stretch."""
    kept: list[tuple[int, int]] = []
    for point in points:
        if kept and point == kept[-1]:
            continue
        if len(kept) >= 2 and (
            kept[-2][0] == kept[-1][0] == point[0] or kept[-2][1] == kept[-1][1] == point[1]
        ):
            kept[-1] = point
        else:
            kept.append(point)
    return kept


def lay_out(bodies: list[GovernanceBody], max_per_row: int = MAX_PER_ROW) -> Layout:
    """The boxes and lines of the structure picture of ``bodies`` and its size, with at most
    ``max_per_row`` boxes side by side (the PDF takes fewer when the picture is too wide to print
    its labels readably)."""
    depth = _levels(bodies)
    nodes = [
        BodyNode(body=b, level=depth.get(b.pk, 0), label_lines=_label_lines(b.name)) for b in bodies
    ]
    by_id = {n.body.pk: n for n in nodes}
    rows, width = _place_boxes(nodes, max_per_row)
    routes = []
    for node in nodes:
        node.reports_to = by_id.get(node.body.reports_to_id)
        if node.reports_to is not None:
            line = ReportingLine(source=node, target=node.reports_to)
            # A line leaves upwards into the channel above its box, downwards into the one below.
            if line.target.row < node.row:
                first, last = node.row, line.target.row + 1
            else:
                first, last = node.row + 1, line.target.row
            routes.append(_Route(line, first_channel=first, last_channel=last))
    lanes = _Router(rows, routes).route()

    # Rows top to bottom, each channel as high as its lanes need.
    channel_lane_y: dict[int, dict[int, int]] = {}
    y = MARGIN
    for r, row in enumerate(rows):
        if r:
            lane_of = lanes.get(r, {})
            count = max(lane_of.values(), default=0) + 1
            height = max(GAP_Y, 2 * CHANNEL_CLEARANCE + (count - 1) * LANE)
            top = (height - (count - 1) * LANE) // 2
            channel_lane_y[r] = {g: y + top + lane * LANE for g, lane in lane_of.items()}
            y += height
        for node in row:
            node.y = y
        y += BOX_HEIGHT

    for route in routes:
        source, target = route.line.source, route.line.target
        start_y = source.y if route.upward else source.bottom
        end_y = target.bottom if route.upward else target.y
        first_y = channel_lane_y[route.first_channel][route.group]
        last_y = channel_lane_y[route.last_channel][route.group]
        climb_x = route.source_x if route.corridor_x is None else route.corridor_x
        route.line.points = _without_bends_in_line(
            [
                (route.source_x, start_y),
                (route.source_x, first_y),
                (climb_x, first_y),
                (climb_x, last_y),
                (route.target_x, last_y),
                (route.target_x, end_y),
            ]
        )

    # Corridors beside all boxes may lie left of the first box: shift everything right.
    line_xs = [x for route in routes for x, _ in route.line.points]
    left = min([MARGIN, *line_xs]) - MARGIN
    for node in nodes:
        node.x -= left
    for route in routes:
        route.line.points = [(x - left, y) for x, y in route.line.points]
    width = max([width - MARGIN, *line_xs]) - left + MARGIN
    return Layout(
        nodes=nodes,
        lines=[route.line for route in routes],
        width=width,
        height=y + MARGIN,
    )
