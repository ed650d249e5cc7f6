"""catalogue.csv's rows turned into cells once (commonbase.enrich: the file, its halves, the findings) give what
turning each row into cells for each use gives."""

from __future__ import annotations

import datetime as dt

from portalgen.enrich.commonbase import _check_catalogue
from portalgen.schemas import CatalogueRow, find_known_schema, validate_table
from portalgen.schemas.catalogue_csv import catalogue_cells, catalogue_csv_text, cells_csv_text, in_file_order
from portalgen.schemas.validate import joined_report

ODD_ROWS = (
    CatalogueRow(id="b", titre="Budget, « primitif » 2024", description="<script>alert(1)</script>\n\nsuite",
                 coll_nom="Ville", coll_siret="21350238800019", producteur_siret="123",
                 couv_temp_debut=dt.date(2024, 12, 31), couv_temp_fin="2024-01-01", date_publ="31/12/2024",
                 mots_cles=["Élections", "élections", ""], format_ressources="CSV;json", nombre_ressources=0,
                 licence="Licence Ouverte-LO", freq_maj="Annuelle", url="ftp://x"),
    CatalogueRow(id="a", titre="", description="x" * 3000, mots_cles=(), format_ressources=(),
                 theme="Économie", url="https://données.example/a", nombre_ressources=None),
    CatalogueRow(id="c", titre="Taux 1,5 %\tet \"guillemets\"", description="  espaces   multiples  ",
                 couv_spat_maille="Communale", date_maj=dt.datetime(2024, 3, 1, 12, 30), mots_cles="a;B;à"),
)


def test_the_file_from_cells_made_once_is_the_file_from_rows():
    cells = [catalogue_cells(row) for row in ODD_ROWS]
    assert cells_csv_text(in_file_order(cells)) == catalogue_csv_text(ODD_ROWS)
    assert [c["ID"] for c in in_file_order(cells)] == ["a", "b", "c"]


def test_the_halves_of_the_file_cells_joined_are_the_whole_file_checked(tmp_path, monkeypatch):
    from portalgen.enrich import commonbase
    rows = ODD_ROWS * 2 + tuple(CatalogueRow(id=f"d{n}", titre=f"Jeu {n}", coll_siret="21350238800019",
                                             date_publ="2024-02-30" if n % 3 else "2024-02-03") for n in range(7))
    file_cells = in_file_order(catalogue_cells(row) for row in rows)
    (tmp_path / "catalogue.csv").write_text(catalogue_csv_text(rows), encoding="utf-8", newline="")
    whole = validate_table(tmp_path / "catalogue.csv", find_known_schema("scdl/catalogue"))
    parts = []
    monkeypatch.setattr(commonbase, "CHECK_IN_HALVES_FROM", 2)
    monkeypatch.setattr(commonbase, "joined_report",
                        lambda reports: parts.extend(r.rows_checked for r in reports) or joined_report(reports))
    assert _check_catalogue(tmp_path, file_cells) == whole
    assert parts == [6, 7] and whole.error_counts  # checked in halves; the odd rows fail the schema
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalogue.csv"]  # the halves' files removed
