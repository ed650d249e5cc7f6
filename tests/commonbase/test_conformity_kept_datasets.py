"""commonbase.enrich keeps a dataset without a schema as it is instead of replacing it by an equal one: the
site it gives is the one replacing every dataset gives, whatever ``validation`` the dataset came with."""

from __future__ import annotations

from dataclasses import replace

from portalgen.enrich import commonbase, quality, tables
from portalgen.enrich.stage import EnrichContext
from portalgen.national import enrich as national
from portalgen.pipeline import read_site

from .support import subventions_site


def test_datasets_without_schema_kept_are_the_datasets_replaced(tmp_path):
    extra = {"datasets/notes.yml": "title: Notes\ndescription: x\nresources: [notes.csv]\n",
             "data/notes.csv": "a,b\n1,« <b>x</b> »\n,\n"}
    site, _ = read_site(subventions_site(tmp_path / "site", extra=extra))
    context = EnrichContext(cache_dir=tmp_path / "cache")
    for enricher in (tables.enrich, national.enrich):
        site, _ = enricher(site, context)
    stale = replace(site, datasets=tuple(replace(d, validation="stale verdict") for d in site.datasets))
    for before in (site, stale):
        checked, findings, conformities, registers = commonbase._dataset_conformities(before, context)
        by_id = {d.id: d for d in checked.datasets}
        assert set(conformities) == {"subventions"} and by_id["subventions"].validation is conformities["subventions"]
        assert by_id["notes"] == replace(before.datasets[[d.id for d in before.datasets].index("notes")],
                                         validation=None)
        assert [d.id for d in checked.datasets] == [d.id for d in before.datasets]
    assert quality.enrich(commonbase.enrich(site, context)[0], context)[0] == \
        quality.enrich(commonbase.enrich(stale, context)[0], context)[0]
