"""Reference cycles and runaway nesting in a model, refused before anything follows them.

IfcOpenShell's geometry kernel follows placements (``PlacementRelTo``), boolean operands and mapped
representations recursively in C++: a hostile file where a placement is relative to itself, or a
boolean result is its own operand, crashes the process (a segmentation fault, no error line at
all), and a chain a million deep overflows the stack the same way.  The reader itself walks the
decomposition (``IfcRelAggregates``, containment) upwards.  Each of these graphs is walked here once,
iteratively, in time linear in its size, and a cycle or a chain deeper than ``MAX_DEPTH`` is an
error naming the entity where it was found.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable

from .model_file import ModelError, OpenModel

#: Deepest chain of placements, boolean operands or mapped representations followed.  Real models
#: nest a few levels (site → building → storey → element; a wall with its openings cut one by one
#: a few dozen); far deeper chains only come from generated or hostile files and would overflow the
#: geometry kernel's stack.
MAX_DEPTH = 1000


def _walk(start: Iterable[Any], children: Callable[[Any], Iterable[Any]], what: str, om: OpenModel) -> None:
    """Depth-first over ``children`` from every start node, without recursion: a cycle or a path
    longer than ``MAX_DEPTH`` is an error.  Each node is finished once (linear time)."""
    done: set[int] = set()
    for root in start:
        if root.id() in done:
            continue
        on_path: set[int] = {root.id()}
        stack = [(root, iter(children(root)))]
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                stack.pop()
                on_path.discard(node.id())
                done.add(node.id())
                continue
            if nxt.id() in done:
                continue
            if nxt.id() in on_path:
                raise ModelError(f"a cycle in {what} through #{nxt.id()} ({nxt.is_a()}): the model is damaged",
                                 file=om.path, field=f"#{nxt.id()}", expected="references that end")
            if len(stack) >= MAX_DEPTH:
                raise ModelError(f"{what}: a chain more than {MAX_DEPTH} deep at #{root.id()} ({root.is_a()})",
                                 file=om.path, field=f"#{root.id()}", expected=f"at most {MAX_DEPTH} levels")
            on_path.add(nxt.id())
            stack.append((nxt, iter(children(nxt))))


def _attr(el, name: str):
    try:
        return getattr(el, name)
    except AttributeError:
        return None


def _placement_parents(pl) -> list:
    rel = _attr(pl, "PlacementRelTo")
    return [rel] if rel is not None else []


def _operands(b) -> list:
    return [o for o in (_attr(b, "FirstOperand"), _attr(b, "SecondOperand"))
            if o is not None and o.is_a("IfcBooleanResult")]


def _mapped(rep) -> list:
    """A representation → the representations its mapped items draw in (through their maps)."""
    out = []
    for item in _attr(rep, "Items") or ():
        if item.is_a("IfcMappedItem"):
            source = _attr(item, "MappingSource")
            target = _attr(source, "MappedRepresentation") if source is not None else None
            if target is not None:
                out.append(target)
    return out


def check(om: OpenModel) -> None:
    """Refuse cycles and runaway depth in placements, booleans, mapped representations and the
    spatial decomposition, before the reader or the geometry kernel follows any of them."""
    m = om.model
    _walk(m.by_type("IfcObjectPlacement"), _placement_parents, "object placements (PlacementRelTo)", om)
    _walk(m.by_type("IfcBooleanResult"), _operands, "boolean operands (IfcBooleanResult)", om)
    _walk(m.by_type("IfcRepresentation"), _mapped, "mapped representations (IfcMappedItem)", om)
    parents: dict[int, list] = {}
    for kind, whole, parts in (("IfcRelAggregates", "RelatingObject", "RelatedObjects"),
                               ("IfcRelContainedInSpatialStructure", "RelatingStructure", "RelatedElements")):
        for rel in m.by_type(kind):
            parent, children = _attr(rel, whole), _attr(rel, parts) or ()
            if parent is None and children:  # its elements would belong to nothing, and be dropped
                raise ModelError(f"#{rel.id()} ({rel.is_a()}) relates {len(children)} element(s) to no {whole} "
                                 f"($): the model is damaged", file=om.path, field=f"#{rel.id()}.{whole}",
                                 expected="every containment and decomposition naming its container")
            for child in children:
                if child is not None:
                    parents.setdefault(child.id(), []).append(parent)
    nodes = {p.id(): p for ps in parents.values() for p in ps}
    _walk([m.by_id(i) for i in parents] + list(nodes.values()), lambda n: parents.get(n.id(), ()),
          "the spatial decomposition (IfcRelAggregates, IfcRelContainedInSpatialStructure)", om)
