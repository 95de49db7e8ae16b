"""Check a scheme from a script: how much more can be built on BZ-13-10?"""
from zoning_rules import check

scheme = {
    "plot": "BZ-13-10",
    "land_use": "RB",
    "site_area": "71 亩",
    "floor_area": "112500 m2",
    "footprint_area": "13800 m2",
    "green_area": "16700 m2",
    "height": "48 m",
}

report = check(scheme, as_of="2021-06-01")
print(f"{report.plot}: {report.status}")
for finding in report.findings:
    print(f"  {finding.code:<12} {finding.status:<13} {finding.message_en}")
    if finding.margin is not None and finding.margin.unit == "m2" and finding.margin.bound == "max":
        print(f"  {'':12} room left: {float(-finding.margin.excess):,.2f} m²")
