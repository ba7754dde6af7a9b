"""What the CSV imports of municipalities and of figures share: the delimiter guess, Dutch whole
numbers and the preview's action per row."""

import re

# Plain digits, or thousands grouped with a dot or a space as Dutch tables write them.
WHOLE_NUMBER_RE = re.compile(r"^(\d+|\d{1,3}([. ]\d{3})+)$")

ACTION_CREATE = "nieuw"
ACTION_UPDATE = "bijwerken"
ACTION_UNCHANGED = "ongewijzigd"


def delimiter(first_line: str) -> str:
    """Excel in Dutch writes ';', most tools ','; a tab also occurs."""
    counts = {sep: first_line.count(sep) for sep in (";", ",", "\t")}
    return max(counts, key=counts.get) if any(counts.values()) else ","


def whole_number(text: str) -> int | None:
    """'12.345', '12 345' or '12345' as 12345; None for anything else."""
    text = text.strip()
    if WHOLE_NUMBER_RE.match(text):
        return int(re.sub(r"[. ]", "", text))
    return None
