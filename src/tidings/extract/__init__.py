"""extract stage of the Tidings pipeline."""
