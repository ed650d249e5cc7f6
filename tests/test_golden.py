"""The golden site: a small realistic site whose whole output (pages and metadata) is kept in the repository.

A difference means the output changed: if it is intended, run `python -m tests.update_golden` and review the
diff of tests/golden/expected/ with git.
"""

from tests.update_golden import GOLDEN, build_golden, compared_files


def test_output_matches_the_golden_files(tmp_path):
    out = tmp_path / "out"
    build_golden(out)
    actual = compared_files(out)
    expected_dir = GOLDEN / "expected"
    expected = {p.relative_to(expected_dir).as_posix(): p.read_bytes()
                for p in sorted(expected_dir.rglob("*")) if p.is_file()}
    assert sorted(actual) == sorted(expected), "files added or removed: run python -m tests.update_golden"
    changed = [name for name in expected if actual[name] != expected[name]]
    assert changed == [], f"changed files: {changed[:10]} — run python -m tests.update_golden and review the diff"
