"""Events as ACLED-style rows (CSV), one per event, with the document and offsets they came from.

The columns follow ACLED's export (``event_id_cnty``, ``event_date``, ``event_type``,
``sub_event_type``, ``actor1``, ``actor2``, ``country``, ``location``, ``latitude``,
``longitude``, ``source``, ``notes``, ``fatalities``, …) so the rows load next to ACLED data;
``claimwatch_*`` columns keep the provenance. Event types map as in :data:`EVENT_TYPES`;
``fatalities`` is the killed count the article reports (0 when it reports none).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import IO, Any

from sqlalchemy import select

from claimwatch.link import places
from claimwatch.store import schema as t
from claimwatch.store.ledger import Ledger

# claimwatch event type → (ACLED event_type, sub_event_type)
EVENT_TYPES = {
    "attack": ("Battles", "Armed clash"),
    "security_operation": ("Battles", "Armed clash"),
    "arrest": ("Strategic developments", "Arrests"),
    "surrender": ("Strategic developments", "Non-violent transfer of territory"),
    "meeting": ("Strategic developments", "Agreement"),
    "denial": ("Strategic developments", "Other"),
    "accusation": ("Strategic developments", "Other"),
    "threat": ("Strategic developments", "Other"),
    "other": ("Strategic developments", "Other"),
}

COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "iso",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "claimwatch_document",
    "claimwatch_plover",
    "claimwatch_char_start",
    "claimwatch_char_end",
]


def _iso_numeric(alpha2: str | None) -> str:
    if not alpha2:
        return ""
    import pycountry

    c = pycountry.countries.get(alpha_2=alpha2)
    return str(int(c.numeric)) if c else ""


def iter_acled(ledger: Ledger) -> Iterator[dict[str, Any]]:
    """Every event of the current documents as an ACLED-style row, oldest first."""
    ev, d, e = t.events.c, t.documents.c, t.entities.c
    q = (
        select(
            ev.id,
            ev.type,
            ev.plover,
            ev.text,
            ev.actors,
            ev.targets,
            ev.location,
            ev.place,
            ev.place_country,
            ev.date,
            ev.event_date,
            ev.killed,
            ev.injured,
            ev.arrested,
            ev.char_start,
            ev.char_end,
            d.doc_id,
            d.outlet,
            d.source,
            d.published,
            e.lat,
            e.lon,
            e.type.label("place_type"),
        )
        .select_from(
            t.events.join(t.documents, d.id == ev.document_id).outerjoin(t.entities, e.id == ev.place_entity_id)
        )
        .where(d.is_current)
        .order_by(ev.date, ev.id)
    )
    with ledger.engine.connect() as conn:
        for r in conn.execute(q):
            etype, sub = EVENT_TYPES.get(r.type, EVENT_TYPES["other"])
            actors, targets = list(r.actors or []), list(r.targets or [])
            country = places.country_name(r.place_country) if r.place_country else None
            is_country = bool(country) and (r.place or "") == country
            notes = r.text
            extra = [f"{n} {w}" for n, w in ((r.injured, "injured"), (r.arrested, "arrested")) if n]
            if extra:
                notes += f" [{', '.join(extra)}]"
            yield {
                "event_id_cnty": f"{r.place_country or 'XX'}{r.id}",
                "event_date": r.date.isoformat() if r.date else "",
                "year": r.date.year if r.date else "",
                "time_precision": 1 if r.event_date else 2,
                "event_type": etype,
                "sub_event_type": sub,
                "actor1": actors[0] if actors else "",
                "assoc_actor_1": "; ".join(actors[1:]),
                "actor2": targets[0] if targets else "",
                "assoc_actor_2": "; ".join(targets[1:]),
                "iso": _iso_numeric(r.place_country),
                "country": country or "",
                "admin1": "" if is_country else (r.place or ""),
                "location": r.place or r.location or "",
                "latitude": "" if r.lat is None else r.lat,
                "longitude": "" if r.lon is None else r.lon,
                "geo_precision": 3 if is_country or r.lat is None else 1,
                "source": r.outlet or r.source or "",
                "source_scale": "",
                "notes": notes,
                "fatalities": r.killed or 0,
                "tags": r.type,
                "claimwatch_document": r.doc_id,
                "claimwatch_plover": r.plover or "",
                "claimwatch_char_start": r.char_start,
                "claimwatch_char_end": r.char_end,
            }


def write_acled(ledger: Ledger, out: IO[str]) -> int:
    """Write the ACLED-style CSV; returns the number of rows."""
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    n = 0
    for row in iter_acled(ledger):
        writer.writerow(row)
        n += 1
    return n
