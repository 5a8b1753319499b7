"""enrich stage of the Tidings pipeline: language, section and hashtags with evidence."""

from tidings.enrich.engine import Enricher

__all__ = ["Enricher"]
