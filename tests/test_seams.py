"""The seams of issue 10 ("Seams first"), checked on the source: who names the jobs, who reads the
environment, who draws a card, how button data and step names are read, how effects are dispatched,
and that what comments and the README point at exists."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ("bot", "casework", "handlers", "models", "workers")

#: The one module that names actors and builds idempotency keys; and the relay, which sends the rows
#: jobs wrote by the name each row carries (it names no actor itself).
JOBS, RELAY = "casework/jobs.py", "workers/relay.py"


def modules(*packages: str) -> Iterator[tuple[str, ast.Module]]:
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def calls(tree: ast.AST) -> Iterator[ast.Call]:
    return (node for node in ast.walk(tree) if isinstance(node, ast.Call))


def called_name(call: ast.Call) -> str:
    """``f`` of ``f(...)`` and of ``x.f(...)``; "" for anything else."""
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def where(module: str, node: ast.AST) -> str:
    return f"{module}:{getattr(node, 'lineno', 0)}"


def actor_functions() -> set[str]:
    """The names of the functions ``workers/`` declares as actors (``@dramatiq.actor(...)``)."""
    found = set()
    for _, tree in modules("workers"):
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and any(
                isinstance(d, ast.Call) and called_name(d) == "actor" for d in node.decorator_list
            ):
                found.add(node.name)
    return found


def names_an_actor(target: ast.expr, actors: set[str]) -> bool:
    if isinstance(target, ast.Name | ast.Attribute):
        return (target.id if isinstance(target, ast.Name) else target.attr) in actors
    return isinstance(target, ast.Call) and called_name(target) == "get_actor"


# -- jobs ------------------------------------------------------------------------------------


def test_only_jobs_sends_to_an_actor() -> None:
    actors = actor_functions()
    assert {"route_case", "post_card", "push_status", "check_deadlines", "check_live_waits"} <= actors
    # Attributes, not calls: ``asyncio.to_thread(check_deadlines.send)`` sends as well.
    senders = [
        where(module, node)
        for module, tree in modules(*SOURCE)
        if module not in (JOBS, RELAY)
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr in ("send", "send_with_options", "message", "message_with_options")
        and names_an_actor(node.value, actors)
    ]
    assert senders == []


def test_only_jobs_writes_the_outbox() -> None:
    writers = [
        where(module, call)
        for module, tree in modules(*SOURCE)
        if module not in (JOBS, "models/outbox.py")
        for call in calls(tree)
        if called_name(call) in ("enqueue", "requeue")
        or (isinstance(call.func, ast.Name) and call.func.id == "Outbox")
        or (isinstance(call.func, ast.Attribute) and ast.unparse(call.func.value) == "Outbox"
            and call.func.attr in ("create", "bulk_create", "get_or_create", "update_or_create"))
    ]  # fmt: skip
    assert writers == []


# -- settings --------------------------------------------------------------------------------


def reads_the_environment(node: ast.AST) -> bool:
    if isinstance(node, ast.ImportFrom) and node.module == "os":
        return any(alias.name in ("environ", "getenv", "environb", "getenvb") for alias in node.names)
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "os":
        return node.attr in ("environ", "getenv", "environb", "getenvb")
    return False


def test_no_module_outside_settings_reads_the_environment() -> None:
    readers = []
    for module, tree in modules(*SOURCE, "locales"):
        stored = {
            id(target.value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Assign)
            for target in node.targets
            if isinstance(target, ast.Subscript)
        }
        for node in ast.walk(tree):
            if not reads_the_environment(node) or module.startswith("bot/settings/"):
                continue
            # The dramatiq command line takes its poll interval only from the environment: the entry
            # point sets it there from the settings (a write, not a read).
            if module == "bot/cli.py" and id(node) in stored:
                continue
            readers.append(where(module, node))
    assert readers == []


# -- button data, steps, statuses ----------------------------------------------------------------


def splits_by_hand(call: ast.Call, separators: tuple[str, ...]) -> bool:
    return (
        called_name(call) in ("split", "rsplit", "partition", "rpartition")
        and bool(call.args)
        and isinstance(call.args[0], ast.Constant)
        and call.args[0].value in separators
    )


def test_the_channels_and_the_staff_desk_read_button_data_through_its_codecs() -> None:
    """Card buttons are ``<prefix>:…``, step buttons ``<token>|<action>:…``: read by ``unpack()``, never cut."""
    cut = [
        where(module, call)
        for module, tree in modules("bot/channels", "bot/staff")
        for call in calls(tree)
        if splits_by_hand(call, (":", "|"))
    ]
    assert cut == []


#: Where the engine may cut what it packed: a codec's ``unpack`` (``StepRef.parse`` through its cache), and the
#: reader of a joint visit's audit-log action (``handlers.visits.parse_action``).
CODEC_READERS = {"unpack", "_parsed", "parse_action"}
#: What makes a button in the engine: ``anywhere(label, action, argument)``, ``here(conv, label, action, argument)``
#: and ``Turn.button(key, action, argument)``.
BUTTON_MAKERS = {"anywhere": 2, "here": 3, "button": 2}


def enclosing_functions(tree: ast.AST) -> dict[int, str]:
    """Each node's innermost function, by the node's id (``ast.walk`` meets outer functions first)."""
    names: dict[int, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names.update((id(inner), node.name) for inner in ast.walk(node))
    return names


def cuts_by_hand(call: ast.Call) -> bool:
    """``split(":")`` and its kin, or ``removeprefix("yes:")``, ``startswith("…=")`` and theirs."""
    first = call.args[0] if call.args else None
    prefix = isinstance(first, ast.Constant) and isinstance(first.value, str) and any(c in first.value for c in ":=|")
    return splits_by_hand(call, (":", "=", "/", "|", ",")) or (
        called_name(call) in ("removeprefix", "removesuffix", "startswith", "endswith") and prefix
    )


def packed_in_place(call: ast.Call) -> bool:
    """A button's argument spelled where the button is made: an f-string, a sum, or a literal with a separator."""
    at = BUTTON_MAKERS.get(called_name(call))
    if at is None:
        return False
    given = [call.args[at]] if len(call.args) > at else [k.value for k in call.keywords if k.arg == "argument"]
    return any(
        isinstance(arg, ast.JoinedStr | ast.BinOp)
        or (isinstance(arg, ast.Constant) and isinstance(arg.value, str) and any(c in arg.value for c in ":=/|"))
        for arg in given
    )


