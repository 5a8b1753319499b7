"""Hashtags with evidence: concepts, places, actors and emerging keyphrases."""
