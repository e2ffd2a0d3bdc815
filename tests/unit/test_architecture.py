"""The structure stays as designed: layers import one way, nothing imports in a circle, one registry per rule."""
import ast
import inspect
import re

from server.domain import events as domain_events
from tests.structure import SERVER, cycles, read_modules

MODULES = read_modules()


def _imports_of(prefix: str) -> dict[str, set[str]]:
    return {name: m.imports for name, m in MODULES.items() if name == prefix or name.startswith(prefix + ".")}


def test_no_import_cycle_anywhere_in_the_server_counting_imports_inside_functions():
    assert cycles(MODULES) == []


def test_services_never_import_jobs():
    assert _imports_into("server.services", "server.jobs") == {}


def _imports_into(layer: str, target: str) -> dict[str, list[str]]:
    found = {name: sorted(i for i in imports if i == target or i.startswith(target + "."))
             for name, imports in _imports_of(layer).items()}
    return {name: hits for name, hits in found.items() if hits}


def test_adapters_import_no_use_case():
    assert _imports_into("server.adapters", "server.services") == {}


def test_the_domain_imports_no_adapter_model_or_use_case():
    assert {target: _imports_into("server.domain", target)
            for target in ("server.adapters", "server.models", "server.services")} == {
        "server.adapters": {}, "server.models": {}, "server.services": {}}


def test_models_import_no_use_case_or_adapter():
    assert _imports_into("server.models", "server.services") == _imports_into("server.models", "server.adapters") == {}


def test_extensions_import_nothing_from_the_api():
    assert not [i for i in MODULES["server.extensions"].imports if i.startswith("server.api")]


def test_domain_rules_are_plain_python():
    for path in (SERVER / "domain").glob("*.py"):
        tree = ast.parse(path.read_text())
        names = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        names |= {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
        assert not names & {"flask", "sqlalchemy", "flask_sqlalchemy", "werkzeug"}, path.name


def test_no_service_branches_on_a_kind_the_registry_knows():
    # `vote.kind == ...` or `kind in (...)` is a branch; `Task.kind == ...` (a model's column) is a SQL filter.
    pattern = re.compile(r"(\w+\.)?\bkind\s*(==|!=|\bin\b|\bnot in\b)")
    hits = [f"{path.name}:{number}: {line.strip()}" for path in (SERVER / "services").glob("*.py")
            for number, line in enumerate(path.read_text().splitlines(), 1)
            for match in pattern.finditer(line) if not (match.group(1) or "x")[0].isupper()]
    assert hits == []


def test_services_read_configuration_only_through_the_settings_object():
    hits = [path.name for path in (SERVER / "services").glob("*.py") if "current_app" in path.read_text()]
    assert hits == []


def test_every_event_has_a_handler_once_the_app_is_built(app):
    from server.jobs.dispatch import HANDLERS

    raised = [obj for _, obj in inspect.getmembers(domain_events, inspect.isclass) if obj.__module__ == domain_events.__name__]
    assert raised and all(HANDLERS.get(event) for event in raised)


def test_the_china_time_zone_is_defined_once():
    hits = [str(path.relative_to(SERVER)) for path in SERVER.rglob("*.py")
            if "Asia/Shanghai" in path.read_text() and "ZoneInfo(" in path.read_text()]
    assert hits == ["clock.py"]


def test_requests_commit_only_through_the_outbox_dispatch():
    # A bare commit() in a service or a blueprint would skip handing its events over (server.jobs.dispatch.commit).
    hits = [f"{path.relative_to(SERVER)}:{number}" for folder in ("services", "api")
            for path in (SERVER / folder).glob("*.py")
            for number, line in enumerate(path.read_text().splitlines(), 1) if ".commit()" in line]
    assert hits == []


def test_every_event_is_written_to_the_outbox_and_has_a_handler(app):
    from server.jobs.dispatch import HANDLERS
    from server.services import events

    assert set(events.KINDS) == {event.__name__ for event in HANDLERS}


def test_the_board_verifier_imports_nothing_of_the_server():
    """tools/verify_board.py is what an outsider runs: the standard library and libsodium's binding only."""
    import ast
    from pathlib import Path

    tree = ast.parse((Path(__file__).resolve().parents[2] / "tools" / "verify_board.py").read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert imported <= {"__future__", "hashlib", "json", "sys", "urllib", "fractions", "math", "pysodium"}, imported
