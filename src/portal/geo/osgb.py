"""British National Grid (OSGB36 eastings and northings, as Code-Point Open gives them) to
WGS84 latitude and longitude, after Ordnance Survey's "A guide to coordinate systems in Great
Britain". Accurate to a few metres, which is plenty for postcode centroids."""

from __future__ import annotations

from math import atan2, cos, degrees, radians, sin, sqrt, tan

AIRY_A, AIRY_B = 6377563.396, 6356256.909
GRS80_A, GRS80_B = 6378137.0, 6356752.3142
F0 = 0.9996012717
LAT0, LON0 = radians(49.0), radians(-2.0)
N0, E0 = -100000.0, 400000.0
# OSGB36 -> WGS84 Helmert: metres, parts per million, arc seconds.
TX, TY, TZ, SCALE_PPM = 446.448, -125.157, 542.060, -20.4894
RX, RY, RZ = (radians(seconds / 3600) for seconds in (0.1502, 0.2470, 0.8421))


def _meridional_arc(lat: float, n: float) -> float:
    dlat, slat = lat - LAT0, lat + LAT0
    return (
        AIRY_B
        * F0
        * (
            (1 + n + 5 / 4 * n**2 + 5 / 4 * n**3) * dlat
            - (3 * n + 3 * n**2 + 21 / 8 * n**3) * sin(dlat) * cos(slat)
            + (15 / 8 * n**2 + 15 / 8 * n**3) * sin(2 * dlat) * cos(2 * slat)
            - 35 / 24 * n**3 * sin(3 * dlat) * cos(3 * slat)
        )
    )


def _grid_to_osgb36(easting: float, northing: float) -> tuple[float, float]:
    a, b = AIRY_A, AIRY_B
    e2 = 1 - b**2 / a**2
    n = (a - b) / (a + b)
    lat, arc = LAT0, 0.0
    while abs(northing - N0 - arc) >= 0.00001:
        lat += (northing - N0 - arc) / (a * F0)
        arc = _meridional_arc(lat, n)
    nu = a * F0 / sqrt(1 - e2 * sin(lat) ** 2)
    rho = a * F0 * (1 - e2) / (1 - e2 * sin(lat) ** 2) ** 1.5
    eta2 = nu / rho - 1
    t, sec = tan(lat), 1 / cos(lat)
    vii = t / (2 * rho * nu)
    viii = t / (24 * rho * nu**3) * (5 + 3 * t**2 + eta2 - 9 * t**2 * eta2)
    ix = t / (720 * rho * nu**5) * (61 + 90 * t**2 + 45 * t**4)
    x = sec / nu
    xi = sec / (6 * nu**3) * (nu / rho + 2 * t**2)
    xii = sec / (120 * nu**5) * (5 + 28 * t**2 + 24 * t**4)
    xiia = sec / (5040 * nu**7) * (61 + 662 * t**2 + 1320 * t**4 + 720 * t**6)
    de = easting - E0
    latitude = lat - vii * de**2 + viii * de**4 - ix * de**6
    longitude = LON0 + x * de - xi * de**3 + xii * de**5 - xiia * de**7
    return latitude, longitude


def _helmert_to_wgs84(lat: float, lon: float) -> tuple[float, float]:
    e2 = 1 - AIRY_B**2 / AIRY_A**2
    nu = AIRY_A / sqrt(1 - e2 * sin(lat) ** 2)
    x1, y1, z1 = nu * cos(lat) * cos(lon), nu * cos(lat) * sin(lon), (1 - e2) * nu * sin(lat)
    s = SCALE_PPM * 1e-6
    x2 = TX + (1 + s) * x1 - RZ * y1 + RY * z1
    y2 = TY + RZ * x1 + (1 + s) * y1 - RX * z1
    z2 = TZ - RY * x1 + RX * y1 + (1 + s) * z1
    e2_wgs = 1 - GRS80_B**2 / GRS80_A**2
    p = sqrt(x2**2 + y2**2)
    latitude = atan2(z2, p * (1 - e2_wgs))
    for _ in range(10):
        nu_wgs = GRS80_A / sqrt(1 - e2_wgs * sin(latitude) ** 2)
        latitude = atan2(z2 + e2_wgs * nu_wgs * sin(latitude), p)
    return latitude, atan2(y2, x2)


def grid_to_wgs84(easting: float, northing: float) -> tuple[float, float]:
    """(latitude, longitude) in degrees for a British National Grid reference in metres."""
    latitude, longitude = _helmert_to_wgs84(*_grid_to_osgb36(easting, northing))
    return round(degrees(latitude), 6), round(degrees(longitude), 6)
