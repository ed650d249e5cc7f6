"""Draw a chart as a small, static, accessible SVG, and its numbers as an HTML table.

The SVG is written by hand: no script, no external font or request, no plotting library.
It scales with its container (``viewBox`` and ``width="100%"``), has ``role="img"``, a
``<title>`` and a ``<desc>`` that says in one sentence what the chart shows, gridlines,
readable axis labels and value labels where they fit. Colours come from :data:`PALETTE`
(each at least 4.5:1 against white); stacked series also differ by pattern and lines by dash
and marker shape, and a text legend names each, so colour never carries meaning alone.

Numbers follow the page language: in French ``12 500,5`` (narrow no-break space U+202F for
thousands, decimal comma) and ``1,2 M`` on big axis ticks; in English ``12,500.5`` and ``1.2M``.
The same input always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import html
import math
import re
from dataclasses import dataclass

from .aggregate import ChartData
from .spec import ChartSpec

NNBSP = "\u202f"  # narrow no-break space: French thousands separator
NBSP = "\u00a0"   # no-break space: before units and French high punctuation

#: Series colours, each with a contrast of at least 4.5:1 against white (so also usable under white text).
PALETTE: tuple[str, ...] = ("#1f5fa8", "#b3471d", "#2e7d32", "#7b3fa0", "#b0264f", "#00707a", "#7a5c00", "#3b4cc0")
#: Colour of the « Autres » series.
OTHER_COLOUR = "#5f6368"
TEXT_COLOUR = "#1a1a1a"
AXIS_COLOUR = "#595959"
GRID_COLOUR = "#d5d9de"
DASHES: tuple[str, ...] = ("", "7 4", "2 3", "10 3 2 3")
MARKERS: tuple[str, ...] = ("circle", "square", "triangle", "diamond", "triangle-down")

WIDTH = 640
PLOT_HEIGHT = 240
FONT = 12
SMALL = 11
MAX_LABEL_CHARS = 24
MAX_LEGEND_CHARS = 32
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"

_TEXTS = {
    "fr": {
        "bar": "Diagramme en barres", "stacked_bar": "Diagramme en barres empilées",
        "line": "Graphique en courbe", "lines": "Graphique en courbes",
        "no_data": "Pas de données", "other": "Autres", "sum": "Somme", "mean": "Moyenne",
        "count": "Nombre de lignes", "by": "par", "and_by": "et par", "year": "année", "month": "mois",
        "from": "de", "to": "à", "max": "maximum", "highest": "la plus élevée", "lowest": "la plus basse",
        "categories": "catégories", "series": "séries", "highest_total": "total le plus élevé",
        "grouped": "les autres sont regroupées dans « Autres »", "total": "Total", "missing": "n.d.",
        "show_data": "Voir les données du graphique",
    },
    "en": {
        "bar": "Bar chart", "stacked_bar": "Stacked bar chart", "line": "Line chart", "lines": "Line chart",
        "no_data": "No data", "other": "Other", "sum": "Sum", "mean": "Average", "count": "Number of rows",
        "by": "by", "and_by": "and", "year": "year", "month": "month", "from": "from", "to": "to",
        "max": "maximum", "highest": "highest", "lowest": "lowest", "categories": "categories",
        "series": "series", "highest_total": "highest total", "grouped": "the others are grouped as “Other”",
        "total": "Total", "missing": "n/a", "show_data": "Show the chart data",
    },
}

_MONTHS = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}
_MONTHS_SHORT = {
    "fr": ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def _texts(lang: str) -> dict[str, str]:
    return _TEXTS["en" if lang == "en" else "fr"]


# --------------------------------------------------------------------------------------------
# Numbers and labels
# --------------------------------------------------------------------------------------------

def _auto_decimals(value: float) -> int:
    magnitude = abs(value)
    if magnitude == 0 or float(value).is_integer():
        return 0
    return 2 if magnitude >= 1 else 3


def _localise(digits: str, lang: str) -> str:
    """``12,500.5`` (Python grouping) in the page language."""
    if lang == "en":
        return digits
    return digits.replace(",", NNBSP).replace(".", ",")


def format_number(value: float, lang: str = "fr", *, decimals: int | None = None) -> str:
    """A number for people: ``12 500,5`` (fr, U+202F thousands) or ``12,500.5`` (en).

    Without ``decimals``, whole numbers have none and others up to 2 (3 below 1), with
    trailing zeros dropped.
    """
    if not math.isfinite(value):
        return "–"
    strip = decimals is None
    places = _auto_decimals(value) if decimals is None else decimals
    text = f"{abs(value):,.{places}f}"
    if strip and "." in text:
        text = text.rstrip("0").rstrip(".")
    if text.strip("0,.") == "":
        return "0"
    sign = "-" if value < 0 else ""
    return sign + _localise(text, lang)


def format_rounded(value: float, lang: str = "fr") -> str:
    """A number rounded for a label or a sentence: no decimals from 100 on, one from 10, else two (trailing zeros dropped)."""
    magnitude = abs(value)
    places = 0 if magnitude >= 100 else 1 if magnitude >= 10 else 2
    rounded = round(value, places)
    text = format_number(rounded, lang, decimals=places)
    if places and ("," in text or "." in text):
        text = text.rstrip("0").rstrip(",.")
    return text


def step_decimals(step: float) -> int:
    """How many decimals write every multiple of ``step`` exactly (0.25 -> 2, 2.5 -> 1, 5 -> 0), at most 3."""
    for places in range(4):
        scaled = step * 10 ** places
        if abs(scaled - round(scaled)) < 1e-6 * max(1.0, abs(scaled)):
            return places
    return 3


_COMPACT = ((1e9, "Md", "B"), (1e6, "M", "M"), (1e3, "k", "k"))


def format_compact(value: float, lang: str = "fr", *, step: float | None = None, min_scale: float = 1e3) -> str:
    """A short number: ``1,2 M``, ``3 Md``, ``12,5 k`` (fr) or ``1.2M``, ``3B``, ``12.5k`` (en).

    Numbers below ``min_scale`` are written in full. ``step`` (the distance between axis ticks)
    sets how many decimals are needed to tell neighbouring ticks apart.
    """
    magnitude = abs(value)
    for scale, fr_suffix, en_suffix in _COMPACT:
        if scale < min_scale or magnitude < scale:
            continue
        scaled = value / scale
        if step is not None and step > 0:
            number = format_number(scaled, lang, decimals=step_decimals(step / scale))
        else:
            number = format_number(round(scaled, 1 if abs(scaled) < 100 else 0), lang)
        return f"{number}{NBSP}{fr_suffix}" if lang != "en" else f"{number}{en_suffix}"
    if step is not None and step > 0 and not float(step).is_integer():
        return format_number(value, lang, decimals=step_decimals(step))
    return format_number(value, lang)


_PREFIX_UNITS = ("€", "$", "£")


def with_unit(number: str, unit: str | None, lang: str = "fr") -> str:
    """``12 500 €`` (fr) or ``€12,500`` (en); other units after the number."""
    if not unit:
        return number
    if lang == "en":
        if unit in _PREFIX_UNITS:
            return f"-{unit}{number[1:]}" if number.startswith("-") else f"{unit}{number}"
        return f"{number}{unit}" if unit == "%" else f"{number} {unit}"
    return f"{number}{NBSP}{unit}"


def format_value(value: float | None, spec: ChartSpec, lang: str = "fr") -> str:
    """A chart value with its unit, as written in the description and labels."""
    if value is None:
        return _texts(lang)["missing"]
    return with_unit(format_rounded(value, lang), spec.unit, lang)


_ELIDE = re.compile(r"^[aeiouyhàâäéèêëîïôöùûüœAEIOUYHÀÂÄÉÈÊËÎÏÔÖÙÛÜŒ]")


def _de(word: str) -> str:
    """French « de » before ``word`` (« d'effectif », « de montant »)."""
    return f"d'{word}" if _ELIDE.match(word) else f"de {word}"


def category_label(data: ChartData, index: int, spec: ChartSpec, lang: str = "fr", *, short: bool = False) -> str:
    """How category ``index`` is written: « Autres », ``mai 2023`` (month periods), else as is."""
    if data.other_category and index == len(data.categories) - 1:
        return _texts(lang)["other"]
    key = data.categories[index]
    if spec.x_period == "month" and re.fullmatch(r"\d{4}-\d{2}", key):
        year, month = key.split("-")
        names = _MONTHS_SHORT if short else _MONTHS
        return f"{names['en' if lang == 'en' else 'fr'][int(month) - 1]} {year}"
    return key


def series_label(data: ChartData, index: int, lang: str = "fr") -> str:
    """How series ``index`` is named in the legend (« Autres » for the grouped series)."""
    if data.other_series and index == len(data.series) - 1:
        return _texts(lang)["other"]
    return data.series[index]


def value_name(spec: ChartSpec, lang: str = "fr") -> str:
    """Name of what is measured: ``y_label``, or e.g. « Somme de montant », « Nombre de lignes »."""
    if spec.y_label:
        return spec.y_label
    t = _texts(lang)
    if spec.aggregation == "count" or spec.y is None:
        return t["count"]
    if lang == "en":
        return f"{t[spec.aggregation]} of {spec.y}" if spec.aggregation == "sum" else f"{t['mean']} {spec.y}"
    return f"{t[spec.aggregation]} {_de(spec.y)}"


def x_name(spec: ChartSpec, lang: str = "fr") -> str:
    """Name of the horizontal axis: ``x_label``, the period (« année », « mois ») or the column."""
    if spec.x_label:
        return spec.x_label
    if spec.x_period:
        return _texts(lang)[spec.x_period]
    return spec.x


def chart_title(spec: ChartSpec, lang: str = "fr") -> str:
    """The chart's title, or one made from the spec (« Somme de montant par année »)."""
    if spec.title:
        return spec.title
    t = _texts(lang)
    title = f"{value_name(spec, lang)} {t['by']} {x_name(spec, lang)}"
    if spec.group_by:
        title += f" {t['and_by']} {spec.group_by}"
    return title


def _kind(data: ChartData, spec: ChartSpec, lang: str) -> str:
    t = _texts(lang)
    if spec.type == "line":
        return t["lines"] if spec.group_by else t["line"]
    return t[spec.type]


def describe_chart(data: ChartData, spec: ChartSpec, lang: str = "fr") -> str:
    """One or two sentences saying what the chart shows, for ``<desc>`` and screen readers.

    E.g. « Diagramme en barres : Somme de montant par année, de 2019 (12 500 €) à 2023 (18 200 €). »
    """
    t = _texts(lang)
    colon = f"{NBSP}: " if lang != "en" else ": "
    head = f"{_kind(data, spec, lang)}{colon}{chart_title(spec, lang)}"
    if data.is_empty:
        return f"{head}. {t['no_data']}."
    ordered = (spec.temporal or spec.type == "line") and spec.sort != "value"
    labels = [category_label(data, i, spec, lang) for i in range(len(data.categories))]
    if spec.group_by:
        names = [series_label(data, i, lang) for i in range(len(data.series))]
        values = list(data.category_totals())
        intro = f"{len(names)} {t['series']} ({', '.join(names)})"
        if len(names) == 1:
            intro = names[0]
    else:
        values = list(data.values[0])
        intro = ""
    pairs = [(label, value) for label, value in zip(labels, values) if value is not None]
    if not pairs:
        return f"{head}. {t['no_data']}."

    def shown(pair: tuple[str, float]) -> str:
        return f"{pair[0]} ({format_value(pair[1], spec, lang)})"

    parts = [intro] if intro else []
    if spec.group_by and spec.aggregation == "mean":
        # Averages of several series do not add up: name the span of x only.
        if ordered and len(labels) > 1:
            start = _de(labels[0]) if lang != "en" else f"{t['from']} {labels[0]}"
            parts.append(f"{start} {t['to']} {labels[-1]}")
        else:
            parts.append(f"{len(labels)} {t['categories']}")
    elif ordered or len(pairs) == 1:
        if len(pairs) == 1:
            parts.append(shown(pairs[0]))
        else:
            start = f"{_de(pairs[0][0])}" if lang != "en" else f"{t['from']} {pairs[0][0]}"
            parts.append(f"{start} ({format_value(pairs[0][1], spec, lang)}) {t['to']} {shown(pairs[-1])}")
            peak = max(pairs, key=lambda p: p[1])
            if len(pairs) > 2 and peak not in (pairs[0], pairs[-1]):
                parts.append(f"{t['max']}{colon}{shown(peak)}")
    else:
        plain = pairs[:-1] if data.other_category and len(pairs) > 1 else pairs
        highest = max(plain, key=lambda p: p[1])
        lowest = min(plain, key=lambda p: p[1])
        parts.append(f"{len(labels)} {t['categories']}")
        if spec.group_by:
            parts.append(f"{t['highest_total']}{colon}{shown(highest)}")
        else:
            parts.append(f"{t['highest']}{colon}{shown(highest)}")
            if lowest != highest:
                parts.append(f"{t['lowest']}{colon}{shown(lowest)}")
        if data.other_category:
            parts.append(t["grouped"])
    separator = f"{NBSP}; " if lang != "en" else "; "
    return f"{head}, {separator.join(parts)}."


# --------------------------------------------------------------------------------------------
# SVG writing helpers
# --------------------------------------------------------------------------------------------

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_text(text: str) -> str:
    """Text without characters XML cannot hold."""
    return _INVALID_XML.sub("", text)


def esc(text: str) -> str:
    """Escape text for XML/HTML content and attribute values (``<``, ``&``, quotes)."""
    return html.escape(clean_text(text), quote=True)


def n(value: float) -> str:
    """A coordinate with at most one decimal, never ``-0``."""
    rounded = round(value, 1)
    if rounded == 0:
        return "0"
    text = f"{rounded:.1f}"
    return text[:-2] if text.endswith(".0") else text


def text_width(text: str, size: float = FONT) -> float:
    """Rough width of ``text`` in the chart's sans-serif font."""
    return len(text) * size * 0.58


def truncate(text: str, max_chars: int) -> str:
    """``text`` cut to ``max_chars`` characters, ending with « … » when cut."""
    return text if len(text) <= max_chars else text[: max_chars - 1].rstrip() + "…"


def nice_step(span: float, target: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 × 10^k) giving about ``target`` intervals over ``span``."""
    if span <= 0:
        return 1.0
    raw = span / target
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power * (1 + 1e-9):
            return factor * power
    return 10 * power


def nice_ticks(low: float, high: float, target: int = 5) -> list[float]:
    """Round tick values covering ``[low, high]`` (always including 0 when it is in range)."""
    if high < low:
        low, high = high, low
    if high == low:
        high = low + 1 if low >= 0 else 0
        if high == low:
            high = 1
    step = nice_step(high - low, target)
    start = math.floor(low / step + 1e-9) * step
    stop = math.ceil(high / step - 1e-9) * step
    count = int(round((stop - start) / step))
    return [round(start + i * step, 10) + 0.0 for i in range(count + 1)]


@dataclass(frozen=True)
class _Scale:
    low: float
    high: float
    top: float
    bottom: float

    def __call__(self, value: float) -> float:
        return self.bottom - (value - self.low) / (self.high - self.low) * (self.bottom - self.top)


def _wrap(text: str, max_chars: int, max_lines: int = 2) -> list[str]:
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if len(candidate) <= max_chars or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[: max_lines - 1] + [truncate(" ".join(lines[max_lines - 1:]), max_chars)]
    return [truncate(line, max_chars) for line in lines] or [""]


def _stable_id(data: ChartData, spec: ChartSpec, lang: str) -> str:
    digest = hashlib.sha256(repr((data, spec, lang)).encode("utf-8")).hexdigest()
    return f"chart-{digest[:10]}"


def _colour(data: ChartData, index: int) -> str:
    if data.other_series and index == len(data.series) - 1:
        return OTHER_COLOUR
    return PALETTE[index % len(PALETTE)]


def _pattern(pid: str, index: int, colour: str) -> str:
    """An SVG pattern: ``colour`` with white marks, different for each series index (0 is plain)."""
    kind = index % 8
    mark = 'fill="#fff" fill-opacity="0.55"'
    shapes = {
        1: ('rotate(45)', f'<rect width="2.5" height="8" {mark}/>'),
        2: ('', f'<circle cx="4" cy="4" r="1.7" {mark}/>'),
        3: ('', f'<rect width="8" height="2.5" {mark}/>'),
        4: ('rotate(-45)', f'<rect width="2.5" height="8" {mark}/>'),
        5: ('', f'<rect width="2.5" height="8" {mark}/>'),
        6: ('rotate(45)', f'<rect width="2" height="8" {mark}/><rect width="8" height="2" {mark}/>'),
        7: ('', f'<circle cx="2" cy="2" r="1.2" {mark}/><circle cx="6" cy="6" r="1.2" {mark}/>'),
    }
    transform, marks = shapes[kind]
    transform_attr = f' patternTransform="{transform}"' if transform else ""
    return (f'<pattern id="{pid}" width="8" height="8" patternUnits="userSpaceOnUse"{transform_attr}>'
            f'<rect width="8" height="8" fill="{colour}"/>{marks}</pattern>')


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    style = f'fill="{colour}" stroke="#fff" stroke-width="1"'
    if kind == "circle":
        return f'<circle cx="{n(x)}" cy="{n(y)}" r="3.6" {style}/>'
    if kind == "square":
        return f'<rect x="{n(x - 3.3)}" y="{n(y - 3.3)}" width="6.6" height="6.6" {style}/>'
    if kind == "triangle":
        return f'<path d="M{n(x)} {n(y - 4.4)}L{n(x + 4.2)} {n(y + 3.2)}L{n(x - 4.2)} {n(y + 3.2)}Z" {style}/>'
    if kind == "diamond":
        return f'<path d="M{n(x)} {n(y - 4.6)}L{n(x + 4.6)} {n(y)}L{n(x)} {n(y + 4.6)}L{n(x - 4.6)} {n(y)}Z" {style}/>'
    return f'<path d="M{n(x)} {n(y + 4.4)}L{n(x + 4.2)} {n(y - 3.2)}L{n(x - 4.2)} {n(y - 3.2)}Z" {style}/>'


def _svg_open(ident: str, height: float, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {n(height)}" width="100%" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc" class="portalgen-chart" '
        f'font-family="{esc(FONT_FAMILY)}" font-size="{FONT}" fill="{TEXT_COLOUR}">',
        f'<title id="{ident}-title">{esc(title)}</title>',
        f'<desc id="{ident}-desc">{esc(desc)}</desc>',
    ]


def _title_lines(title: str, show_title: bool) -> tuple[list[str], float]:
    if not show_title:
        return [], 8.0
    lines = _wrap(title, int((WIDTH - 32) / text_width("x", 15)))
    parts = [f'<text x="16" y="{n(22 + 19 * i)}" font-size="15" font-weight="bold">{esc(line)}</text>'
             for i, line in enumerate(lines)]
    return parts, 14.0 + 19 * len(lines)


def _render_empty(data: ChartData, spec: ChartSpec, lang: str, ident: str, show_title: bool) -> str:
    t = _texts(lang)
    title = chart_title(spec, lang)
    title_parts, top = _title_lines(title, show_title)
    height = top + 110
    parts = _svg_open(ident, height, title, describe_chart(data, spec, lang)) + title_parts
    parts.append(f'<rect x="16" y="{n(top + 8)}" width="{WIDTH - 32}" height="90" fill="#f6f7f8" '
                 f'stroke="{AXIS_COLOUR}" stroke-dasharray="4 4"/>')
    parts.append(f'<text x="{WIDTH // 2}" y="{n(top + 58)}" text-anchor="middle" font-size="14">'
                 f'{esc(t["no_data"])}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


# --------------------------------------------------------------------------------------------
# Layout
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _XAxis:
    labels: tuple[str, ...]       # text drawn under each category ("" when skipped)
    full: tuple[str, ...]         # full label, for a tooltip when truncated
    rotated: bool
    height: float


def _x_axis(data: ChartData, spec: ChartSpec, lang: str, band: float) -> _XAxis:
    count = len(data.categories)
    full = tuple(category_label(data, i, spec, lang, short=False) for i in range(count))
    short = tuple(category_label(data, i, spec, lang, short=True) for i in range(count))
    widest = max(text_width(label) for label in short)
    if widest <= band - 6:
        return _XAxis(short, full, False, 22.0)
    if spec.temporal:
        step = max(1, math.ceil((widest + 10) / band))
        if step <= 12:
            shown = tuple(label if i % step == 0 else "" for i, label in enumerate(short))
            return _XAxis(shown, full, False, 22.0)
    cut = tuple(truncate(label, MAX_LABEL_CHARS) for label in short)
    step = max(1, math.ceil(16 / band))
    shown = tuple(label if i % step == 0 else "" for i, label in enumerate(cut))
    widest_cut = max(text_width(label) for label in shown if label) if any(shown) else 0
    return _XAxis(shown, full, True, 16.0 + widest_cut * 0.71)


def _legend(data: ChartData, spec: ChartSpec, lang: str, ident: str, top: float) -> tuple[list[str], float]:
    """Legend items (swatch + text) wrapped in rows from ``top``; returns parts and height."""
    if not spec.group_by:
        return [], 0.0
    parts: list[str] = []
    x, y = 16.0, top
    for index in range(len(data.series)):
        label = truncate(series_label(data, index, lang), MAX_LEGEND_CHARS)
        item_width = 22 + text_width(label) + 18
        if x + item_width > WIDTH - 8 and x > 16:
            x, y = 16.0, y + 20
        colour = _colour(data, index)
        if spec.type == "line":
            dash = DASHES[index % len(DASHES)]
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(f'<line x1="{n(x)}" y1="{n(y + 7)}" x2="{n(x + 18)}" y2="{n(y + 7)}" stroke="{colour}" '
                         f'stroke-width="2.5"{dash_attr}/>')
            parts.append(_marker(MARKERS[index % len(MARKERS)], x + 9, y + 7, colour))
        else:
            fill = colour if index % 8 == 0 else f"url(#{ident}-p{index})"
            parts.append(f'<rect x="{n(x)}" y="{n(y)}" width="14" height="14" fill="{fill}" stroke="{colour}"/>')
        parts.append(f'<text x="{n(x + 22)}" y="{n(y + 11)}">{esc(label)}</text>')
        x += item_width
    return parts, (y - top) + 22


def _value_domain(data: ChartData, spec: ChartSpec) -> tuple[float, float]:
    if spec.type == "stacked_bar":
        highs, lows = [0.0], [0.0]
        for c in range(len(data.categories)):
            column = [row[c] for row in data.values if row[c] is not None]
            highs.append(sum(v for v in column if v > 0))
            lows.append(sum(v for v in column if v < 0))
        return min(lows), max(highs)
    present = [v for row in data.values for v in row if v is not None]
    if not present:
        return 0.0, 1.0
    return min(0.0, min(present)), max(0.0, max(present))


def _tick_labels(ticks: list[float], lang: str) -> list[str]:
    """Tick texts; when the biggest reaches a million, every tick in the same unit (``0,5 M``, ``1 M``)."""
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    biggest = max(abs(t) for t in ticks)
    for scale, fr_suffix, en_suffix in _COMPACT[:2]:
        if biggest >= scale:
            places = step_decimals(step / scale)
            labels = []
            for tick in ticks:
                if tick == 0:
                    labels.append("0")
                    continue
                number = format_number(tick / scale, lang, decimals=places)
                labels.append(f"{number}{NBSP}{fr_suffix}" if lang != "en" else f"{number}{en_suffix}")
            return labels
    return [format_compact(t, lang, step=step, min_scale=math.inf) for t in ticks]


def _fitting_label(value: float, room: float, lang: str) -> str | None:
    """The value written in full, or short (``12,5 k``), if it fits in ``room`` units; else None."""
    full = format_rounded(value, lang)
    if text_width(full, SMALL) <= room:
        return full
    short = format_compact(value, lang)
    if text_width(short, SMALL) <= room:
        return short
    return None


def _value_labeller(values: list[float], room: float, lang: str):
    """A function value -> label (or None), writing all labels of a chart alike when they fit.

    All in full if they all fit in ``room``, else all short (``4,5 M``) if they all fit,
    else each the way it fits.
    """
    if all(text_width(format_rounded(v, lang), SMALL) <= room for v in values):
        return lambda v: format_rounded(v, lang)
    if all(text_width(format_compact(v, lang), SMALL) <= room for v in values):
        return lambda v: format_compact(v, lang)
    return lambda v: _fitting_label(v, room, lang)


def render_svg(chart_data: ChartData, spec: ChartSpec, *, lang: str = "fr", id_prefix: str | None = None,
               show_title: bool = True) -> str:
    """The chart as a standalone SVG document (also fit to inline in HTML).

    ``id_prefix`` makes the ids of the SVG's elements unique in a page (default: derived from
    the content, so stable); ``show_title`` draws the title inside the image.
    """
    lang = "en" if lang == "en" else "fr"
    ident = re.sub(r"[^A-Za-z0-9_-]", "-", id_prefix) if id_prefix else _stable_id(chart_data, spec, lang)
    if chart_data.is_empty:
        return _render_empty(chart_data, spec, lang, ident, show_title)
    title = chart_title(spec, lang)
    desc = describe_chart(chart_data, spec, lang)
    title_parts, top = _title_lines(title, show_title)

    low, high = _value_domain(chart_data, spec)
    headroom = (high - low) * 0.08
    ticks = nice_ticks(low - (headroom if low < 0 else 0), high + (headroom if high > 0 else 0))
    tick_labels = _tick_labels(ticks, lang)
    left = max(40.0, max(text_width(label) for label in tick_labels) + 18)
    right = 16.0
    axis_title = value_name(spec, lang) + (f" ({spec.unit})" if spec.unit else "")
    plot_top = top + 26
    plot_width = WIDTH - left - right
    count = len(chart_data.categories)
    band = plot_width / count
    x_axis = _x_axis(chart_data, spec, lang, band)
    if x_axis.rotated:
        # A rotated label runs down-left from its tick: make room for the first ones.
        overhang = max(text_width(label) * 0.71 - band * (i + 0.5) for i, label in enumerate(x_axis.labels))
        if overhang + 8 > left:
            left = overhang + 8
            band = (WIDTH - left - right) / count
            x_axis = _x_axis(chart_data, spec, lang, band)
    plot_bottom = plot_top + PLOT_HEIGHT
    legend_top = plot_bottom + x_axis.height + 12
    legend_parts, legend_height = _legend(chart_data, spec, lang, ident, legend_top)
    height = legend_top + legend_height + (4 if legend_height else -4)
    scale = _Scale(ticks[0], ticks[-1], plot_top, plot_bottom)

    parts = _svg_open(ident, height, title, desc)
    if spec.type == "stacked_bar":
        parts.append("<defs>" + "".join(
            _pattern(f"{ident}-p{i}", i, _colour(chart_data, i))
            for i in range(len(chart_data.series)) if i % 8) + "</defs>")
    parts.extend(title_parts)
    parts.append(f'<text x="{n(left)}" y="{n(plot_top - 12)}" font-size="{SMALL}">'
                 f'{esc(truncate(axis_title, 80))}</text>')

    # Gridlines and value axis.
    parts.append('<g class="grid">')
    for value, label in zip(ticks, tick_labels):
        y = scale(value)
        stroke = AXIS_COLOUR if value == 0 else GRID_COLOUR
        parts.append(f'<line x1="{n(left)}" y1="{n(y)}" x2="{n(WIDTH - right)}" y2="{n(y)}" stroke="{stroke}"/>')
        parts.append(f'<text x="{n(left - 8)}" y="{n(y)}" dy="0.32em" text-anchor="end">{esc(label)}</text>')
    parts.append("</g>")

    if spec.type == "line":
        parts.extend(_draw_lines(chart_data, spec, lang, scale, left, band))
    else:
        parts.extend(_draw_bars(chart_data, spec, lang, scale, left, band, ident))

    # Category axis.
    parts.append('<g class="x-axis">')
    label_y = plot_bottom + 16
    for index, label in enumerate(x_axis.labels):
        if not label:
            continue
        cx = left + band * (index + 0.5)
        tooltip = f"<title>{esc(x_axis.full[index])}</title>" if label != x_axis.full[index] else ""
        if x_axis.rotated:
            parts.append(f'<text x="{n(cx)}" y="{n(label_y - 4)}" text-anchor="end" '
                         f'transform="rotate(-45 {n(cx)} {n(label_y - 4)})">{tooltip}{esc(label)}</text>')
        else:
            parts.append(f'<text x="{n(cx)}" y="{n(label_y)}" text-anchor="middle">{tooltip}{esc(label)}</text>')
    parts.append("</g>")
    if legend_parts:
        parts.append('<g class="legend">')
        parts.extend(legend_parts)
        parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _draw_bars(data: ChartData, spec: ChartSpec, lang: str, scale: _Scale, left: float, band: float,
               ident: str) -> list[str]:
    parts = ['<g class="bars">']
    bar_width = min(band * 0.72, 56.0)
    stacked = spec.type == "stacked_bar"
    totals = [t for t in data.category_totals() if t is not None] if stacked else [
        v for v in data.values[0] if v is not None]
    total_label = _value_labeller(totals, band - 2, lang)
    segment_label = _value_labeller([v for row in data.values for v in row if v], bar_width - 8, lang)
    for c in range(len(data.categories)):
        x = left + band * c + (band - bar_width) / 2
        up, down = 0.0, 0.0
        segments = sum(1 for row in data.values if row[c])
        for s, row in enumerate(data.values):
            value = row[c]
            if value is None or value == 0:
                continue
            if stacked:
                base = up if value > 0 else down
                end = base + value
                if value > 0:
                    up = end
                else:
                    down = end
            else:
                base, end = 0.0, value
            y0, y1 = scale(base), scale(end)
            y, h = min(y0, y1), abs(y1 - y0)
            colour = _colour(data, s)
            fill = colour if not stacked or s % 8 == 0 else f"url(#{ident}-p{s})"
            outline = ' stroke="#fff" stroke-width="1"' if stacked else ""
            parts.append(f'<rect x="{n(x)}" y="{n(y)}" width="{n(bar_width)}" height="{n(max(h, 0.5))}" '
                         f'fill="{fill}"{outline}/>')
            if stacked and segments > 1 and h >= 18:
                label = segment_label(value)
                if label:
                    w = text_width(label, SMALL) + 6
                    cx, cy = x + bar_width / 2, y + h / 2
                    parts.append(f'<rect x="{n(cx - w / 2)}" y="{n(cy - 7.5)}" width="{n(w)}" height="15" rx="2" '
                                 f'fill="#fff" fill-opacity="0.92"/>')
                    parts.append(f'<text x="{n(cx)}" y="{n(cy)}" dy="0.35em" text-anchor="middle" '
                                 f'font-size="{SMALL}">{esc(label)}</text>')
        total = (up + down) if stacked else (data.values[0][c] or 0.0)
        has_value = any(row[c] is not None for row in data.values)
        if has_value and len(data.categories) <= 40:
            label = total_label(total)
            if label:
                if stacked:
                    y = scale(up) - 5 if up > 0 or down == 0 else scale(down) + 13
                else:
                    y = scale(total) - 5 if total >= 0 else scale(total) + 13
                parts.append(f'<text x="{n(x + bar_width / 2)}" y="{n(y)}" text-anchor="middle" '
                             f'font-size="{SMALL}">{esc(label)}</text>')
    parts.append("</g>")
    return parts


def _draw_lines(data: ChartData, spec: ChartSpec, lang: str, scale: _Scale, left: float, band: float) -> list[str]:
    parts = ['<g class="lines">']
    count = len(data.categories)
    with_markers = count <= 36
    with_labels = len(data.series) == 1 and count <= 24
    point_label = _value_labeller([v for v in data.values[0] if v is not None], band - 2, lang)
    for s, row in enumerate(data.values):
        colour = _colour(data, s)
        dash = DASHES[s % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        path: list[str] = []
        pen_down = False
        for c, value in enumerate(row):
            if value is None:
                pen_down = False
                continue
            x, y = left + band * (c + 0.5), scale(value)
            path.append(f"{'L' if pen_down else 'M'}{n(x)} {n(y)}")
            pen_down = True
        if path:
            parts.append(f'<path d="{"".join(path)}" fill="none" stroke="{colour}" stroke-width="2.5" '
                         f'stroke-linejoin="round" stroke-linecap="round"{dash_attr}/>')
        for c, value in enumerate(row):
            if value is None:
                continue
            x, y = left + band * (c + 0.5), scale(value)
            lonely = (c == 0 or row[c - 1] is None) and (c == count - 1 or row[c + 1] is None)
            if with_markers or lonely:
                parts.append(_marker(MARKERS[s % len(MARKERS)], x, y, colour))
            if with_labels:
                label = point_label(value)
                if label:
                    ly = y - 9 if value >= 0 else y + 17
                    parts.append(f'<text x="{n(x)}" y="{n(ly)}" text-anchor="middle" font-size="{SMALL}">'
                                 f'{esc(label)}</text>')
    parts.append("</g>")
    return parts


# --------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------

def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def render_table_html(chart_data: ChartData, spec: ChartSpec, lang: str = "fr") -> str:
    """The chart's numbers as an accessible HTML table (caption, ``<th scope>``), to show beside it."""
    lang = "en" if lang == "en" else "fr"
    t = _texts(lang)
    caption = f"<caption>{esc(chart_title(spec, lang))}</caption>"
    if chart_data.is_empty:
        return (f'<table class="portalgen-chart-data">{caption}<tbody><tr><td>{esc(t["no_data"])}</td></tr>'
                f"</tbody></table>\n")
    unit = f" ({spec.unit})" if spec.unit else ""
    if spec.group_by:
        columns = [series_label(chart_data, i, lang) + unit for i in range(len(chart_data.series))]
        with_total = spec.type == "stacked_bar" or (spec.aggregation != "mean" and len(chart_data.series) > 1)
    else:
        columns = [value_name(spec, lang) + unit]
        with_total = False
    header = [f'<th scope="col">{esc(_capitalise(x_name(spec, lang)))}</th>']
    header += [f'<th scope="col">{esc(name)}</th>' for name in columns]
    if with_total:
        header.append(f'<th scope="col">{esc(t["total"] + unit)}</th>')
    rows = []
    totals = chart_data.category_totals()
    for c in range(len(chart_data.categories)):
        cells = [f'<th scope="row">{esc(category_label(chart_data, c, spec, lang))}</th>']
        for row in chart_data.values:
            value = row[c]
            text = t["missing"] if value is None else format_number(value, lang)
            cells.append(f'<td class="num">{esc(text)}</td>')
        if with_total:
            total = totals[c]
            cells.append(f'<td class="num">{esc(t["missing"] if total is None else format_number(total, lang))}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<table class="portalgen-chart-data">{caption}\n<thead><tr>{"".join(header)}</tr></thead>\n'
            f"<tbody>\n" + "\n".join(rows) + "\n</tbody></table>\n")


def render_chart_html(chart_data: ChartData, spec: ChartSpec, lang: str = "fr", *,
                      id_prefix: str | None = None) -> str:
    """A ``<figure>``: the SVG, then the same numbers as a table in a ``<details>``."""
    lang = "en" if lang == "en" else "fr"
    svg = render_svg(chart_data, spec, lang=lang, id_prefix=id_prefix)
    table = render_table_html(chart_data, spec, lang)
    summary = esc(_texts(lang)["show_data"])
    return (f'<figure class="portalgen-chart">\n{svg}<details>\n<summary>{summary}</summary>\n{table}'
            f"</details>\n</figure>\n")
