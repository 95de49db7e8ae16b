"""The same check_table on a local Dask cluster, partition by partition, gives the single-process table."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

pd = pytest.importorskip("pandas", reason="check_table needs the batch extra (pandas)")
dd = pytest.importorskip("dask.dataframe", reason="the Dask path needs the batch extra (dask[dataframe])")
distributed = pytest.importorskip("distributed", reason="the cluster needs the batch extra (dask[distributed])")

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from data import designs  # noqa: E402

from zoning_rules.batch import check_table  # noqa: E402
from zoning_rules.batch.dask import check_dask  # noqa: E402


def normalised(t):
    t = t.astype({c: str for c in t.columns if str(t[c].dtype) == "category"})
    return t.sort_values(["design", "indicator", "subject"], kind="stable").reset_index(drop=True)


def test_a_local_dask_cluster_gives_the_same_findings_as_one_process():
    frame = designs(3000, seed=7)
    single = check_table(frame, None, "2021-11-01")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster):
        ddf = dd.from_pandas(frame, npartitions=4)
        distributed_result = check_dask(ddf, as_of="2021-11-01").compute()
    assert len(single) > 3000 * 4
    assert set(single.status) == {"pass", "fail", "indeterminate", "warn"}
    pd.testing.assert_frame_equal(normalised(distributed_result), normalised(single))
