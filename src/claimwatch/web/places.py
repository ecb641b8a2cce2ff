"""The map layer: places the ledger knows (with coordinates) and the events that happened there.

Places come from the corpus location entities (their gazetteer coordinates); an event is put on
its place's entity when one matches by name, on its country's centroid only when the place *is*
the country. A place the gazetteer could not resolve (a village it does not know) is never
dropped on the country's centroid: it is listed, with its country and its events, beside the map,
and so are the location entities that have no coordinates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from claimwatch.link.places import country_name
from claimwatch.store.ledger import Ledger
from claimwatch.store.rows import EntityRow, EventRow
from claimwatch.web import worldmap
from claimwatch.web.links import entity_url

EVENT_TYPES = [
    "attack",
    "security_operation",
    "arrest",
    "surrender",
    "meeting",
    "denial",
    "accusation",
    "threat",
    "other",
]


@dataclass
class PlaceEvents:
    """A place on the map with the events placed on it."""

    name: str
    href: str
    lat: float
    lon: float
    mentions: int
    events: list[EventRow] = field(default_factory=list)


@dataclass
class Layer:
    """What the map page draws and lists."""

    places: list[PlaceEvents]
    view: worldmap.MapView
    points: list[worldmap.Point]
    unplaced: list[EventRow]
    unresolved: list[Unresolved] = field(default_factory=list)


@dataclass
class Unresolved:
    """A place named in the articles that has no coordinates: listed, not drawn."""

    name: str
    country: str | None
    href: str | None
    events: list[EventRow] = field(default_factory=list)


def _key(name: str | None) -> str:
    return " ".join((name or "").lower().split())


def layer(ledger: Ledger, *, event_type: str | None = None, world: bool = False, limit: int = 500) -> Layer:
    """The places and events to draw (events of one type only, when given).

    The view zooms on the busiest region unless ``world`` is set.
    """
    every = ledger.entities(type="location", limit=limit).items
    locations: list[EntityRow] = [e for e in every if e.lat is not None and e.lon is not None]
    events = ledger.events(type=event_type, limit=limit).items
    by_name: dict[str, PlaceEvents] = {}
    for e in locations:
        assert e.lat is not None and e.lon is not None
        place = PlaceEvents(e.name, entity_url(e.id), e.lat, e.lon, e.n_mentions)
        for name in [e.name, *e.aliases]:
            by_name.setdefault(_key(name), place)
    centroids = worldmap.centroids()
    unplaced: list[EventRow] = []
    unresolved: dict[str, Unresolved] = {}
    for e in every:
        if e.lat is None or e.lon is None:
            unresolved.setdefault(_key(e.name), Unresolved(e.name, e.country, entity_url(e.id)))
    for ev in events:
        spot = by_name.get(_key(ev.place)) or by_name.get(_key(ev.location))
        country = ev.place_country
        is_country = bool(country) and _key(ev.place or ev.location) in {_key(country_name(country or "")), ""}
        if spot is None and country and country in centroids and is_country:
            lat, lon = centroids[country]
            name = country_name(country) or country
            spot = by_name.setdefault(_key(name), PlaceEvents(name, "#", lat, lon, 0))
        if spot is not None:
            spot.events.append(ev)
        elif ev.place or ev.location:
            name = (ev.place or ev.location or "").strip()
            unresolved.setdefault(_key(name), Unresolved(name, country, None)).events.append(ev)
        else:
            unplaced.append(ev)
    unique = list({id(p): p for p in by_name.values()}.values())
    shown = [p for p in unique if p.events] if event_type else unique
    shown.sort(key=lambda p: (-len(p.events), -p.mentions, p.name))
    points = [
        worldmap.Point(p.lat, p.lon, p.name, p.href, len(p.events), "event" if p.events else "place") for p in shown
    ]
    box = worldmap.view(points if world else worldmap.focus(points))
    worldmap.declutter(points, box)
    missing = sorted(unresolved.values(), key=lambda u: (-len(u.events), u.name.lower()))
    if event_type:
        missing = [u for u in missing if u.events]
    return Layer(places=shown, view=box, points=points, unplaced=unplaced, unresolved=missing)
