"""How a site plan becomes indicators: every rule a bureau may decide differently, in one place.

The defaults follow ../shared/DOMAIN.md (GB/T 50353-2013, GB 50352-2019 §4.5.2, GB 50180-2018
A.0.2, JGJ 48-2014).  A bureau with other rules replaces the policy (``dataclasses.replace`` or one
of the named alternatives in ``POLICIES``); nothing here is a hidden constant.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction

from ..errors import InputError


@dataclass(frozen=True, slots=True)
class TallStorey:
    """A storey taller than ``above`` metres counts ``times`` its area (for the given uses)."""

    uses: tuple[str, ...]  # use categories: residential, office, commercial
    above: Fraction
    times: Fraction


#: Building ``use`` as written → category used by the tall-storey and large-commercial rules.
USE_CATEGORIES = {
    "residential": "residential", "housing": "residential", "住宅": "residential", "居住": "residential",
    "r": "residential", "r1": "residential", "r2": "residential", "070102": "residential",
    "office": "office", "办公": "office", "商务": "office", "b2": "office",
    "commercial": "commercial", "retail": "commercial", "shop": "commercial", "shops": "commercial",
    "mall": "commercial", "商业": "commercial", "商场": "commercial", "商铺": "commercial",
    "b1": "commercial", "0901": "commercial",
}


def use_category(use: str | None) -> str | None:
    if use is None:
        return None
    return USE_CATEGORIES.get(str(use).strip().lower())


@dataclass(frozen=True)
class GeometryPolicy:
    """Named, documented choices for computing indicators from geometry.

    ``full_height``: a storey of at least this structural height counts in full, a lower one by
    ``low_storey_factor`` (GB/T 50353-2013 3.0.1).
    ``tall_storeys``: multipliers for tall storeys by use; empty by default because no Shanxi or
    吕梁 rule was found (DOMAIN.md §3).
    ``count_basements``: basements count toward 计容面积 (default no, common local practice).
    ``wall_strip`` / ``concentrated_wall_strip``: green within this distance of a building wall does
    not count (GB 50180-2018 A.0.2: 1.0 m; 1.5 m for 集中绿地).
    ``roof_green_min_soil``: least soil depth for green over a basement roof to count.
    ``rooftop_share``: rooftop stair/lift/tank rooms within this share of the roof area are left out
    of the height (GB 50352-2019 §4.5.2).
    ``large_commercial_area``: a building with more commercial floor area than this is 大型商业建筑
    (JGJ 48-2014, DOMAIN.md §7).  A building whose use is not given (or not one of
    ``USE_CATEGORIES``) and whose floor area is above it may be one: its category is unknown.
    ``declared_tolerance``: a declared figure agrees with the computed one when they differ by no
    more than this share of the computed value, or by half a unit of the declared figure's last
    written digit, whichever is larger.
    ``point_precision``: how far (m) any drawn point may be from where it was meant to be —
    floating point, projection, CAD snapping; a lon/lat file written to few decimals is coarser
    and its own precision is used instead (``SitePlan.coordinate_precision``).  A distance is then
    known to twice this, an area to this × its perimeter + vertices × this²; a computed value
    that close to a limit is indeterminate (``within_geometric_precision``), never pass or fail.
    ``arc_tolerance``: largest gap (m) between a DXF bulge arc and the chord polygon replacing it.
    ``buffer_segments``: segments per quarter circle when offsetting walls by the green strip.
    """

    name: str = "gb-default"
    full_height: Fraction = Fraction(22, 10)
    low_storey_factor: Fraction = Fraction(1, 2)
    tall_storeys: tuple[TallStorey, ...] = ()
    count_basements: bool = False
    wall_strip: Fraction = Fraction(1)
    concentrated_wall_strip: Fraction = Fraction(3, 2)
    roof_green_min_soil: Fraction = Fraction(3, 2)
    rooftop_share: Fraction = Fraction(1, 4)
    large_commercial_area: Fraction = Fraction(20000)
    declared_tolerance: Fraction = Fraction(1, 1000)
    point_precision: Fraction = Fraction(1, 2000)
    arc_tolerance: float = 0.001
    buffer_segments: int = 64
    commercial_uses: tuple[str, ...] = field(default=("commercial",))

    def storey_factor(self, height: Fraction, use: str | None) -> Fraction:
        """How many times a storey's area counts toward 计容面积."""
        if height < self.full_height:
            return self.low_storey_factor
        return self.tall_multiplier(height, use)

    def tall_multiplier(self, height: Fraction, use: str | None) -> Fraction:
        """How many times a full-height storey's area counts (1 unless a tall-storey rule applies)."""
        if height < self.full_height:
            return Fraction(1)
        cat = use_category(use)
        times = Fraction(1)
        for rule in self.tall_storeys:
            if cat in rule.uses and height > rule.above and rule.times > times:
                times = rule.times
        return times


DEFAULT_GEOMETRY_POLICY = GeometryPolicy()

#: Examples from other cities (DOMAIN.md §3, unverified for Shanxi): opt in by name.
TALL_STOREYS_2X3X = (
    TallStorey(("residential",), Fraction(49, 10), Fraction(2)),
    TallStorey(("residential",), Fraction(76, 10), Fraction(3)),
    TallStorey(("office",), Fraction(55, 10), Fraction(2)),
    TallStorey(("office",), Fraction(88, 10), Fraction(3)),
    TallStorey(("commercial",), Fraction(61, 10), Fraction(2)),
    TallStorey(("commercial",), Fraction(10), Fraction(3)),
)
TALL_STOREYS_1_5X = (
    TallStorey(("residential",), Fraction(45, 10), Fraction(3, 2)),
    TallStorey(("office",), Fraction(48, 10), Fraction(3, 2)),
    TallStorey(("commercial",), Fraction(5), Fraction(3, 2)),
)

POLICIES: dict[str, GeometryPolicy] = {
    "gb-default": DEFAULT_GEOMETRY_POLICY,
    "tall-storeys-2x3x": replace(DEFAULT_GEOMETRY_POLICY, name="tall-storeys-2x3x",
                                 tall_storeys=TALL_STOREYS_2X3X),
    "tall-storeys-1.5x": replace(DEFAULT_GEOMETRY_POLICY, name="tall-storeys-1.5x",
                                 tall_storeys=TALL_STOREYS_1_5X),
}


def geometry_policy(name: "str | GeometryPolicy | None") -> GeometryPolicy:
    if name is None:
        return DEFAULT_GEOMETRY_POLICY
    if isinstance(name, GeometryPolicy):
        return name
    try:
        return POLICIES[name]
    except KeyError:
        raise InputError(f"unknown geometry policy {name!r}", field="geometry_policy", value=name,
                         expected=" / ".join(POLICIES)) from None
