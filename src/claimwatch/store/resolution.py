"""Entity resolution in the ledger: which corpus entity each of a document's entities is.

The decision is :func:`claimwatch.link.entities.choose`; this module looks the candidates up by
their match keys, creates the entities that are new and stores the document's entities and
mentions. Kept apart from the writer because it owns the corpus entity tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, func, select, update

from claimwatch.link.aliases import canonical_id, is_generic
from claimwatch.link.aliases import table as alias_table
from claimwatch.link.entities import Candidate, choose, fold, match_keys, slug
from claimwatch.link.places import focus_country
from claimwatch.models import Document, Entity
from claimwatch.store import schema as t
from claimwatch.store.inserts import insert_ignore, returning_ids


def resolve_entities(conn: Connection, row_id: int, doc: Document) -> dict[str, tuple[int, str]]:
    """Resolve the document's entities to corpus entities (creating new ones) and store them."""
    e, a = t.entities.c, t.entity_aliases.c
    keys_of: dict[str, set[str]] = {}
    slug_of: dict[str, str] = {}
    name_of: dict[str, str] = {}
    focus = focus_country(doc)
    for ent in doc.entities:
        keys_of[ent.id], slug_of[ent.id], name_of[ent.id] = link_keys(ent, focus, row_id)
    all_keys = set().union(*keys_of.values()) if keys_of else set()
    hits: dict[int, set[str]] = {}
    info: dict[int, tuple[str, str, int]] = {}
    if all_keys:
        for chunk in _chunks(sorted(all_keys), 500):
            q = (
                select(a.entity_id, a.norm, e.key, e.type, e.n_mentions)
                .join(t.entities, e.id == a.entity_id)
                .where(a.norm.in_(chunk))
            )
            for r in conn.execute(q):
                hits.setdefault(r.entity_id, set()).add(r.norm)
                info[r.entity_id] = (r.key, r.type, r.n_mentions)
    slugs = sorted(set(slug_of.values()))
    if slugs:
        for k in conn.execute(select(e.id, e.key, e.type, e.n_mentions).where(e.key.in_(slugs))):
            hits.setdefault(k.id, set())
            info[k.id] = (k.key, k.type, k.n_mentions)
    resolved: dict[str, tuple[int, str]] = {}
    for ent in doc.entities:
        mine = keys_of[ent.id]
        cands = [
            Candidate(eid, info[eid][0], info[eid][1], info[eid][2], frozenset(h & mine))
            for eid, h in hits.items()
            if (h & mine) or info[eid][0] == slug_of[ent.id]
        ]
        best = choose(slug_of[ent.id], ent.type, ent.name, cands)
        if best is None:
            key = free_key(conn, slug_of[ent.id], ent.type)
            eid = conn.execute(
                t.entities.insert().returning(e.id),
                {
                    "key": key,
                    "name": name_of[ent.id],
                    "type": ent.type,
                    "role": ent.role,
                    "country": ent.country,
                    "lat": ent.lat,
                    "lon": ent.lon,
                },
            ).scalar_one()
            # later entities of this document can join the one just created
            hits[eid] = set(mine)
            info[eid] = (key, ent.type, 0)
            best = Candidate(eid, key, ent.type, 0, frozenset(mine))
        else:
            hits[best.id] = hits.get(best.id, set()) | mine
        resolved[ent.id] = (best.id, best.key)
    alias_rows = []
    stats: dict[int, dict[str, Any]] = {}
    for ent in doc.entities:
        eid = resolved[ent.id][0]
        for surface in {ent.name, *ent.aliases}:
            norm = fold(surface)
            if len(norm) >= 2:
                alias_rows.append({"entity_id": eid, "alias": surface, "norm": norm[:255]})
        for pk in (k for k in keys_of[ent.id] if k.startswith("p:")):
            alias_rows.append({"entity_id": eid, "alias": pk, "norm": pk[:255]})
        s = stats.setdefault(eid, {"b_id": eid, "b_m": 0, "b_role": None, "b_cc": None, "b_lat": None, "b_lon": None})
        s["b_m"] += len(ent.mentions)
        s["b_role"] = s["b_role"] or ent.role
        s["b_cc"] = s["b_cc"] or ent.country
        if s["b_lat"] is None and ent.lat is not None and ent.lon is not None:
            s["b_lat"], s["b_lon"] = ent.lat, ent.lon
    insert_ignore(conn, t.entity_aliases, _unique(alias_rows, ("entity_id", "norm")))
    if stats:
        conn.execute(
            update(t.entities)
            .where(e.id == bindparam("b_id"))
            .values(
                n_documents=e.n_documents + 1,
                n_mentions=e.n_mentions + bindparam("b_m"),
                role=func.coalesce(e.role, bindparam("b_role")),
                country=func.coalesce(e.country, bindparam("b_cc")),
                lat=func.coalesce(e.lat, bindparam("b_lat")),
                lon=func.coalesce(e.lon, bindparam("b_lon")),
            ),
            list(stats.values()),
        )
    de_ids = returning_ids(
        conn,
        t.doc_entities,
        [
            {
                "document_id": row_id,
                "idx": i,
                "entity_id": resolved[ent.id][0],
                "local_id": ent.id,
                "name": ent.name,
                "type": ent.type,
                "aliases": list(ent.aliases),
                "role": ent.role,
                "country": ent.country,
                "lat": ent.lat,
                "lon": ent.lon,
                "direction": ent.direction,
                "feature": ent.feature,
            }
            for i, ent in enumerate(doc.entities)
        ],
    )
    mention_rows = [
        {
            "document_id": row_id,
            "doc_entity_id": de_id,
            "entity_id": resolved[ent.id][0],
            "surface": doc.text[s:e_],
            "char_start": s,
            "char_end": e_,
        }
        for de_id, ent in zip(de_ids, doc.entities, strict=True)
        for s, e_ in ent.mentions
    ]
    if mention_rows:
        conn.execute(t.mentions.insert(), mention_rows)
    return resolved


