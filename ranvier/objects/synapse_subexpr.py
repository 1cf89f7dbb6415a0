"""Subexpressions of the pre- and postsynaptic groups in synaptic code:
``F_pre``, ``F_post``, and ``F`` alone for the postsynaptic group's
``F``.

Synaptic code reads such a name as its definition, written in synaptic
names (as Brian 2 does):

- the group's variables become their ``_pre``/``_post`` names, read
  through the synapse's index like any other neighbour variable;
- the group's other subexpressions are inlined the same way;
- ``i`` becomes the neuron's index in the group that owns the arrays (for
  a subgroup, its parent: Brian 2 gives the same), ``N`` that group's
  size;
- ``t`` and ``dt`` stay;
- every other name (constants, functions) stays a name, resolved as
  synaptic code resolves names, with the group's own ``namespace`` and
  equation constants as a fallback. Such a name must not be one of the
  synapses' own names: Brian 2 would silently read that synaptic
  variable, ranvier refuses.
"""

from __future__ import annotations

from dataclasses import dataclass

from ranvier.lang.errors import ModelNameError
from ranvier.lang.rewrite import replace_names
from ranvier.lang.tree import Const, Name, calls_in, names_in

__all__ = ["Expansion", "NEURON_INDEX", "KEPT", "expansions", "expand",
           "group_constants"]

#: What the group's ``i`` becomes in synaptic code: an internal name
#: bound to the synapses' array of absolute pre/post indices.
NEURON_INDEX = {"pre": "_neuron_pre", "post": "_neuron_post"}
#: Names of the group's code that mean the same in synaptic code.
KEPT = frozenset({"t", "dt"})


@dataclass(frozen=True)
class Expansion:
    """What one neighbour subexpression name stands for.

    Attributes
    ----------
    name : str
        The name in synaptic code (``F_post``).
    expr : Expr
        Its definition in synaptic names.
    externals : frozenset of str
        Names (and functions) of the definition that are not the group's.
    group : Group
        The pre- or postsynaptic group.
    refused : str or None
        Why synaptic code cannot use it (raised when it does).
    """

    name: str
    expr: object
    externals: frozenset
    group: object
    refused: str | None = None


def definition(owner, name: str):
    """The subexpression ``name`` of ``owner`` with the subexpressions it
    uses inlined (not those stored as variables, ``constant over dt``)."""
    expr = owner.subexpressions[name].expr
    inner = {n: definition(owner, n) for n in names_in(expr)
             if n in owner.subexpressions and n not in owner.records}
    return replace_names(expr, inner)


def _in_synaptic_names(nb, size: int):
    owner = nb.owner
    expr = definition(owner, nb.base)
    mapping = {}
    for n in names_in(expr):
        if n in owner.records:
            mapping[n] = Name(f"{n}_{nb.side}")
        elif n == "i":
            mapping[n] = Name(NEURON_INDEX[nb.side])
        elif n == "N":
            mapping[n] = Const(int(size))
    return replace_names(expr, mapping), mapping


def _two_levels(name: str, group, used) -> str | None:
    """Why a subexpression of a Synapses group cannot be read: one that
    reads that group's own pre/post variables would need a second index
    (refused rather than read as this synapses' names)."""
    theirs = getattr(group, "_neighbours", None)
    if theirs is None:
        return None
    through = sorted(n for n in used
                     if n in theirs or n in ("N_incoming", "N_outgoing"))
    if not through:
        return None
    return (f"synapses onto synapses: '{name}' is a subexpression of the "
            f"Synapses object {group.name!r} that reads '{through[0]}' of "
            f"its own pre/postsynaptic groups, which ranvier cannot read "
            f"through two levels of synapses; make it a variable of "
            f"{group.name!r} (e.g. set by run_regularly)")


def expansions(neighbours: dict, root_size) -> dict:
    """An :class:`Expansion` for every neighbour that is a subexpression
    (``root_size(group)`` gives the size of the group owning the
    arrays)."""
    out = {}
    for name, nb in neighbours.items():
        if not nb.subexpression:
            continue
        expr, mapping = _in_synaptic_names(nb, root_size(nb.group))
        used = names_in(definition(nb.owner, nb.base)) | \
            calls_in(definition(nb.owner, nb.base))
        externals = frozenset(n for n in used
                              if n not in mapping and n not in KEPT)
        out[name] = Expansion(name, expr, externals, nb.group,
                              _two_levels(name, nb.group, externals))
    return out


def expand(expr, table: dict, synaptic_names, owner: str):
    """``expr`` with every neighbour subexpression name replaced by its
    definition.

    Raises
    ------
    ModelNameError
        When a definition uses a name that synaptic code gives to
        something else (a synaptic variable, ``j``, ...).
    """
    used = {n: table[n] for n in names_in(expr) if n in table}
    for name, exp in used.items():
        if exp.refused is not None:
            raise NotImplementedError(exp.refused)
        clash = sorted(exp.externals & set(synaptic_names))
        if clash:
            raise ModelNameError(
                f"{owner}: '{name}' is a subexpression of {exp.group.name!r} "
                f"that uses '{clash[0]}', which is not a variable of "
                f"{exp.group.name!r} but is a name of the synapses; rename "
                f"one of them (e.g. pass the constant under another name)")
    return replace_names(expr, {n: e.expr for n, e in used.items()})


def group_constants(table: dict, names) -> dict:
    """Values that the groups' own namespaces give the external names of
    the subexpressions in ``table`` among ``names``."""
    out = {}
    for exp in table.values():
        group = exp.group
        known = dict(getattr(group, "namespace", None) or {})
        equations = getattr(group, "equations", None)
        if equations is not None:
            known.update(equations.constants)
        for name in exp.externals & set(names):
            if name in known:
                out.setdefault(name, known[name])
    return out
