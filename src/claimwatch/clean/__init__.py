"""The clean stage: from raw text or HTML to an article body with title, date, language and related stubs.

* :func:`clean_text` — plain text (see :mod:`claimwatch.clean.furniture`);
* :func:`clean_html` — HTML pages through trafilatura, then the same furniture detector
  (see :mod:`claimwatch.clean.html`).

Both return a :class:`Cleaned`.
"""

from __future__ import annotations

from claimwatch.clean.furniture import Cleaned, clean_text
from claimwatch.clean.html import clean_html

__all__ = ["Cleaned", "clean_html", "clean_text"]
