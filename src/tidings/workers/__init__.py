"""workers stage of the Tidings pipeline."""
