"""Batch checking: whole tables of designs (pandas, Arrow, Dask partitions) and site geometry in bulk.

Needs the ``batch`` extra (pandas, pyarrow; dask and geopandas for the optional parts).
"""
from __future__ import annotations

from .table import RESULT_COLUMNS, check_table

__all__ = ["check_table", "RESULT_COLUMNS"]
