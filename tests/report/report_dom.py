"""A small DOM for the report tests: :func:`parse` builds a tree of :class:`Node` from HTML
(what ``dump_dom`` prints, or what ``render_html`` returns) with the standard library's
``html.parser``, so the tests query ids, attributes and text without a third-party parser."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from html.parser import HTMLParser

import attrs

VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
     "track", "wbr"}
)


@attrs.define
class Node:
    """An element (``tag`` set) or a text node (``tag`` empty, ``data`` the text)."""

    tag: str
    attributes: dict[str, str] = attrs.field(factory=dict)
    children: list[Node] = attrs.field(factory=list)
    data: str = ""

    def walk(self) -> Iterator[Node]:
        """This node and every node below it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def elements(self, predicate: Callable[[Node], bool] = lambda _n: True) -> list[Node]:
        """The elements below (and including) this one that satisfy ``predicate``."""
        return [n for n in self.walk() if n.tag and predicate(n)]

    def by_tag(self, tag: str) -> list[Node]:
        return self.elements(lambda n: n.tag == tag)

    def by_id(self, element_id: str) -> Node:
        found = self.elements(lambda n: n.attributes.get("id") == element_id)
        assert 1 == len(found), f"expected one element with id={element_id!r}, got {len(found)}"
        return found[0]

    def with_attr(self, name: str, value: str | None = None) -> list[Node]:
        return self.elements(
            lambda n: name in n.attributes and (value is None or n.attributes[name] == value)
        )

    def field(self, name: str) -> Node:
        """The one descendant with ``data-field="name"``."""
        found = self.with_attr("data-field", name)
        assert 1 == len(found), f"expected one data-field={name!r}, got {len(found)}"
        return found[0]

    def classes(self) -> set[str]:
        return set(self.attributes.get("class", "").split())

    def text(self) -> str:
        """The text content (all text nodes below, joined), like ``textContent``."""
        return "".join(n.data for n in self.walk() if not n.tag)


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attributes})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attributes}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(Node("", data=data))


def parse(html: str) -> Node:
    """The document's tree (the root is a ``#document`` node)."""
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root