def test_the_engine_packs_and_reads_button_data_only_through_its_codecs() -> None:
    """Step-button arguments with parts (a request's, a 留言's, a visit change, a disclosure pick, a forget, the
    option asked back) are ``pack()``-ed and ``unpack()``-ed by the codecs of handlers/buttons.py, never cut or
    spelled by hand. The catalog and the search read files and queries, not buttons."""
    cut, packed = [], []
    for module, tree in modules("handlers"):
        if module.startswith(("handlers/catalog/", "handlers/search/")):
            continue
        functions = enclosing_functions(tree)
        for call in calls(tree):
            if cuts_by_hand(call) and functions.get(id(call)) not in CODEC_READERS:
                cut.append(where(module, call))
            if packed_in_place(call):
                packed.append(where(module, call))
    assert (cut, packed) == ([], [])


def mentions_a_step(node: ast.expr) -> bool:
    return any(
        (isinstance(n, ast.Name) and "step" in n.id) or (isinstance(n, ast.Attribute) and n.attr == "step")
        for n in ast.walk(node)
    )


def test_step_names_are_read_and_written_through_step_ref() -> None:
    cut, spelled = [], []
    for module, tree in modules("handlers", "casework", "bot"):
        if module == "handlers/steps.py":
            continue
        for call in calls(tree):
            if (
                splits_by_hand(call, (":",))
                and isinstance(call.func, ast.Attribute)
                and mentions_a_step(call.func.value)
            ):
                cut.append(where(module, call))
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr) and any(
                isinstance(v, ast.FormattedValue) and "StepKind." in ast.unparse(v.value) for v in node.values
            ):
                spelled.append(where(module, node))
    assert (cut, spelled) == ([], [])


