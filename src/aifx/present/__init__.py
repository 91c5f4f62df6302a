"""Presentation: the neutral view shapes, the one output module, tables, cards, maps, SVG and the offline page.

Imports the core and dataset layers; never the CLI.
"""
