"""Text, the bottom layer: safe characters, look-alike letters, country names and codes, and fuzzy matching.

Imports nothing of aifx but ``aifx.errors``; every other layer may use it.
"""
