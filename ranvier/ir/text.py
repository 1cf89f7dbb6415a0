"""The stable text form of kernels, for inspection and golden tests."""

from __future__ import annotations

from ranvier.ir.kernel import Kernel
from ranvier.lang.printer import print_expr, print_statement

__all__ = ["kernel_text"]


def _constant_text(value) -> str:
    return repr(value) if not isinstance(value, float) else repr(float(value))


def kernel_text(kernel: Kernel) -> str:
    """Render a kernel as text, one fact per line, in a fixed order."""
    lines = [f"kernel {kernel.name}", f"  domain: {kernel.domain.text()}"]
    for acc in kernel.accesses:
        lines.append(f"  access: {acc.text()}")
    for name, value in kernel.constants:
        lines.append(f"  constant: {name} = {_constant_text(value)}")
    if kernel.functions:
        lines.append("  functions: " +
                     ", ".join(name for name, _ in kernel.functions))
    if kernel.body:
        lines.append("  body:")
        lines.extend(f"    {print_statement(s)}" for s in kernel.body)
    if kernel.condition is not None:
        lines.append(f"  condition: {print_expr(kernel.condition)}")
        lines.append(f"  events -> {kernel.events_out}")
    if kernel.record is not None:
        rec = kernel.record
        mode = "per element" if rec.per_element else "per step"
        lines.append(f"  record -> {rec.buffer} ({mode}):")
        lines.extend(f"    {name} = {print_expr(expr)}"
                     for name, expr in rec.columns)
    return "\n".join(lines)
