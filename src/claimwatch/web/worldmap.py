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


@dataclass
class Point:
    """A place on the map."""

    lat: float
    lon: float
    label: str
    href: str
    weight: int
    kind: str  # "place" or "event"
    show_label: bool = True

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

    def labelled(self, country: Country) -> bool:
        """Whether a country is big enough in this view to carry its name."""
        if country.label_at is None:
            return False
        lat, lon = country.label_at
        inside = self.x <= lon + 180 <= self.x + self.width and self.y <= 90 - lat <= self.y + self.height
        return inside and (country.bbox[2] - country.bbox[0]) >= self.width / 14


def focus(points: list[Point], reach: tuple[float, float] = (45.0, 28.0)) -> list[Point]:
    """The points around the busiest part of the map (where most events are)."""
    if not points:
        return points

    def near(p: Point, q: Point, scale: float) -> bool:
        return abs(p.lon - q.lon) <= reach[0] * scale and abs(p.lat - q.lat) <= reach[1] * scale

    best = max(points, key=lambda p: sum(1 + 3 * q.weight for q in points if near(p, q, 0.6)))
    return [q for q in points if near(best, q, 1.0)]


def declutter(points: list[Point], box: MapView) -> None:
    """Keep the labels of the heaviest points where they do not overlap (sets ``show_label``)."""
    taken: list[tuple[float, float, float]] = []
    char_w, line_h = box.font * 0.6, box.font * 1.3
    for p in sorted(points, key=lambda p: -p.weight):
        half = len(p.label) * char_w / 2
        clash = any(abs(p.x - x) < half + w and abs(p.y - y) < line_h for x, y, w in taken)
        p.show_label = not clash
        if not clash:
            taken.append((p.x, p.y, half))


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
