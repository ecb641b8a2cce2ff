"""What a name in a filter stands for: the corpus entities, with the standard alias table applied.

``claims --subject IS-K`` finds the figures filed under Islamic State Khorasan Province: the
name is expanded to every spelling of its entry in :mod:`claimwatch.link.aliases` before it is
looked up among the aliases the ledger has seen, and the canonical key is tried as well.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, func, or_, select

from claimwatch.link.aliases import expand
from claimwatch.link.aliases import table as alias_table
from claimwatch.link.entities import fold, person_key, slug
from claimwatch.link.places import country_code
from claimwatch.store import schema as t
from claimwatch.store.paging import Alternatives

E = t.entities


def entity_ids(conn: Connection, text: str, types: Sequence[str] | None = None) -> list[int]:
    """Corpus entities a name, alias or key stands for (``ISIS`` → Islamic State's id).

    A name of the standard alias table stands for every spelling of its entry and for the entry's
    canonical key; an entity filed under another entry of the table is left out, so ``ISKP``
    never answers with Islamic State's own figures even where one article merged the two.
    """
    norm = fold(text)
    keys = expand(text) | {norm}
    pk = person_key(text)
    if pk:
        keys.add(pk)
    a = t.entity_aliases.c
    match: ColumnElement[bool] = a.norm.in_(sorted(k for k in keys if k))
    if norm and " " not in norm:  # a surname alone finds the people who bear it
        match = or_(match, a.norm.like(f"p:_ {norm}"))
    tab = alias_table()
    gid = tab.lookup(text)
    wanted_keys = sorted({slug(text), *([gid] if gid else [])})
    q = select(a.entity_id).where(match).union(select(E.c.id).where(E.c.key.in_(wanted_keys)))
    ids = sorted({r[0] for r in conn.execute(q)})
    if gid and ids:
        others = {k for k in tab.names if k != gid}
        ids = sorted(i for i, k in conn.execute(select(E.c.id, E.c.key).where(E.c.id.in_(ids))) if k not in others)
    if types and ids:
        ids = sorted(conn.scalars(select(E.c.id).where(E.c.id.in_(ids), E.c.type.in_(list(types)))))
    return ids


def place_alternatives(conn: Connection, place: str, country_col: Any, entity_col: Any, name_col: Any) -> Alternatives:
    """What a place filter matches: a country code, or the place's entities and its name."""
    code = country_code(place)
    if code:
        return [country_col == code]
    ids = entity_ids(conn, place, ["location"])
    return [*(entity_col == i for i in ids), func.lower(name_col) == place.strip().lower()]


def entity_alternatives(conn: Connection, text: str, id_col: Any, name_col: Any) -> Alternatives:
    """What a subject or speaker filter matches: the name's entities, else the name itself."""
    ids = entity_ids(conn, text)
    return [id_col == i for i in ids] if ids else [func.lower(name_col) == text.strip().lower()]
