"""An offline base map: country outlines from the installed ``countryinfo`` package, drawn as SVG.

The projection is equirectangular in degrees (x = longitude + 180, y = 90 − latitude), so the
SVG's ``viewBox`` zooms the world onto the places of the ledger. Outlines are simplified (0.1°
grid) and read once per process. Nothing is fetched: no tiles, no CDN.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class Country:
    """A country outline: its SVG path (map units) and bounding box (lon/lat)."""

    code: str
    name: str
    path: str
    bbox: tuple[float, float, float, float]  # west, south, east, north
    label_at: tuple[float, float] | None  # lat, lon


@dataclass(frozen=True)
class Point:
    """A place on the map."""

    lat: float
    lon: float
    label: str
    href: str
    weight: int
    kind: str  # "place" or "event"

    @property
    def x(self) -> float:
        """Map x."""
        return round(self.lon + 180, 3)

    @property
    def y(self) -> float:
        """Map y."""
        return round(90 - self.lat, 3)


def _ring(coords: list[list[float]]) -> tuple[str, list[tuple[float, float]]]:
    pts: list[tuple[float, float]] = []
    for lon, lat, *_ in coords:
        p = (round(lon + 180, 1), round(90 - lat, 1))
        if not pts or p != pts[-1]:
            pts.append(p)
    if len(pts) < 4:
        return "", pts
    return "M" + "L".join(f"{x:g},{y:g}" for x, y in pts) + "Z", pts


def _country(info: Any) -> Country | None:
    try:
        geo = info.geo_json()
        code = info.iso()["alpha2"]
        name = info.name()
    except Exception as exc:  # countryinfo raises plain errors for territories without data
        LOGGER.debug("no outline: %s", exc)
        return None
    parts: list[str] = []
    xs: list[float] = []
    ys: list[float] = []
    for feature in geo.get("features", []):
        geom = feature.get("geometry") or {}
        polys = geom.get("coordinates", [])
        if geom.get("type") == "Polygon":
            polys = [polys]
        elif geom.get("type") != "MultiPolygon":
            continue
        for poly in polys:
            for ring in poly:
                d, pts = _ring(ring)
                if d:
                    parts.append(d)
                    xs += [p[0] for p in pts]
                    ys += [p[1] for p in pts]
    if not parts:
        return None
    try:
        lat, lon = info.latlng()
        label: tuple[float, float] | None = (float(lat), float(lon))
    except Exception:  # no centroid in the data
        label = None
    bbox = (min(xs) - 180, 90 - max(ys), max(xs) - 180, 90 - min(ys))
    return Country(
        code=code, name=name.title() if name.islower() else name, path="".join(parts), bbox=bbox, label_at=label
    )


@lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    """Every country outline countryinfo has (read once)."""
    from countryinfo import all_countries

    out = [c for c in (_country(info) for info in all_countries()) if c is not None]
    return tuple(sorted(out, key=lambda c: c.code))


@lru_cache(maxsize=1)
def centroids() -> dict[str, tuple[float, float]]:
    """Country centroids (lat, lon) by ISO alpha-2 code."""
    return {c.code: c.label_at for c in countries() if c.label_at}


@dataclass(frozen=True)
class MapView:
    """The part of the world to draw: a viewBox (map units) and the countries inside it."""

    x: float
    y: float
    width: float
    height: float
    countries: tuple[Country, ...]

    @property
    def view_box(self) -> str:
        """The SVG viewBox."""
        return f"{self.x:g} {self.y:g} {self.width:g} {self.height:g}"

    @property
    def font(self) -> float:
        """A label size that reads the same at every zoom."""
        return round(self.width / 70, 2)

    @property
    def radius(self) -> float:
        """A base marker radius that reads the same at every zoom."""
        return round(self.width / 160, 3)


def view(points: list[Point], min_width: float = 50.0) -> MapView:
    """The smallest 2:1 view holding ``points`` with a margin (the whole world when empty)."""
    if points:
        west, east = min(p.lon for p in points), max(p.lon for p in points)
        south, north = min(p.lat for p in points), max(p.lat for p in points)
        width = max(east - west, (north - south) * 2, min_width) * 1.3
        width = min(width, 360.0)
        height = width / 2
        cx, cy = (west + east) / 2 + 180, 90 - (north + south) / 2
        x = min(max(cx - width / 2, 0.0), 360 - width)
        y = min(max(cy - height / 2, 0.0), 180 - height)
    else:
        x, y, width, height = 0.0, 0.0, 360.0, 180.0
    lon0, lon1, lat1, lat0 = x - 180, x + width - 180, 90 - y, 90 - y - height
    inside = tuple(
        c for c in countries() if c.bbox[0] <= lon1 and c.bbox[2] >= lon0 and c.bbox[1] <= lat1 and c.bbox[3] >= lat0
    )
    return MapView(round(x, 2), round(y, 2), round(width, 2), round(height, 2), inside)
