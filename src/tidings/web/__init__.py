"""web stage of the Tidings pipeline."""
