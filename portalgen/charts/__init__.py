"""Static, accessible SVG charts of a dataset: spec (what to draw), aggregate (the numbers), svg (the drawing)."""

from .aggregate import ChartData, aggregate, empty_chart_data
from .spec import ChartSpec, check_chart_against_columns, parse_chart_spec
from .svg import (chart_title, describe_chart, format_compact, format_number, render_chart_html, render_svg,
                  render_table_html)

__all__ = [
    "ChartData", "ChartSpec", "aggregate", "chart_title", "check_chart_against_columns", "describe_chart",
    "empty_chart_data", "format_compact", "format_number", "parse_chart_spec", "render_chart_html", "render_svg",
    "render_table_html",
]
