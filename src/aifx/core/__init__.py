"""Questions over a Catalog: fields and values, filters, search and suggestions, history, budgets, compute, places.

Imports the dataset layer only; returns domain values, never tables or text for a screen.
"""
