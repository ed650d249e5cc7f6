import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01: builds in tests are reproducible


@pytest.fixture
def shared_reference() -> Path:
    ref = SHARED / "reference"
    if not ref.is_dir():
        pytest.skip("../shared/reference is not available on this machine")
    return ref
