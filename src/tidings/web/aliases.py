"""Which tag a slug stands for, when the tagger's synonym table is installed.

The tags package (``tidings.enrich.tags.aliases``) folds synonyms ("USA" ->
"UnitedStates"); the tag page redirects an alias to its tag. Without that
package every slug stands for itself and no page redirects.
"""

from __future__ import annotations

from collections.abc import Callable

try:
    from tidings.enrich.tags.aliases import canonical_tag as _canonical_tag
except ImportError:  # the tags package is not merged into this installation
    _canonical_tag = None

canonical_tag: Callable[[str], str] | None = _canonical_tag


def redirect_target(slug: str) -> str | None:
    """The canonical slug when ``slug`` is an alias of another tag, else None."""
    if canonical_tag is None:
        return None
    canonical = canonical_tag(slug)
    return canonical if canonical != slug else None
