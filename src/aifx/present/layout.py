"""How a table fits a terminal: which columns show, how wide each is, and the lines of each cell.

The one layout rule of every table: keys, codes, numbers and dates keep their full width; lists of ids and text
that wraps break at spaces (a word is folded only when it alone is wider than its column, and an id never is); a
list of items ('count × model; count × model') takes a line per item and cuts an item after its figures; other text
is cut with an ellipsis, never inside a number or an id. Columns are as wide as their content: the room left goes
where values are cut or wrapped, not to padding.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from aifx.core.values import Cell, Value, as_text
from aifx.present.views import RIGID, TableView
from aifx.text.characters import remove_unsafe

Measure = Callable[[str], int]  # how many terminal cells a text takes (the renderer's own count)

GAP = 2  # spaces between columns
BAR_WIDTH = 20
_MIN = {Cell.url: 24, Cell.short: 8, Cell.prose: 16, Cell.wrap: 12, Cell.items: 16}
_WRAPS = frozenset({Cell.url, Cell.keys, Cell.wrap})  # onto more lines, never cut
_SEPARATORS = {Cell.wrap: "; ", Cell.items: "; ", Cell.keys: ", "}  # where a value breaks first: between items
_TRAILING = " ,;:/×–-(="  # what a cut text does not end with before its ellipsis
_GIST = 40  # the first characters of a text, which say what it is about


@dataclass(frozen=True)
class Layout:
    """Which columns a terminal table shows and how wide each is; what had to be hidden to fit."""

    widths: dict[str, int]
    hidden: list[str]

    @property
    def width(self) -> int:
        return sum(self.widths.values()) + GAP * max(len(self.widths) - 1, 0)


def one_line(text: str) -> str:
    """Text on one line, safe for a terminal: control characters removed, tabs and line breaks as spaces."""
    return " ".join(remove_unsafe(text).replace("\t", " ").splitlines())


def cell_text(v: Value) -> str:
    """How a value reads in a table cell, before it is fitted to its column."""
    return one_line(as_text(v))


def layout(view: TableView, width: int | None, *, measure: Measure = len, wide: bool = False) -> Layout:
    """The columns shown and their widths. In priority order, each column takes its room (a list of items: its
    longest item, up to a third of the screen; a bar: its full length), else its narrowest, else it is hidden; keys
    always show. What is left goes where it spares the reader most cut text and wrapped lines.
    ``width=None`` or ``wide`` shows every column at full width.
    """
    columns = list(view.columns) + ([view.bar_label] if view.bar else [])
    texts = {c: [cell_text(row[i]) for row in view.rows] for i, c in enumerate(view.columns)}
    natural = {c: max([measure(c), *map(measure, texts.get(c, []))]) for c in columns}
    if view.bar:
        natural[view.bar_label] = max(natural[view.bar_label], BAR_WIDTH)
    if width is None or wide:
        return Layout(natural, [])

    def kind(c: str) -> Cell:
        return Cell.short if c == view.bar_label else view.cell(c)

    least = {c: _narrowest(kind(c), c, texts.get(c, []), natural[c], width, measure) for c in columns}
    longest = {c: max([0, *(measure(i) for t in texts[c] for i in _items(t, "; "))]) for c in view.columns}
    room = {c: min(longest[c], width // 3) if kind(c) is Cell.items else 0 for c in view.columns}
    room[view.bar_label] = natural[view.bar_label] if view.bar else 0  # a bar too short to compare is no bar
    keep = [*view.priority, *(c for c in view.columns if c not in view.priority)]
    keep += [view.bar_label] if view.bar and view.bar_label not in keep else []  # last, unless placed by priority
    widths = {c: least[c] for c in keep if c != view.bar_label and kind(c) is Cell.key}
    used = sum(widths.values()) + GAP * (len(widths) - 1)
    for c in keep:
        for w in (max(room.get(c, 0), least[c]), least[c]):
            if c not in widths and used + GAP + w <= width:
                widths[c] = w
                used += GAP + w
    spare = width - used

    # Room goes where content is, not to padding: to the column where it spares the reader most (text cut away, lines
    # past the first) for each cell of width it takes, a few cells at a time (a word needs them all to fit).
    growing = [c for c in keep if c in widths and c != view.bar_label and kind(c) not in RIGID]
    start = dict(widths)
    loss: dict[str, list[float]] = {}
    for c in growing:  # values alike in shape lose alike: each shape is weighed once, whatever the number of rows
        shapes = Counter(_shape(t, kind(c), measure) for t in texts[c] if measure(t) > start[c])
        stop = min(natural[c], start[c] + spare)
        loss[c] = [sum(n * _lost(shape, kind(c), w) for shape, n in shapes.items()) for w in range(start[c], stop + 1)]
    while spare > 0:
        best: tuple[float, str, int] | None = None
        for c in growing:
            now = widths[c] - start[c]
            for more in range(1, min(spare, len(loss[c]) - 1 - now) + 1):
                gain = (loss[c][now] - loss[c][now + more]) / more
                if gain > 1e-9 and (best is None or gain > best[0] + 1e-9):
                    best = (gain, c, more)
        if best is None:
            break
        widths[best[1]] += best[2]
        spare -= best[2]
    if view.bar_label in widths:  # a bar reads at any length: it gets what is left, up to its own width
        widths[view.bar_label] += max(min(spare, natural[view.bar_label] - widths[view.bar_label]), 0)
    return Layout({c: widths[c] for c in columns if c in widths}, [c for c in columns if c not in widths])


Shape = tuple[tuple[int, ...], ...]  # a value as the widths of its items' words


def _shape(text: str, kind: Cell, measure: Measure) -> Shape:
    """All a layout needs of a value to know what it loses at any width: the widths of its items' words (of text
    that is cut, its width alone)."""
    if kind not in _WRAPS and kind is not Cell.items:
        return ((measure(text),),)
    return tuple(tuple(map(measure, item.split())) for item in _items(text, _SEPARATORS.get(kind, "")))


def _lost(shape: Shape, kind: Cell, width: int) -> float:
    """What a value loses at ``width``, as ``lines`` would draw it: what is cut away, and one for each line past the
    first (a wrapped line costs as much as a cell cut away whole)."""
    sizes = [sum(words) + len(words) - 1 for words in shape]
    if sum(sizes) + len(sizes) - 1 <= width:
        return 0.0
    if kind not in _WRAPS and kind is not Cell.items:
        return _cut_away(sizes[0], width)
    packed: list[int] = []  # the items' lines: several items on one if they fit, else an item alone
    alone: list[Shape] = []
    for size, words in zip(sizes, shape, strict=True):
        if packed and packed[-1] + 1 + size <= width:
            packed[-1] += 1 + size
        else:
            packed.append(size)
            alone.append((words,))
    lost = len(packed) - 1.0
    for size, (words,) in zip(packed, alone, strict=True):
        if size <= width:
            continue
        if kind is Cell.items:
            lost += _cut_away(size, width)
        else:
            lost += _wrapped(words, width) - 1
    return lost


def _wrapped(words: tuple[int, ...], width: int) -> int:
    """How many lines words of these widths take at ``width``, as ``wrap`` breaks them."""
    count, line = 0, 0
    for word in words:
        if line and line + 1 + word <= width:
            line += 1 + word
            continue
        count += 1 if line else 0
        while word > width:
            count, word = count + 1, word - width
        line = word
    return count + (1 if line else 0)


def _cut_away(length: int, width: int) -> float:
    """How much a text of ``length`` loses when cut to ``width``: the share of its gist (its first characters) cut
    away, and a tenth of the share of the rest, so that a long note's gist is worth more than its last words."""
    shown, gist = width - 1, min(length, _GIST)
    return max(gist - shown, 0) / gist + 0.1 * max(length - max(shown, _GIST), 0) / length