def free_key(conn: Connection, key: str, type_: str) -> str:
    e = t.entities.c
    taken = set(conn.scalars(select(e.key).where(e.key.like(f"{key}%"))))
    if key not in taken:
        return key
    for n in range(2, 10_000):
        candidate = f"{key}-{type_}" if n == 2 else f"{key}-{n}"
        if candidate not in taken:
            return candidate
    raise AssertionError("unreachable")


def link_keys(ent: Entity, focus: str | None, row_id: int) -> tuple[set[str], str, str]:
    """An entity's match keys, corpus key and name, with the standard alias table applied.

    A name the table knows ("IS-K") takes the canonical id and every spelling of its entry; a
    generic noun ("the army") matches only the same noun in the same country (its own country,
    else the document's), and nothing when no country is known; every other name matches on its
    spellings minus the generic words.
    """
    gid = canonical_id(ent.name, ent.aliases) if ent.type != "location" else None
    if gid:
        tab = alias_table()
        return match_keys(ent.name, ent.aliases, ent.type) | set(tab.aliases[gid]), gid, tab.names[gid]
    if ent.type != "person" and ent.type != "location" and is_generic(ent.name):
        country = ent.country or focus
        if country:
            return {f"g:{fold(ent.name)}@{country.lower()}"}, f"{slug(ent.name)}-{country.lower()}", ent.name
        return set(), f"{slug(ent.name)}-d{row_id}", ent.name  # whose, nobody can tell: its own
    generic = alias_table().generic
    keys = {k for k in match_keys(ent.name, ent.aliases, ent.type) if k not in generic}
    return keys, canonical_key(ent.id, ent.name, ent.aliases), ent.name


def canonical_key(local_id: str, name: str, aliases: Sequence[str]) -> str:
    """The corpus key: the extractor's id when it is a readable slug of the name, else the name's slug."""
    words = set(fold(name).split()) | {w for a in aliases for w in fold(a).split()}
    if local_id and set(fold(local_id.replace("-", " ")).split()) & words:
        return slug(local_id.replace("-", " "))[:200]
    return slug(name)[:200]


def name_index(doc: Document) -> dict[str, str]:
    index: dict[str, str] = {}
    for ent in doc.entities:
        for surface in (ent.name, *ent.aliases):
            index.setdefault(fold(surface), ent.id)
    return index


def _unique(rows: list[dict[str, Any]], key: tuple[str, ...]) -> list[dict[str, Any]]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for r in rows:
        k = tuple(r[x] for x in key)
        if k not in seen:
            seen.add(k)
            out.append(r)
    return out


def _chunks(items: list[str], n: int) -> Iterable[list[str]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]
