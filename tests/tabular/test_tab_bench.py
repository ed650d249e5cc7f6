"""The large-file benchmark script works (on a small file: the full run is done by hand)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from portalgen.tabular import normalise, read_table

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_large_csv.py"


def _bench_module():
    spec = importlib.util.spec_from_file_location("bench_large_csv", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_file_is_a_typical_commune_export(tmp_path):
    bench = _bench_module()
    path = tmp_path / "mandats.csv"
    bench.generate(path, 500)
    data = normalise(read_table(path))
    assert data.row_count == 500
    assert data.detection.encoding == "cp1252"
    assert data.detection.delimiter == ";"
    types = {c.name: c.type for c in data.columns}
    assert types["montant"] == "number" and types["date_mandat"] == "date"
    assert types["code_insee"] == "string"
    assert data.point_columns == ("latitude", "longitude")


def test_portalgen_stages_report_time_and_memory(tmp_path):
    bench = _bench_module()
    path = tmp_path / "mandats.csv"
    bench.generate(path, 300)
    (tmp_path / "out").mkdir()
    report = bench.child_portalgen(path, tmp_path / "out")
    stages = [s["stage"] for s in report["stages"]]
    assert stages == ["read", "normalise", "profile", "convert CSV", "convert JSON", "convert XLSX",
                      "convert Parquet", "convert GeoJSON", "preview"]
    assert all(s["peak_mb"] > 0 and s["wall"] >= 0 for s in report["stages"])
