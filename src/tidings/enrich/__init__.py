"""enrich stage of the Tidings pipeline."""
