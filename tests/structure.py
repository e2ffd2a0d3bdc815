"""The server's structure read with the standard library's `ast`: modules, imports (function-level ones too),
import cycles and function lengths. Used by tests/unit/test_architecture.py and tests/bench/bench_structure.py."""
from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = ROOT / "server"


@dataclass
class Module:
    name: str
    path: Path
    lines: int
    imports: set[str] = field(default_factory=set)        # every server.* module it imports, at any depth
    top_imports: set[str] = field(default_factory=set)    # those imported at module level
    functions: list[tuple[str, int]] = field(default_factory=list)  # (qualified name, lines)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(name: str, known: set[str]) -> str | None:
    """The longest known module that `name` (a module or a name inside one) refers to."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def _package_of(module: Module) -> str:
    return module.name if module.path.name == "__init__.py" else module.name.rpartition(".")[0]


def read_modules(root: Path = SERVER) -> dict[str, Module]:
    paths = sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)
    modules = {module_name(p): Module(module_name(p), p, len(p.read_text().splitlines())) for p in paths}
    known = set(modules)
    for module in modules.values():
        tree = ast.parse(module.path.read_text())
        top_level = set(map(id, tree.body))
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    package = _package_of(module).split(".")
                    package = package[:len(package) - node.level + 1]
                    base = ".".join(package + ([base] if base else []))
                # `from package import submodule` names the submodule; `from module import name`, the module.
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
            resolved = {_resolve(t, known) for t in targets} - {None, module.name}
            module.imports |= resolved
            if id(node) in top_level:
                module.top_imports |= resolved
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                module.functions.append((f"{module.name}.{node.name}", node.end_lineno - node.lineno + 1))
    return modules


def cycles(modules: dict[str, Module]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), counting every import."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(name: str) -> None:
        index[name] = low[name] = counter[0]
        counter[0] += 1
        stack.append(name)
        on_stack.add(name)
        for other in modules[name].imports:
            if other not in modules:
                continue
            if other not in index:
                visit(other)
                low[name] = min(low[name], low[other])
            elif other in on_stack:
                low[name] = min(low[name], index[other])
        if low[name] == index[name]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == name:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    import sys

    sys.setrecursionlimit(10_000)
    for name in sorted(modules):
        if name not in index:
            visit(name)
    return found


def report(modules: dict[str, Module]) -> str:
    functions = sorted((f for m in modules.values() for f in m.functions), key=lambda f: -f[1])
    found = cycles(modules)
    lines = [f"modules: {len(modules)}, lines: {sum(m.lines for m in modules.values())}",
             f"modules over 400 lines: {', '.join(f'{m.name} ({m.lines})' for m in modules.values() if m.lines > 400) or 'none'}",
             f"import cycles: {len(found)}" + "".join(f"\n  {len(c)} modules: {', '.join(c)}" for c in found),
             "services importing server.jobs: " + (", ".join(sorted(
                 m.name for m in modules.values() if m.name.startswith("server.services")
                 and any(i == "server.jobs" or i.startswith("server.jobs.") for i in m.imports))) or "none"),
             "longest functions:"]
    lines += [f"  {lines_:4d}  {name}" for name, lines_ in functions[:10]]
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(read_modules()))
