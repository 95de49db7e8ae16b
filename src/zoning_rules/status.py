"""What a finding can say: its ``Status`` and the ``Reason`` behind it, each reason with its status.

These are the only definitions of the status and reason words.  Both are ``StrEnum``s, so a
finding's ``status == "fail"`` still holds and JSON, pandas categoricals and SARIF see the plain
words; code compares against the members.  A reason knows its status (``Reason.EXCEEDS_MAX.status
is Status.FAIL``) so that the batch engine needs no table of its own, and the English and Chinese
wording of each reason lives in ``messages.py``.
"""
from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    INDETERMINATE = "indeterminate"
    WARN = "warn"
    #: A failing finding an approved exception (a design's ``waivers:``) covers: still reported,
    #: with the document that grants it, but it does not fail the design.
    WAIVED = "waived"


class Reason(StrEnum):
    """Why a finding has its status.  Members are listed status by status (the batch engine
    numbers them in this order); a new reason goes at the end of its status's group."""

    def __new__(cls, value: str, status: Status):
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.status = status
        return obj

    WITHIN_LIMIT = "within_limit", Status.PASS
    WITHIN_SITE = "within_site", Status.PASS
    LOCATED = "located", Status.PASS  # the site lies in one plot of the plan (plan/site.py)
    EXCEEDS_MAX = "exceeds_max", Status.FAIL
    BELOW_MIN = "below_min", Status.FAIL
    WRONG_LAND_USE = "wrong_land_use", Status.FAIL
    WRONG_SIDE = "wrong_side", Status.FAIL
    BELOW_MIN_LARGE_COMMERCIAL = "below_min_large_commercial", Status.FAIL
    OUTSIDE_SITE = "outside_site", Status.FAIL
    SITE_NOT_IN_PLOT = "site_not_in_plot", Status.FAIL
    VALUE_MISSING = "value_missing", Status.INDETERMINATE
    NO_LIMIT_ON_RECORD = "no_limit_on_record", Status.INDETERMINATE
    LIMIT_WITHOUT_NUMBER = "limit_without_number", Status.INDETERMINATE
    UNPUBLISHED = "unpublished", Status.INDETERMINATE
    NO_APPROVAL_IN_FORCE = "no_approval_in_force", Status.INDETERMINATE
    LAND_USE_UNDECIDABLE = "land_use_undecidable", Status.INDETERMINATE
    LARGE_COMMERCIAL_UNKNOWN = "large_commercial_unknown", Status.INDETERMINATE
    DECLARED_ROUNDED_AT_LIMIT = "declared_rounded_at_limit", Status.INDETERMINATE
    UNDER_REVIEW = "under_review", Status.INDETERMINATE
    WITHIN_GEOMETRIC_PRECISION = "within_geometric_precision", Status.INDETERMINATE
    SUPERSEDED = "superseded", Status.INDETERMINATE
    SITE_STRADDLES_PLOTS = "site_straddles_plots", Status.INDETERMINATE
    SITE_OUTSIDE_PLOT = "site_outside_plot", Status.INDETERMINATE
    #: A model whose site has no geometry: whether buildings stay inside cannot be told (zoning_rules.ifc).
    NO_SITE_BOUNDARY = "no_site_boundary", Status.INDETERMINATE
    DECLARED_MISMATCH = "declared_mismatch", Status.WARN
    SITE_AREA_DIFFERS = "site_area_differs", Status.WARN
    NOT_ON_SITE_PLAN = "not_on_site_plan", Status.WARN
    USE_NOT_GIVEN = "use_not_given", Status.WARN
    #: A model that does not show the outdoor ground: heights measured from ±0.000 (zoning_rules.ifc).
    GROUND_NOT_IN_MODEL = "ground_not_in_model", Status.WARN


#: Statuses in the order reports count them.
STATUSES = tuple(Status)
