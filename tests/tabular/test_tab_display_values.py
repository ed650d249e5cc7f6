"""display_values (the formatter chosen once per column) equals display_value cell by cell."""

from __future__ import annotations

import datetime as dt
import random

from portalgen.tabular.formatting import display_value, display_values
from portalgen.tabular.model import BOOLEAN, DATE, DATETIME, INTEGER, NUMBER, STRING

VALUES = [None, True, False, 0, 1, -1, 7, -999, 1000, -1000, 1234567, -1234567, 10 ** 21, -(10 ** 25),
          0.0, -0.0, 0.1, -0.05, 1.5, 2.675, 1234.5, -1234.56, 1e21, 1.5e-7, -3e-10, 123456789.123, float("nan"),
          float("inf"), float("-inf"), dt.date(2023, 12, 31), dt.date(1, 1, 1), dt.date(999, 5, 4),
          dt.datetime(2024, 1, 2, 10, 30), dt.datetime(2024, 1, 2, 10, 30, 5), "", "texte", "1 234,5", "é😀 中文",
          "<script>alert('x')</script>", "x" * 500, "12,5", "2024-01-02"]


class _Text(str):
    pass


def _formats(value: object, column_type: str, decimals: int | None) -> bool:
    """Whether display_value formats ``value`` (Decimal cannot round 1e21 to a fixed number of decimals)."""
    try:
        display_value(value, column_type, decimals=decimals)
    except ArithmeticError:
        return False
    return True


def test_display_values_equal_display_value_cell_by_cell():
    rng = random.Random(3)
    values = VALUES + [_Text("sous-classe")] + [rng.uniform(-1e7, 1e7) for _ in range(200)] + \
        [rng.randint(-10 ** 9, 10 ** 9) for _ in range(200)] + [round(rng.uniform(-100, 100), 2) for _ in range(200)]
    for column_type in (INTEGER, NUMBER, DATE, DATETIME, STRING, BOOLEAN):
        for decimals in (None, 0, 1, 2, 3):
            for group in (True, False):
                column = [v for v in rng.sample(values, 60) + values
                          if _formats(v, column_type, decimals)]  # values display_value can format
                expected = [display_value(v, column_type, decimals=decimals, group_integers=group) for v in column]
                assert display_values(column, column_type, decimals=decimals, group_integers=group) == expected
