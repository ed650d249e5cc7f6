"""Pages of the common base of local data: each dataset's conformity report, the registers of
deliberations, the "socle commun" page and catalogue.csv.

Everything comes from ``site.extras["commonbase"]`` (:mod:`portalgen.enrich.commonbase`); this
module only renders.
"""

from __future__ import annotations

from .. import routes
from ..commonbase import EXTRAS_KEY, CommonBase, DatasetConformity, Register
from ..model import Dataset
from ..schemas import kind_label
from ..schemas.report import KIND_HINTS

MAX_LISTED_ERRORS = 100
"""Errors listed per file on a report page (the counts by kind stay exact)."""


def kind_hint(kind: str) -> str:
    """Advice (in French) on fixing errors of ``kind``, or an empty string."""
    return KIND_HINTS.get(kind, "")


def _report_context() -> dict:
    return {"kind_label": kind_label, "kind_hint": kind_hint, "max_listed": MAX_LISTED_ERRORS}


def render_conformity(r, dataset: Dataset, conformity: DatasetConformity, register: Register | None) -> None:
    r.render(routes.dataset_conformity(dataset.id), ["conformity.html"], f"conformity report of {dataset.id}",
             "datasets", dataset=dataset, conformity=conformity, register=register, catalogue=False,
             **_report_context())


def render_register(r, dataset: Dataset, register: Register, conformity: DatasetConformity) -> None:
    owner = f"register of deliberations of {dataset.id}"
    for target, source in register.documents:
        r.plan.add(target, source, f"{owner} (document named by DELIB_URL)")
    r.render(routes.dataset_register(dataset.id), ["register.html"], owner, "datasets",
             dataset=dataset, register=register, conformity=conformity)


def render_catalogue(r, common: CommonBase) -> None:
    r.plan.add(routes.catalogue_csv(), common.catalogue_csv, "catalogue.csv (SCDL catalogue)")
    r.render(routes.catalogue_conformity(), ["conformity.html"], "conformity report of catalogue.csv",
             "common-base", dataset=None, conformity=common.catalogue, register=None, catalogue=True,
             **_report_context())


def render_common_base(r) -> None:
    """Add the common-base pages and catalogue.csv to the plan (nothing when the enricher did not run)."""
    common: CommonBase | None = r.site.extras.get(EXTRAS_KEY)
    if common is None:
        return
    for dataset in r.site.datasets:
        conformity = common.conformity(dataset.id)
        if conformity is None:
            continue
        register = common.register(dataset.id)
        render_conformity(r, dataset, conformity, register)
        if register is not None:
            render_register(r, dataset, register, conformity)
    render_catalogue(r, common)
    r.render(routes.common_base(), ["common_base.html"], "common base page", "common-base",
             coverage=common.coverage, catalogue=common.catalogue)
