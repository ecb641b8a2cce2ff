"""The map layer: places the ledger knows (with coordinates) and the events that happened there.

Places come from the corpus location entities (their gazetteer coordinates); an event is put on
its place's entity when one matches by name, else on its country's centroid. Events with no
place at all are counted, not drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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


def _key(name: str | None) -> str:
    return " ".join((name or "").lower().split())


def layer(ledger: Ledger, *, event_type: str | None = None, world: bool = False, limit: int = 500) -> Layer:
    """The places and events to draw (events of one type only, when given).

    The view zooms on the busiest region unless ``world`` is set.
    """
    locations: list[EntityRow] = [
        e for e in ledger.entities(type="location", limit=limit).items if e.lat is not None and e.lon is not None
    ]
    events = ledger.events(type=event_type, limit=limit).items
    by_name: dict[str, PlaceEvents] = {}
    for e in locations:
        assert e.lat is not None and e.lon is not None
        place = PlaceEvents(e.name, entity_url(e.id), e.lat, e.lon, e.n_mentions)
        for name in [e.name, *e.aliases]:
            by_name.setdefault(_key(name), place)
    centroids = worldmap.centroids()
    unplaced: list[EventRow] = []
    for ev in events:
        spot = by_name.get(_key(ev.place)) or by_name.get(_key(ev.location))
        if spot is None and ev.place_country and ev.place_country in centroids:
            lat, lon = centroids[ev.place_country]
            name = ev.place or ev.place_country
            spot = by_name.setdefault(_key(name), PlaceEvents(name, "#", lat, lon, 0))
        if spot is None:
            unplaced.append(ev)
        else:
            spot.events.append(ev)
    unique = list({id(p): p for p in by_name.values()}.values())
    shown = [p for p in unique if p.events] if event_type else unique
    shown.sort(key=lambda p: (-len(p.events), -p.mentions, p.name))
    points = [
        worldmap.Point(p.lat, p.lon, p.name, p.href, len(p.events), "event" if p.events else "place") for p in shown
    ]
    box = worldmap.view(points if world else worldmap.focus(points))
    worldmap.declutter(points, box)
    return Layer(places=shown, view=box, points=points, unplaced=unplaced)