def _items(text: str, separator: str) -> list[str]:
    """A value's items, each but the last keeping its separator's mark (``a;``, ``b;``, ``c``)."""
    parts = text.split(separator) if separator else [text]
    return [*(part + separator.rstrip() for part in parts[:-1]), parts[-1]]


def _narrowest(kind: Cell, name: str, texts: list[str], natural: int, width: int, measure: Measure) -> int:
    """The least width a column may take: all of it for keys, codes, numbers and dates; the longest id for a list of
    ids; the longest word (up to a quarter of the screen) for text that wraps; for a list of items, its numbers with
    an ellipsis after them; a few characters for other text, which is cut.
    """
    header = measure(name)
    if kind in RIGID:
        return natural
    if kind is Cell.keys:  # the longest id and its comma, so that no id is split
        return max([header, *(measure(x) for t in texts for x in _items(t, ", "))])
    if kind is Cell.url:  # a URL folded into pieces narrower than a third of the screen is hard to read
        return min(natural, max(header, _MIN[kind], width // 3))
    if kind is Cell.wrap:  # words whole: only a word wider than a quarter of the screen may fold
        word = max((measure(w) for t in texts for w in t.split()), default=0)
        return min(natural, max(header, _MIN[kind], min(word, width // 4)))
    if kind is Cell.items:  # each item's leading numbers whole, then " …"
        lead = max((measure(_lead(i)) + 2 for t in texts for i in _items(t, "; ")), default=0)
        return min(natural, max(header, _MIN[kind], lead))
    return min(natural, max(header, _MIN[kind]))


def _lead(item: str) -> str:
    """An item's leading figures (``~ 24,000 / 23,752`` of ``~ 24,000 / 23,752 × NVIDIA GH200``): its words up to the
    first one with letters and no digit."""
    words: list[str] = []
    for word in item.split():
        if any(ch.isalpha() for ch in word) and not any(ch.isdigit() for ch in word):
            break
        words.append(word)
    return " ".join(words).rstrip(_TRAILING)


def lines(text: str, kind: Cell, width: int, *, measure: Measure = len) -> list[str]:
    """A cell's text fitted to its column: whole (keys, codes, numbers, dates), wrapped, one item a line, or cut."""
    if kind in RIGID or measure(text) <= width:
        return [text]
    if kind in _WRAPS:
        return wrap(text, width, separator=_SEPARATORS.get(kind, ""), measure=measure)
    if kind is Cell.items:
        return [cut(line, width, measure=measure) for line in _pack(_items(text, "; "), width, measure)]
    return [cut(text, width, measure=measure)]


def _pack(items: list[str], width: int, measure: Measure) -> list[str]:
    """Items on as few lines as fit, in order; an item wider than ``width`` alone on its line."""
    found: list[str] = []
    for item in items:
        if found and measure(f"{found[-1]} {item}") <= width:
            found[-1] = f"{found[-1]} {item}"
        else:
            found.append(item)
    return found


def wrap(text: str, width: int, *, separator: str = "", measure: Measure = len) -> list[str]:
    """Text in lines of at most ``width`` cells, broken between items (at ``separator``, whose mark stays at the end of
    its line) where that is enough, else at spaces; only a word wider than ``width`` is folded."""
    found: list[str] = []
    for item in _pack(_items(text, separator), width, measure):
        line = ""
        for word in item.split():
            if line and measure(f"{line} {word}") <= width:
                line = f"{line} {word}"
                continue
            if line:
                found.append(line)
            while measure(word) > width:
                head = _head(word, width, measure)
                found.append(head)
                word = word[len(head) :]
            line = word
        found += [line] if line else []
    return found


def cut(text: str, width: int, *, measure: Measure = len) -> str:
    """Text cut to ``width`` cells, ellipsis included. A word holding a digit or written in capitals (a number, an
    id, a model, a code) is dropped whole rather than cut, so that no cell shows '23,7…' for 23,752; an ellipsis after
    a number stands apart from it.
    """
    if measure(text) <= width:
        return text
    if width < 2:
        return "…"[:width]
    head = _head(text, width - 1, measure)
    rest = text[len(head) :]
    if head and not head[-1].isspace() and not rest[:1].isspace():  # the cut falls inside a word
        start = len(head) - len(head.split()[-1])
        word = head[start:] + rest.split(maxsplit=1)[0]
        if start and (any(ch.isdigit() for ch in word) or (word.isupper() and len(word) > 1)):
            head = head[:start]
    head = head.rstrip(_TRAILING)
    return f"{head} …" if head[-1:].isdigit() else f"{head}…"


def _head(text: str, width: int, measure: Measure) -> str:
    """The longest start of ``text`` that takes at most ``width`` cells (at least one character)."""
    if measure(text) == len(text):  # one cell a character, as most text is: no need to count
        return text[: max(width, 1)]
    taken = 0
    for i, ch in enumerate(text):
        taken += measure(ch)
        if taken > width:
            return text[: max(i, 1)]
    return text
