"""Tidings: a self-hostable news aggregator.

Pipeline: ingest (feeds, sitemaps, pages, archives) -> extract (full text and
metadata) -> enrich (language, section, hashtags, stories) -> store (SQLite or
PostgreSQL) -> web (pages, feeds, JSON API).
"""

__version__ = "0.1.0"