#: The enums a layer spells statuses by: the engine owns items, cases and requests; live chats are the models'.
STATUS_ENUMS = {
    "handlers": (
        "handlers.lifecycle:ItemStatus",
        "handlers.lifecycle:CaseStatus",
        "handlers.request_lifecycle:RequestStatus",
    ),
    "others": (
        "handlers.lifecycle:ItemStatus",
        "handlers.lifecycle:CaseStatus",
        "handlers.request_lifecycle:RequestStatus",
        "models.live:LiveStatus",
    ),
}
#: The enums audit-log actions are spelled by: a request's, and a case's (staff decisions and the rest).
ACTION_ENUMS = (
    "handlers.request_lifecycle:RequestAction",
    "handlers.lifecycle:StaffAction",
    "handlers.lifecycle:CaseAction",
)


def enum_values(*refs: str) -> set[str]:
    import importlib

    values: set[str] = set()
    for ref in refs:
        module, _, name = ref.partition(":")
        values |= {str(member) for member in getattr(importlib.import_module(module), name)}
    return values


def spelled(tree: ast.AST, column: str, values: set[str]) -> Iterator[ast.AST]:
    """``x.status == "done"``, ``status in ("done", …)``, ``filter(status="done")``, ``status__in=[…]``,
    ``status = "done" if … else …`` (or ``action``: whatever ``column`` is), a value of the enum spelled bare."""

    def literal(node: ast.expr) -> bool:
        if isinstance(node, ast.Constant):
            return node.value in values
        if isinstance(node, ast.IfExp):
            return literal(node.body) or literal(node.orelse)
        return isinstance(node, ast.Tuple | ast.List | ast.Set) and any(literal(e) for e in node.elts)

    def named(node: ast.expr) -> bool:
        return (isinstance(node, ast.Attribute) and node.attr == column) or (
            isinstance(node, ast.Name) and node.id == column
        )

    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(map(named, sides)) and any(map(literal, sides)):
                yield node
        elif isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg and keyword.arg.split("__")[0] == column and literal(keyword.value):
                    yield node
        elif isinstance(node, ast.Assign) and any(map(named, node.targets)) and literal(node.value):
            yield node


def test_statuses_are_spelled_by_their_enums() -> None:
    """No status of an item, a case or a request is spelled as a bare string: the engine owns their enums
    (models spell only their columns' defaults, see tests/models/test_spelled_defaults.py)."""
    found = []
    for packages, refs in (
        (("handlers",), STATUS_ENUMS["handlers"]),
        (("bot", "casework", "workers"), STATUS_ENUMS["others"]),
    ):
        values = enum_values(*refs)
        for module, tree in modules(*packages):
            if module not in ("handlers/lifecycle.py", "handlers/request_lifecycle.py"):
                found += [where(module, node) for node in spelled(tree, "status", values)]
    assert found == []


def test_audit_log_actions_are_spelled_by_their_enums() -> None:
    """A request's and a case's: written (``CaseEvent.create(action=…)``) and read (``event.action == …``)."""
    values = enum_values(*ACTION_ENUMS)
    found = [
        where(module, node)
        for module, tree in modules("handlers", "bot", "casework", "workers")
        if module not in ("handlers/lifecycle.py", "handlers/request_lifecycle.py")
        for node in spelled(tree, "action", values)
    ]
    assert found == []


# -- the card drawer, effects ------------------------------------------------------------------


def test_one_drawer_renders_cards_and_only_the_actors_show_them_in_chats() -> None:
    rendering = [
        where(module, call)
        for module, tree in modules(*SOURCE)
        for call in calls(tree)
        if called_name(call) == "render_card" and module != "casework/drawing.py"
    ]
    showing = [
        where(module, call)
        for module, tree in modules(*SOURCE)
        for call in calls(tree)
        if called_name(call) == "show_card" and module not in ("workers/cases.py", "workers/staffboards.py")
    ]
    assert (rendering, showing) == ([], [])


