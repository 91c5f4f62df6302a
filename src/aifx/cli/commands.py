"""The one place a command is registered: its name, where its function lives, and its heading in ``aifx --help``.

Names are known without importing the command modules, so that ``aifx list`` imports and builds only ``list``;
``aifx --help`` builds them all. The order here is the order of ``aifx --help``.
"""

from __future__ import annotations

from dataclasses import dataclass

BROWSE, EXPORT = "Browse", "Export"


@dataclass(frozen=True)
class Command:
    """A command: ``aifx [group] name`` runs ``function`` of ``aifx.cli.<module>``."""

    name: str
    module: str
    function: str
    panel: str | None = None


TOP = (
    Command("list", "records", "list_", BROWSE),
    Command("show", "records", "show", BROWSE),
    Command("compare", "records", "compare", BROWSE),
    Command("search", "records", "search", BROWSE),
    Command("waves", "figures", "waves", BROWSE),
    Command("budgets", "figures", "budgets", BROWSE),
    Command("initiatives", "figures", "initiatives", BROWSE),
    Command("gigafactories", "gigafactories", "gigafactories", BROWSE),
    Command("conflicts", "figures", "conflicts", BROWSE),
    Command("timeline", "timeline", "timeline", BROWSE),
    Command("changes", "changes", "changes", BROWSE),
    Command("map", "maps", "map_", BROWSE),
    Command("systems", "systems", "systems", BROWSE),
    Command("compute", "systems", "compute", BROWSE),
    Command("sources", "sources", "sources", BROWSE),
    Command("about", "sources", "about", BROWSE),
    Command("export", "exports", "export", EXPORT),
    Command("serve", "exports", "serve", EXPORT),
    Command("near", "place", "near", BROWSE),
    Command("country", "place", "country", BROWSE),
)
DATA = (
    Command("validate", "curate", "validate"),
    Command("schema", "curate", "schema"),
    Command("set", "curate", "set_"),
    Command("set-claim", "curate", "set_claim"),
    Command("add-claim", "curate", "add_claim"),
    Command("add-source", "curate", "add_source"),
    Command("fmt", "curate", "fmt"),
    Command("stale", "curate", "stale"),
    Command("bump", "curate", "bump"),
)
