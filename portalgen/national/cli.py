"""What ``portalgen national`` prints after the findings: one line per source."""

from __future__ import annotations

from typing import TextIO

from .dataset_file import french_date
from .run import NationalReport, SourceOutcome

STATUS_TEXT = {
    "fetched": "fetched",
    "cached": "from the cache",
    "kept": "kept (source unavailable)",
    "not-found": "no data for the commune",
    "empty": "no data for the commune",
    "missing": "not available",
    "failed": "cache unreadable",
    "conflict": "not written (file conflict)",
    "left-out": "left out",
    "stopped": "not fetched (wrong INSEE code)",
}


def outcome_line(outcome: SourceOutcome) -> str:
    text = f"  {outcome.source:<10} {STATUS_TEXT.get(outcome.status, outcome.status)}"
    if outcome.version:
        text += f", version of {french_date(outcome.version)}"
    if outcome.dataset_id and outcome.status in ("fetched", "cached", "kept"):
        text += f" → datasets/{outcome.dataset_id}.yml"
        text += f" ({len(outcome.written)} file{'s' * (len(outcome.written) != 1)} changed)"
    return text


def print_outcomes(report: NationalReport, stream: TextIO) -> None:
    if report.commune is None:
        print("national failed: portal.yml cannot be read; nothing was written.", file=stream)
        return
    print(f"National data for {report.commune.name} (INSEE {report.commune.insee}):", file=stream)
    for outcome in report.outcomes:
        print(outcome_line(outcome), file=stream)
    if report.failed():
        print("national failed: fix the errors above, then run portalgen national again.", file=stream)
    elif report.written:
        print("Next: portalgen build to publish them.", file=stream)
