"""Whether a built Catalog holds together as the files it came from must: a rewound one (--as-of) included.

A Catalog made by copying records (``model_copy`` skips validation) can break rules the loader never sees broken:
a citation of a source left out, a reference to a record not there, a record with no source left. This applies
the loader's own cross-record rules (dataset/checks.py) and each model's rules to the Catalog as a whole.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from aifx.dataset.catalog import COLLECTIONS, Catalog
from aifx.dataset.checks import Finding, check
from aifx.dataset.models import DataFile, Model

WHERE = "catalog"  # the file a finding names: a Catalog has none of its own


def problems(catalog: Catalog) -> list[Finding]:
    """Every dangling reference and broken rule in a Catalog; [] when it holds together."""
    items: dict[str, Any] = {c.name: catalog.items(c) for c in COLLECTIONS}
    whole = DataFile.model_construct(dataset=catalog.dataset, **items)
    # Dates are the loader's business (a past catalog cites sources retrieved later); references are ours.
    return [*_invalid(catalog), *check([(WHERE, whole)], today=dt.date.max)]


def dangling(catalog: Catalog) -> list[str]:
    """The problems as lines a test can show: the path to the value, then what is wrong."""
    return [f"{'.'.join(map(str, f.loc))}: {f.message}" for f in problems(catalog)]


def _invalid(catalog: Catalog) -> Iterator[Finding]:
    """Items that would no longer validate: copies skip the model's rules (a record with no source left)."""
    for c in COLLECTIONS:
        for i, item in enumerate(catalog.items(c)):
            try:
                _again(item)
            except ValidationError as exc:
                for error in exc.errors():
                    yield Finding(WHERE, (c.name, i, *error["loc"]), error["msg"])


def _again(item: Model) -> None:
    """Validate an item afresh, as the loader would read it (computed fields are not data)."""
    model = type(item)
    model.model_validate(item.model_dump(exclude=set(model.model_computed_fields)))
