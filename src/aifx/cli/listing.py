"""The one listing pipeline every listing command shares: --where, then --sort, then --limit, then emit."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from aifx.cli.common import say
from aifx.errors import UsageError

if TYPE_CHECKING:
    from aifx.cli.output import Output
    from aifx.core.fields import Registry
    from aifx.core.query import Where
    from aifx.dataset.catalog import Catalog
    from aifx.present.views import View

T = TypeVar("T")


@dataclass(frozen=True)
class Query(Generic[T]):
    """A listing's options, checked before the data is read: the columns, conditions, order and length asked for."""

    registry: Registry[T]
    columns: list[str]
    wheres: list[Where]
    sort: str | None
    limit: int | None
    full_json: bool  # JSON carries whole records unless --columns chose some

    @classmethod
    def parse(
        cls,
        registry: Registry[T],
        *,
        columns: str | None,
        where: list[str] | None = None,
        sort: str | None = None,
        limit: int | None = None,
    ) -> Query[T]:
        """Check --columns and --where against the registry's fields (--sort is checked once there are rows)."""
        from aifx.core.query import Where

        chosen = registry.columns(columns)
        wheres = [Where.parse(w, registry) for w in where or []]
        return cls(registry, chosen, wheres, sort, limit, full_json=columns is None)

    def rows(self, items: Sequence[T], data: Catalog) -> list[T]:
        """The items that meet every --where, in --sort order, at most --limit of them."""
        from aifx.core.query import order, sift

        kept = sift(items, self.registry, self.wheres, data)
        if note := kept.note("rows"):
            say(note)
        return limited(order(kept.items, self.registry, self.sort, data), self.limit)


def listing(
    items: Sequence[T],
    data: Catalog,
    query: Query[T],
    out: Output,
    *,
    view: Callable[[list[T]], View],
    empty: str,
) -> None:
    """Select, sort and cut the items as the query asks, then emit their view; ``empty`` goes to stderr if none."""
    rows = query.rows(items, data)
    if not rows:
        say(empty)
    out.emit(view(rows))


def limited(items: list[Any], limit: int | None) -> list[Any]:
    """At most ``limit`` items; a negative limit is a usage error."""
    if limit is None:
        return items
    if limit < 0:
        raise UsageError(f"--limit: must be ≥ 0 (got {limit})")
    return items[:limit]
