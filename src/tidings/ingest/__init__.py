"""ingest stage of the Tidings pipeline."""