def union_members(alias: str) -> set[str]:
    tree = ast.parse((ROOT / "handlers/effects.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == alias for t in node.targets):
            return {n.id for n in ast.walk(node.value) if isinstance(n, ast.Name)}
    raise AssertionError(f"no {alias} in handlers/effects.py")


def matched_classes(module: str) -> list[set[str]]:
    """For each ``match`` in the module that ends in ``case _: assert_never(...)``: the classes its cases name."""
    found = []
    for node in ast.walk(ast.parse((ROOT / module).read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Match):
            continue
        last = node.cases[-1]
        if (
            isinstance(last.pattern, ast.MatchAs)
            and last.pattern.pattern is None
            and "assert_never" in ast.unparse(last.body[0])
        ):
            found.append({ast.unparse(c.pattern.cls) for c in node.cases if isinstance(c.pattern, ast.MatchClass)})
    return found


def test_effects_and_what_saves_did_are_dispatched_by_match_with_assert_never() -> None:
    assert union_members("Effect") in matched_classes("casework/repository.py")
    assert union_members("Saved") in matched_classes("bot/runtime.py")


# -- what comments and the README point at ---------------------------------------------------------

#: Paths the README gives as examples of what an operator makes.
EXAMPLES = {"my-scenarios/gym.yaml"}
_EXTENSIONS = r"(?:py|ya?ml|md|html|js|css|json|toml|sh|conf|txt)"
_PATH = re.compile(
    rf"(?<![\w/.:-])((?:[\w-]+/)+[\w*.-]*\.{_EXTENSIONS}|(?:{'|'.join(SOURCE)}|tests|bench|locales)/[\w*./-]*[\w*]|[\w-]+\.md)(?![\w/])"
)


def test_every_file_a_comment_or_the_readme_points_at_exists() -> None:
    """A path is read from the file's own directory up to the root, or from a top-level package
    (the README's diagram says ``dialog/router.py`` under ``handlers/``)."""
    texts = [path for package in SOURCE for path in (ROOT / package).rglob("*.py")]
    texts += [ROOT / "README.md", ROOT / "SECURITY.md", ROOT / "bench/README.md"]
    missing = []
    for text in texts:
        bases = [*text.relative_to(ROOT).parents, *map(Path, SOURCE)]
        for match in _PATH.finditer(text.read_text(encoding="utf-8")):
            named = match.group(1).rstrip("./")
            found = any(any((ROOT / b).glob(named)) if "*" in named else (ROOT / b / named).exists() for b in bases)
            if not found and named not in EXAMPLES:
                missing.append(f"{text.relative_to(ROOT)}: {named}")
    assert missing == []


def test_the_readme_architecture_names_every_job() -> None:
    from casework.jobs import Job

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    architecture = readme[readme.index("## Architecture") : readme.index("## Configuration")]
    assert [job.value for job in Job if job.value not in architecture] == []


# -- one idempotency ledger ----------------------------------------------------------------------

#: Who uses the ledger's claims: actors through ``@once``, platform updates as they arrive.
#: Who may call the ledger besides ``@once``: the adapters that take platform updates in, and the staff boards,
#: whose post of a notice records each chat it reached (one actor's work, done board by board).
LEDGER_USERS = {
    "workers/once.py",
    "bot/channels/telegram/inbound.py",
    "bot/channels/wechat.py",
    "workers/staffboards.py",
}
LEDGER_CALLS = {"seen", "claim", "claim_lease", "settle", "release", "first_delivery", "forget_delivery"}
WRITES = {"create", "bulk_create", "get_or_create", "update_or_create", "update", "delete", "save"}


def test_one_ledger_records_work_done_and_only_once_and_the_adapters_claim_in_it() -> None:
    writes, claims = [], []
    for module, tree in modules(*SOURCE):
        imported = {
            alias.asname or alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module == "models.ledger"
            for alias in node.names
        }
        for call in calls(tree):
            func, text = call.func, ast.unparse(call.func)
            if text.startswith("Processed.") and called_name(call) in WRITES and module != "models/ledger.py":
                writes.append(where(module, call))
            by_name = isinstance(func, ast.Name) and func.id in imported & LEDGER_CALLS
            by_module = text.startswith("ledger.") and called_name(call) in LEDGER_CALLS
            if (by_name or by_module) and module not in LEDGER_USERS:
                claims.append(where(module, call))
    assert (writes, claims) == ([], [])
