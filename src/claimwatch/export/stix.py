"""STIX 2.1 bundles, hand-written (no stix2 dependency), that survive a round trip.

========================  ===========================================================================
ledger                    STIX 2.1
========================  ===========================================================================
claimwatch itself         ``identity`` (the producer, ``created_by_ref`` of everything)
person / organisation     ``identity`` (``identity_class`` individual / organization)
armed group               ``threat-actor`` (with aliases)
place                     ``location`` (country, latitude/longitude; places with neither are left out)
document                  ``report`` (name, published, description = article text, source URL)
claim / quote / event     ``note`` (``content`` = the words, ``authors`` = speaker, ``object_refs`` =
                          report, subject, speaker, place; ``x_claimwatch_item`` = the contract item)
denial / conflict         ``relationship`` ``denies`` / ``contradicts`` between notes
series place              ``relationship`` threat-actor ``located-at`` location
========================  ===========================================================================

Identifiers are UUIDv5 of stable keys, so exporting twice gives the same ids, and
:func:`read_bundle` turns a bundle back into contract documents that ingest to the same ledger.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import defaultdict
from collections.abc import Iterable
from typing import IO, Any

from sqlalchemy import select

from claimwatch.errors import SourceError
from claimwatch.export.jsonl import iter_documents
from claimwatch.link import places
from claimwatch.models import Document
from claimwatch.store import schema as t
from claimwatch.store.ledger import Ledger
from claimwatch.store.rows import StoredDocument

NAMESPACE = uuid.UUID("6f1c5c2e-43a4-5bd4-9a55-5b3c1f0c9a11")
SPEC = "2.1"
EPOCH = "1970-01-01T00:00:00.000Z"


def stix_id(kind: str, key: str) -> str:
    """A deterministic STIX id: ``kind--uuid5(key)``."""
    return f"{kind}--{uuid.uuid5(NAMESPACE, f'{kind}:{key}')}"


def _ts(value: dt.date | dt.datetime | str | None) -> str:
    if value is None:
        return EPOCH
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return f"{value.isoformat()}T00:00:00.000Z"


PRODUCER = {
    "type": "identity",
    "spec_version": SPEC,
    "id": stix_id("identity", "claimwatch"),
    "created": EPOCH,
    "modified": EPOCH,
    "name": "claimwatch",
    "identity_class": "system",
}


def _base(kind: str, key: str, when: str) -> dict[str, Any]:
    return {
        "type": kind,
        "spec_version": SPEC,
        "id": stix_id(kind, key),
        "created": when,
        "modified": when,
        "created_by_ref": PRODUCER["id"],
    }


def _entity_objects(ledger: Ledger) -> dict[str, dict[str, Any]]:
    """Corpus entities as STIX objects, by entity key."""
    out: dict[str, dict[str, Any]] = {}
    e, a = t.entities.c, t.entity_aliases.c
    with ledger.engine.connect() as conn:
        aliases: dict[int, list[str]] = defaultdict(list)
        for r in conn.execute(select(a.entity_id, a.alias).where(~a.norm.like("p:%")).order_by(a.id)):
            aliases[r.entity_id].append(r.alias)
        for r in conn.execute(select(t.entities).order_by(e.id)):
            names = [x for x in aliases[r.id] if x != r.name]
            if r.type == "armed_group":
                obj = _base("threat-actor", r.key, EPOCH) | {"name": r.name, "threat_actor_types": ["unknown"]}
                if names:
                    obj["aliases"] = names
            elif r.type == "location":
                if not r.country and (r.lat is None or r.lon is None):
                    continue
                obj = _base("location", r.key, EPOCH) | {"name": r.name}
                if r.country:
                    obj["country"] = r.country
                if r.lat is not None and r.lon is not None:
                    obj["latitude"], obj["longitude"] = r.lat, r.lon
            else:
                cls = "individual" if r.type == "person" else "organization" if r.type == "organization" else "unknown"
                obj = _base("identity", r.key, EPOCH) | {"name": r.name, "identity_class": cls}
                if r.role:
                    obj["description"] = r.role
            obj["x_claimwatch_entity"] = {"key": r.key, "type": r.type, "aliases": names, "role": r.role}
            out[r.key] = obj
    return out


def _entity_keys(ledger: Ledger) -> dict[tuple[str, str], str]:
    """(doc id, local entity id) → corpus entity key."""
    d, de, e = t.documents.c, t.doc_entities.c, t.entities.c
    q = (
        select(d.doc_id, de.local_id, e.key)
        .select_from(t.doc_entities.join(t.documents, d.id == de.document_id).join(t.entities, e.id == de.entity_id))
        .where(d.is_current)
    )
    with ledger.engine.connect() as conn:
        return {(r.doc_id, r.local_id): r.key for r in conn.execute(q)}


def build_bundle(ledger: Ledger) -> dict[str, Any]:
    """The whole ledger (current documents) as one STIX 2.1 bundle."""
    ents = _entity_objects(ledger)
    keys = _entity_keys(ledger)
    objects: list[dict[str, Any]] = [PRODUCER]
    used: set[str] = set()
    notes_by_item: dict[tuple[str, str, int], str] = {}
    for doc in iter_documents(ledger):
        objects += _document_objects(doc, ents, keys, used, notes_by_item)
    objects += [ents[k] for k in sorted(used)]
    objects += _relationships(ledger, notes_by_item, ents)
    return {"type": "bundle", "id": stix_id("bundle", "claimwatch-ledger"), "objects": objects}


def _document_objects(
    doc: StoredDocument,
    ents: dict[str, dict[str, Any]],
    keys: dict[tuple[str, str], str],
    used: set[str],
    notes_by_item: dict[tuple[str, str, int], str],
) -> list[dict[str, Any]]:
    when = _ts(doc.published) if doc.published else _ts(doc.first_seen)
    report_id = stix_id("report", doc.id)
    local_ref: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for ent in doc.entities:
        key = keys.get((doc.id, ent.id))
        if key and key in ents:
            local_ref[ent.id] = ents[key]["id"]
            used.add(key)
            for n in (ent.name, *ent.aliases):
                by_name.setdefault(n.casefold(), ents[key]["id"])

    def refs(*pairs: tuple[str | None, str | None]) -> list[str]:
        out = [report_id]
        for local, name in pairs:
            ref = local_ref.get(local or "") or by_name.get((name or "").casefold())
            if ref and ref not in out:
                out.append(ref)
        return out

    notes: list[dict[str, Any]] = []

    def note(kind: str, i: int, content: str, author: str | None, object_refs: list[str], item: Any) -> None:
        obj = _base("note", f"{doc.id}:{kind}:{i}", when) | {
            "abstract": f"{kind} {i + 1} of {doc.id}",
            "content": content,
            "object_refs": object_refs,
            "x_claimwatch_item": {"item": kind, "index": i, "fields": item.model_dump(mode="json")},
        }
        if author:
            obj["authors"] = [author]
        notes.append(obj)
        notes_by_item[(doc.id, kind, i)] = obj["id"]

    for i, c in enumerate(doc.claims):
        note(
            "claim",
            i,
            c.text,
            c.speaker,
            refs((c.subject_id, c.subject), (c.speaker_id, c.speaker), (None, c.location)),
            c,
        )
    for i, q in enumerate(doc.quotes):
        note("quote", i, q.text, q.speaker, refs((q.speaker_id, q.speaker)), q)
    for i, ev in enumerate(doc.events):
        pairs = [(None, n) for n in (*ev.actors, *ev.targets, ev.location)]
        note("event", i, ev.text, None, refs(*pairs), ev)
    report = _base("report", doc.id, when) | {
        "name": doc.title or doc.id,
        "published": when,
        "report_types": ["threat-report"],
        "description": doc.text,
        "object_refs": sorted(set(local_ref.values())) + [n["id"] for n in notes] or [PRODUCER["id"]],
        "x_claimwatch_document": {
            "id": doc.id,
            "source": doc.source,
            "published": doc.published,
            "language": doc.language,
            "outlet": doc.outlet,
            "removed": doc.removed,
            "related": [r.model_dump(mode="json") for r in doc.related],
            "entities": [{**ent.model_dump(mode="json"), "ref": local_ref.get(ent.id)} for ent in doc.entities],
        },
    }
    if doc.source and "://" in doc.source:
        report["external_references"] = [{"source_name": doc.outlet or "source", "url": doc.source}]
    return [report, *notes]


def _relationships(
    ledger: Ledger, notes_by_item: dict[tuple[str, str, int], str], ents: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    x, c, d, s, e = t.contradictions.c, t.claims.c, t.documents.c, t.series.c, t.entities.c
    c2, d2 = t.claims.alias("c2"), t.documents.alias("d2")
    ev, qu = t.events.c, t.quotes.c
    q = (
        select(
            x.kind,
            x.detail,
            d.doc_id,
            c.idx,
            d2.c.doc_id.label("other_doc"),
            c2.c.idx.label("other_idx"),
            ev.idx.label("event_idx"),
            qu.idx.label("quote_idx"),
        )
        .select_from(
            t.contradictions.join(t.claims, c.id == x.claim_id)
            .join(t.documents, d.id == c.document_id)
            .outerjoin(c2, c2.c.id == x.other_claim_id)
            .outerjoin(d2, d2.c.id == c2.c.document_id)
            .outerjoin(t.events, ev.id == x.event_id)
            .outerjoin(t.quotes, qu.id == x.quote_id)
        )
        .where(d.is_current)
        .order_by(x.id)
    )
    out = []
    with ledger.engine.connect() as conn:
        for r in conn.execute(q):
            target = notes_by_item.get((r.doc_id, "claim", r.idx))
            if target is None:
                continue
            if r.kind == "denial":
                source = (
                    notes_by_item.get((r.doc_id, "event", r.event_idx))
                    or notes_by_item.get((r.doc_id, "quote", r.quote_idx))
                    or stix_id("report", r.doc_id)
                )
                rel_type = "denies"
            else:
                other = notes_by_item.get((r.other_doc, "claim", r.other_idx))
                if other is None:
                    continue
                source, rel_type = other, "contradicts"
            out.append(
                _base("relationship", f"{rel_type}:{source}:{target}", EPOCH)
                | {
                    "relationship_type": rel_type,
                    "source_ref": source,
                    "target_ref": target,
                    "description": r.detail or "",
                }
            )
        countries: dict[str, str] = {}
        for o in ents.values():
            # a country's own object wins over its cities
            if (o["type"] == "location" and o.get("country")) and (
                o["country"] not in countries or o["name"] == places.country_name(o["country"])
            ):
                countries[o["country"]] = o["id"]
        sq = (
            select(e.key, s.place_country)
            .select_from(t.series.join(t.entities, e.id == s.subject_entity_id))
            .where(s.place_country.is_not(None), s.n_claims > 0)
            .distinct()
            .order_by(e.key, s.place_country)
        )
        for key, country in conn.execute(sq):
            actor, loc = ents.get(key), countries.get(country)
            if actor and actor["type"] == "threat-actor" and loc:
                out.append(
                    _base("relationship", f"located-at:{actor['id']}:{loc}", EPOCH)
                    | {"relationship_type": "located-at", "source_ref": actor["id"], "target_ref": loc}
                )
    return out


def write_bundle(ledger: Ledger, out: IO[str]) -> int:
    """Write the bundle as JSON; returns the number of objects."""
    bundle = build_bundle(ledger)
    json.dump(bundle, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return len(bundle["objects"])


def read_bundle(bundle: dict[str, Any] | str) -> list[Document]:
    """Contract documents back from a bundle made by :func:`build_bundle`.

    Raises:
        SourceError: the bundle is not a claimwatch STIX bundle.
    """
    data = json.loads(bundle) if isinstance(bundle, str) else bundle
    if data.get("type") != "bundle":
        raise SourceError("not a STIX bundle", source="stix")
    objects = data.get("objects", [])
    notes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for o in objects:
        if o.get("type") == "note" and "x_claimwatch_item" in o:
            notes[o["object_refs"][0]].append(o["x_claimwatch_item"])
    docs = []
    for o in objects:
        meta = o.get("x_claimwatch_document") if o.get("type") == "report" else None
        if not meta:
            continue
        items: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for item in sorted(notes[o["id"]], key=lambda i: (i["item"], i["index"])):
            items[item["item"]].append(item["fields"])
        entities = [{k: v for k, v in ent.items() if k != "ref"} for ent in meta.get("entities", [])]
        docs.append(
            Document.model_validate(
                {
                    "id": meta["id"],
                    "source": meta.get("source"),
                    "title": None if o.get("name") == meta["id"] else o.get("name"),
                    "published": meta.get("published"),
                    "language": meta.get("language") or "en",
                    "text": o.get("description", ""),
                    "entities": entities,
                    "claims": items["claim"],
                    "quotes": items["quote"],
                    "events": items["event"],
                    "related": meta.get("related", []),
                    "removed": meta.get("removed", []),
                }
            )
        )
    return docs


def iter_objects(bundle: dict[str, Any], kind: str) -> Iterable[dict[str, Any]]:
    """The objects of one STIX type in a bundle."""
    return (o for o in bundle.get("objects", []) if o.get("type") == kind)
