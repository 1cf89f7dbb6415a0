"""The intermediate representation: kernels over plain arrays.

A :class:`Kernel` says *where* it runs (its :class:`Domain`), *which*
arrays it touches and how they are indexed (its :class:`Access` list), and
*what* it does (statements from the model language, plus an optional event
condition). It knows nothing about groups or synapses: the objects stage
lowers itself into kernels, and every backend gives them the same meaning,
the one ``ranvier.backends.numpy`` defines.

Event buffers follow one layout everywhere: an ``int32`` array of length
``N + 1`` whose last entry is the number of events ``n`` and whose first
``n`` entries are the (global, ascending) indices of the elements that had
the event in this time step.

Synaptic pathways read their elements from a *queue*: a ring holding the
event buffers of a source group's last steps, from which a ``queue``
domain picks the synapses whose spike arrives now (see
:class:`QueueSpec`); a kernel with a :class:`QueuePush` records the
current step's events in such a ring.

Elements are independent unless a kernel writes through an ``indirect``
access or runs over a ``queue`` domain (which may list a synapse twice);
then the kernel means running the body for one element after the other,
in domain order, each seeing what the elements before it wrote (see
:class:`Kernel`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ranvier.lang.tree import Expr, Statement

__all__ = ["Domain", "Access", "Kernel", "Record", "ONCE", "range_domain",
           "events_domain", "indices_domain", "scheduled_domain",
           "queue_domain", "QueueSpec", "QueuePush", "ACCESS_KINDS",
           "DOMAIN_KINDS"]

#: How a kernel-local name maps to an array element:
#: ``element`` — ``array[k]`` for the domain's current element ``k``;
#: ``scalar`` — ``array[0]`` (shared variables, ``t``, ``dt``); written
#: with ``+=``/``-=`` over a domain of many elements, the increments of
#: all elements add up, in element order (a count of a step's spikes);
#: ``index`` — no array: the element's index relative to the domain start
#: (the variable ``i``);
#: ``indirect`` — ``array[via[k]]`` (presynaptic and postsynaptic variables);
#: through a chain of index arrays ``(via1, via2)`` it is
#: ``array[via2[via1[k]]]`` (a synapse reading a linked variable of its
#: target).
ACCESS_KINDS = ("element", "scalar", "index", "indirect")

#: ``once`` — the body runs one time; ``range`` — for each ``k`` in
#: ``[start, stop)``; ``events`` — for each ``k`` listed in an event buffer
#: that lies in ``[start, stop)``; ``indices`` — for each ``k`` listed in a
#: fixed index array (a monitor's recorded neurons); ``scheduled`` — for
#: each position ``p`` of a sorted key array with ``keys[p] == key[0]``,
#: the element ``events[p]`` (a spike generator's spikes of the current
#: step: ``keys`` holds spike steps, ``key`` the current step, ``events``
#: the neurons, ascending among equal keys); ``queue`` — for each synapse
#: whose spike arrives in this step, in the order :class:`QueueSpec` gives.
DOMAIN_KINDS = ("once", "range", "events", "indices", "scheduled", "queue")


@dataclass(frozen=True)
class QueueSpec:
    """Where a ``queue`` domain finds the synapses whose spikes arrive now.

    A pathway keeps the event buffers of its source's last ``H`` steps in
    ``ring``; the synapses of a source neuron are grouped by delay (in
    steps) in ``offsets``/``order``. The domain's elements are, in this
    order (``start``, ``stop`` are the domain's source neuron range)::

        H = ring.shape[0]
        for c in lags - 1, ..., 1, 0:        # oldest spikes first
            s = first_lag + c                # their delay in steps
            if s >= H: continue              # forgotten
            row = ring[(position[0] - s) % H]
            for n in row[:row[-1]]:          # ascending event indices
                if start <= n < stop:
                    b = (n - start) * lags + c
                    for q in range(offsets[b], offsets[b + 1]):
                        yield order[q] if order else q

    A synapse appears once for each of its spikes that arrives now (more
    than once only if delays were changed while spikes were in flight).
    The ``index`` access kind gives the element (the synapse) itself.

    Attributes
    ----------
    ring : str
        Integer array of shape ``(H, n + 1)``: each row an event buffer of
        the source group (``n`` the size of its owner) of one past step.
    position : str
        One-element integer array: the row of the current step.
    offsets : str
        Integer array of ``(stop - start) * lags + 1`` entries.
    order : str or None
        Integer array of synapse indices; ``None`` stands for the identity.
    first_lag, lags : int
        The delays covered: ``first_lag`` to ``first_lag + lags - 1``
        steps.
    """

    ring: str
    position: str
    offsets: str
    order: str | None
    first_lag: int = 0
    lags: int = 1


@dataclass(frozen=True)
class QueuePush:
    """Recording the current step's events in a queue's ring.

    A kernel with ``push`` set (domain ``once``, nothing else) does::

        position[0] = (position[0] + 1) % ring.shape[0]
        ring[position[0]] = events      # count and indices; same length

    Attributes
    ----------
    events : str
        The event buffer of the source group.
    ring, position : str
        As in :class:`QueueSpec`.
    """

    events: str
    ring: str
    position: str


@dataclass(frozen=True)
class Domain:
    """Where a kernel's body runs.

    Attributes
    ----------
    kind : str
        One of :data:`DOMAIN_KINDS`.
    start, stop : int
        The element range (global indices; subgroups are sub-ranges).
    events : str or None
        For ``events`` domains the name of the event buffer array; for
        ``indices`` and ``scheduled`` domains the name of the index array.
    keys : str or None
        For ``scheduled`` domains: the name of an integer array as long as
        ``events``, sorted ascending.
    key : str or None
        For ``scheduled`` domains: the name of a one-element integer array
        holding the key whose entries are the domain's elements.
    """

    kind: str
    start: int = 0
    stop: int = 0
    events: str | None = None
    keys: str | None = None
    key: str | None = None
    queue: QueueSpec | None = None

    def __post_init__(self):
        if self.kind not in DOMAIN_KINDS:
            raise ValueError(f"unknown domain kind {self.kind!r}")
        if (self.kind in ("events", "indices", "scheduled")) != \
                (self.events is not None):
            raise ValueError("events, indices and scheduled domains need an "
                             "array of indices, and only they")
        if (self.kind == "scheduled") != (self.keys is not None and
                                          self.key is not None):
            raise ValueError("scheduled domains need keys and key arrays, "
                             "and only they")
        if (self.kind == "queue") != (self.queue is not None):
            raise ValueError("queue domains need a QueueSpec, and only they")

    def text(self) -> str:
        if self.kind == "once":
            return "once"
        if self.kind == "range":
            return f"range [{self.start}, {self.stop})"
        if self.kind == "indices":
            return f"indices in {self.events}"
        if self.kind == "scheduled":
            return (f"{self.events}[p] for p with {self.keys}[p] == "
                    f"{self.key}[0]")
        if self.kind == "queue":
            return (f"synapses arriving from {self.queue.ring} within "
                    f"[{self.start}, {self.stop})")
        return f"events in {self.events} within [{self.start}, {self.stop})"


ONCE = Domain("once")


def range_domain(start: int, stop: int) -> Domain:
    return Domain("range", start, stop)


def events_domain(buffer: str, start: int, stop: int) -> Domain:
    return Domain("events", start, stop, buffer)


def indices_domain(index_array: str) -> Domain:
    return Domain("indices", 0, 0, index_array)


def scheduled_domain(index_array: str, keys: str, key: str, start: int,
                     stop: int) -> Domain:
    return Domain("scheduled", start, stop, index_array, keys, key)


def queue_domain(queue: QueueSpec, start: int, stop: int) -> Domain:
    return Domain("queue", start, stop, queue=queue)


@dataclass(frozen=True)
class Record:
    """What a recording kernel appends after its body ran.

    Attributes
    ----------
    buffer : str
        Name of the growable record buffer in the simulation state.
    columns : tuple of (str, Expr)
        Column name and the expression whose value is appended, evaluated
        after the body.
    per_element : bool
        True: one entry per element of the domain (spike monitors append
        one row per event). False: one row per step holding every element
        (state monitors append ``len(domain)`` values per column).
    """

    buffer: str
    columns: tuple[tuple[str, Expr], ...]
    per_element: bool = True


@dataclass(frozen=True)
class Access:
    """One name the kernel body uses, bound to an array.

    Attributes
    ----------
    local : str
        The name as it appears in the body.
    array : str
        The key of the array in the simulation state (``None`` for the
        ``index`` kind).
    kind : str
        One of :data:`ACCESS_KINDS`.
    via : str, tuple of str, or None
        For ``indirect`` access, the array of indices to go through, or
        several, applied first to last (see :data:`ACCESS_KINDS`).
    write : bool
        Whether the body assigns to it.
    """

    local: str
    array: str | None
    kind: str = "element"
    via: str | tuple[str, ...] | None = None
    write: bool = False

    def __post_init__(self):
        if self.kind not in ACCESS_KINDS:
            raise ValueError(f"unknown access kind {self.kind!r}")
        if (self.kind == "indirect") != (self.via is not None):
            raise ValueError("indirect access needs 'via', and only it")
        if isinstance(self.via, tuple) and not self.via:
            raise ValueError("indirect access needs at least one index "
                             "array")

    @property
    def chain(self) -> tuple[str, ...]:
        """The index arrays of an ``indirect`` access, first applied
        first; empty for other kinds."""
        if self.via is None:
            return ()
        return self.via if isinstance(self.via, tuple) else (self.via,)

    def text(self) -> str:
        mode = "write" if self.write else "read"
        if self.kind == "index":
            return f"{self.local} = element index"
        if self.kind == "indirect":
            where = "k"
            for via in self.chain:
                where = f"{via}[{where}]"
            return f"{self.local} -> {self.array}[{where}] ({mode})"
        where = "[0]" if self.kind == "scalar" else "[k]"
        return f"{self.local} -> {self.array}{where} ({mode})"


@dataclass(frozen=True)
class Kernel:
    """A unit of work for a backend.

    The body runs for each element of the domain, statements in order;
    every element sees the values as they were before the kernel started
    except where the same element wrote them (elements are independent).
    A kernel that writes through an ``indirect`` access, or runs over a
    ``queue`` domain, has dependent elements: it means running the body
    for one element after the other, in domain order, each element seeing
    everything the elements before it wrote (many synapses adding to one
    neuron in the same step all count). With ``push`` set, the kernel only
    records events in a queue's ring (see :class:`QueuePush`).
    With ``condition`` set, the kernel is an event detector: after the
    body, elements for which the condition holds are written, in ascending
    order, to the event buffer ``events_out``.

    Attributes
    ----------
    name : str
    domain : Domain
    accesses : tuple of Access
    constants : tuple of (str, value) pairs
        Names bound to plain numbers for this kernel.
    body : tuple of Statement
    condition : Expr or None
    events_out : str or None
    record : Record or None
        For monitors: values to append to a record buffer after the body.
    functions : tuple of (str, FunctionSpec) pairs
        Every function the body, condition and record call, by the name
        used in the code (user functions included).
    push : QueuePush or None
        For synaptic pathways: record the events of this step in a ring.
    """

    name: str
    domain: Domain
    accesses: tuple[Access, ...] = ()
    constants: tuple[tuple[str, object], ...] = ()
    body: tuple[Statement, ...] = ()
    condition: Expr | None = None
    events_out: str | None = None
    record: Record | None = None
    functions: tuple[tuple[str, object], ...] = ()
    push: QueuePush | None = None

    def __post_init__(self):
        if (self.condition is None) != (self.events_out is None):
            raise ValueError("a condition needs an output event buffer, "
                             "and only it")
        locals_ = [a.local for a in self.accesses] + \
            [name for name, _ in self.constants]
        if len(set(locals_)) != len(locals_):
            raise ValueError(f"kernel {self.name!r} binds a name twice")
        if self.push is not None and (self.domain.kind != "once" or
                                      self.body or self.condition is not None
                                      or self.record is not None):
            raise ValueError(f"kernel {self.name!r}: a queue push runs once "
                             f"and does nothing else")

    def access(self, local: str) -> Access | None:
        for acc in self.accesses:
            if acc.local == local:
                return acc
        return None
