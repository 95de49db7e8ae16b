"""The regulatory plan (控规) itself: a GIS layer of plots as the base rule book.

``importer`` turns a plan layer into a rule file (one approval per plot, citing the plan's
document and date) and its boundaries; ``storage`` keeps the boundaries in a GeoPackage beside the
YAML; ``locate`` finds the plot(s) a site lies in with an STRtree; ``export`` writes the limits in
force as a map layer.  Everything here needs the ``batch`` and ``geo`` extras (pyogrio, geopandas,
pyproj) and is imported only by the commands that use it — never by ``import zoning_rules``.
"""
