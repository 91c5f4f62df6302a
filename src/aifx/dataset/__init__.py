"""The dataset: models, the one list of collections, reading and writing YAML, loading and checks, cache, edits.

Imports the text layer and ``aifx.errors`` only.
"""
