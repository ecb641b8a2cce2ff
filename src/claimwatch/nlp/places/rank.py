"""One ranking of a mention's candidate places against the article: prior, countries, nearby places.

The gazetteer's prior (:meth:`Gazetteer.resolve_ranked`) already weighs the feature level,
population and the countries the article is about. What it cannot know is the rest of the
article: "Riverdale" in a story that also names Morris County is the New Jersey one, "Dundalk"
beside Dublin is the Irish town. :func:`rerank` adds a bonus for candidates near the places the
article has already resolved (towns and subdivisions, not country centroids) and for US places in
a state the article names.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from claimwatch.nlp.places.index import Place

#: (distance in km, bonus): the first band a candidate's nearest resolved place falls in
NEAR_BANDS: tuple[tuple[float, float], ...] = ((50.0, 3.0), (200.0, 2.0), (600.0, 1.0))
SAME_STATE_BONUS = 2.0
#: features precise enough to anchor others (country and region centroids say little)
ANCHOR_FEATURES = frozenset({"city", "admin1", "admin2", "us_state"})


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    d = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(min(1.0, math.sqrt(d)))


def proximity_bonus(place: Place, anchors: Sequence[tuple[float, float]]) -> float:
    """The bonus of the nearest anchor's distance band (0 when none is near or it has no point)."""
    if place.lat is None or place.lon is None or not anchors:
        return 0.0
    d = min(km(place.lat, place.lon, lat, lon) for lat, lon in anchors)
    return next((bonus for limit, bonus in NEAR_BANDS if d <= limit), 0.0)


def rerank(
    ranked: Sequence[tuple[Place, float]], anchors: Sequence[tuple[float, float]], states: Iterable[str] = ()
) -> Place | None:
    """The candidate with the best prior plus nearness to ``anchors`` and to the ``states`` named."""
    if not ranked:
        return None
    named = set(states)

    def total(item: tuple[Place, float]) -> float:
        place, prior = item
        bonus = proximity_bonus(place, anchors)
        if place.country == "US" and place.admin1 and place.admin1 in named and place.feature != "us_state":
            bonus += SAME_STATE_BONUS
        return prior + bonus

    return max(ranked, key=total)[0]  # max keeps the first of equals: the prior's order
