"""store stage of the Tidings pipeline."""
