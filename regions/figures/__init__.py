"""Regional figures (issue 8): urgency figures per region with their source, a CSV import from
CBS StatLine, per-1,000 comparisons and a prevalence conversion.

``figures_for_report(region)`` is the entry point for the meeting report.
"""

from .selectors import FiguresReport, figures_for_report

__all__ = ["FiguresReport", "figures_for_report"]
