"""Decided two rows at a time (blocks of rows that share nothing but the plans), check_table still
gives check's findings row for row: the block views write the same cells the whole table would."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("pandas", reason="check_table needs the batch extra (pandas)")

from test_batch_table_agrees_with_check import (DATES, design, findings_by_check,  # noqa: E402
                                                findings_by_table, same)
from zoning_rules.batch import table as batch_table  # noqa: E402


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.lists(design(), min_size=3, max_size=12), st.sampled_from(DATES))
def test_check_table_in_blocks_of_two_rows_gives_the_findings_of_check(monkeypatch, designs, as_of):
    monkeypatch.setattr(batch_table, "DECIDE_BLOCK", 2)
    same(findings_by_check(designs, as_of), findings_by_table(designs, as_of))
