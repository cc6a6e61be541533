"""The house's rules (docs/architecture.md), checked on the installed package the way a user meets it."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import misalign_logic

PACKAGE = Path(misalign_logic.__file__).parent
ROOMS = ("model", "solve", "spec", "prose", "testing", "cli")


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at any depth (function-level imports included)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.add(node.module)
    return out


def _module(path: Path) -> str:
    return ".".join(("misalign_logic", *path.relative_to(PACKAGE).with_suffix("").parts))


def test_exactly_one_module_imports_z3() -> None:
    importers = sorted(
        _module(p) for p in PACKAGE.rglob("*.py") if any(m == "z3" or m.startswith("z3.") for m in _imports(p))
    )
    assert importers == ["misalign_logic.solve.backend"]


#: The SMT-LIB commands only solve/smtlib.py writes (every string constant of the package is searched).
_SMT_COMMANDS = ("declare-const", "declare-fun", "define-fun", "(assert", "check-sat", "(push", "(pop")


def _strings(path: Path) -> list[str]:
    """Every string constant of a file, f-strings' literal parts included."""
    return [
        node.value
        for node in ast.walk(ast.parse(path.read_text(), str(path)))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def test_exactly_one_module_writes_smtlib_commands() -> None:
    writers = sorted(
        _module(p)
        for p in PACKAGE.rglob("*.py")
        if any(command in text for text in _strings(p) for command in _SMT_COMMANDS)
    )
    assert writers == ["misalign_logic.solve.smtlib"]


def _reads_syntax(path: Path) -> list[str]:
    """Where a file reads the expression syntax tree: a syntax class it imports from model/expr.py tested
    against (``isinstance``, ``type(x) is``, a ``match`` pattern), or a walker of that module it calls."""
    tree = ast.parse(path.read_text(), str(path))
    imported = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "misalign_logic.model.expr"
        for alias in node.names
    }
    classes = {n for n in imported if n[:1].isupper() and n != "Expr"}
    walkers = imported & {"walk", "constant_args"}  # (which symbols a scenario mentions is a question of model/)
    found = []
    for node in ast.walk(tree):
        tested: list[ast.expr] = []
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id == "isinstance" and len(node.args) == 2:
                tested.append(node.args[1])
            elif node.func.id in walkers:
                found.append(f"{path.name}:{node.lineno} calls {node.func.id}")
        elif isinstance(node, ast.Compare) and any(isinstance(op, ast.Is | ast.IsNot) for op in node.ops):
            tested += node.comparators
        elif isinstance(node, ast.MatchClass):
            tested.append(node.cls)
        for t in tested:
            names = {n.id for n in ast.walk(t) if isinstance(n, ast.Name)} | {
                n.attr for n in ast.walk(t) if isinstance(n, ast.Attribute)
            }
            found += [f"{path.name}:{node.lineno} tests {n}" for n in sorted(names & classes)]
    return found


def test_exactly_one_module_of_solve_reads_the_syntax_tree() -> None:
    # The ground lowering gives expressions their meaning for solving; the printer, compile and the justifier
    # read its ground formulas (docs/architecture.md).
    readers = {_module(p): found for p in sorted((PACKAGE / "solve").glob("*.py")) if (found := _reads_syntax(p))}
    assert list(readers) == ["misalign_logic.solve.ground"], readers


def test_the_syntax_reader_check_finds_a_reader(tmp_path: Path) -> None:
    source = tmp_path / "reader.py"
    source.write_text(
        "from misalign_logic.model.expr import App, Expr, Quantifier, walk\n"
        "def f(e: Expr) -> object:\n"
        "    if type(e) is App:\n        return 1\n"
        "    walk(e)\n"
        "    return isinstance(e, (Quantifier, Expr))\n"
    )
    assert _reads_syntax(source) == ["reader.py:3 tests App", "reader.py:5 calls walk", "reader.py:6 tests Quantifier"]


def _a_term(parts: list[ast.expr]) -> bool:
    """Whether an f-string is a whole term of a named function, ``f"policy({s})"`` or ``f"ideal({s}, {a})"``."""
    texts = [p.value for p in parts[0::2] if isinstance(p, ast.Constant)]
    holes = parts[1::2]
    return (
        len(parts) >= 3
        and len(texts) == len(parts) - len(holes)
        and all(isinstance(h, ast.FormattedValue) for h in holes)
        and re.fullmatch(r"[a-z_][a-z0-9_]*\(", str(texts[0])) is not None
        and all(t == ", " for t in texts[1:-1])
        and texts[-1] == ")"
    )


def _spellings(path: Path, root: Path = PACKAGE) -> list[str]:
    """Where a file writes a term the way an atom is named: ``f"{f}({', '.join(args)})"``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if not isinstance(node, ast.JoinedStr):
            continue
        parts = node.values
        if _a_term(parts):
            found.append(f"{path.relative_to(root).as_posix()}:{node.lineno}")
            continue
        for i in range(2, len(parts) - 1):
            func, opened, call, closed = parts[i - 2], parts[i - 1], parts[i], parts[i + 1]
            if (
                isinstance(func, ast.FormattedValue)
                and isinstance(opened, ast.Constant)
                and opened.value == "("
                and isinstance(closed, ast.Constant)
                and str(closed.value).startswith(")")
                and isinstance(call, ast.FormattedValue)
                and isinstance(call.value, ast.Call)
                and isinstance(call.value.func, ast.Attribute)
                and call.value.func.attr == "join"
                and isinstance(call.value.func.value, ast.Constant)
                and call.value.func.value.value == ", "
            ):
                found.append(f"{path.relative_to(root).as_posix()}:{node.lineno}")
    return found


#: The files that write ``f(a, b)`` themselves, and why: model/expr.py spells an atom's name (``ground_name``) and
#: renders expressions; the lowering writes the same spelling inline for its every atom (tests/solve/test_ground.py
#: checks that the two agree); the brute-force checker is the independent oracle and shares nothing; the parser's
#: messages write a function's signature, not an atom.
_SPELLERS = {"model/expr.py", "solve/ground.py", "testing/bruteforce.py", "model/parse.py"}


def test_an_atom_name_is_spelled_in_one_place() -> None:
    spelled = [where for p in sorted(PACKAGE.rglob("*.py")) for where in _spellings(p)]
    assert {where.rsplit(":", 1)[0] for where in spelled} <= _SPELLERS, spelled


def test_the_spelling_check_finds_a_spelling(tmp_path: Path) -> None:
    source = tmp_path / "names.py"
    source.write_text(
        "def name(func, args):\n"
        "    return f\"{func}({', '.join(args)})\" if args else func\n"
        "def listed(xs):\n"
        "    return f\"Verdict({', '.join(xs)}) and ({', '.join(xs)})\"\n"
        "def terms(s, a, r):\n"
        '    return [f"policy({s})", f"ideal({s}, {a})", f"reason({s}) == {r}"]\n'
    )
    assert _spellings(source, tmp_path) == ["names.py:2", "names.py:6", "names.py:6"]


def test_no_module_imports_upwards() -> None:
    """cli > testing > prose > solve > spec > model, with no exception (not even inside a function)."""
    order = {"model": 0, "spec": 1, "solve": 2, "prose": 3, "testing": 4, "cli": 5}
    upward = []
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).parts
        if len(parts) < 2:
            continue
        here = order[parts[0]]
        for name in _imports(path):
            bits = name.split(".")
            if bits[0] == "misalign_logic" and len(bits) > 1 and bits[1] in order and order[bits[1]] > here:
                upward.append(f"{_module(path)} imports {name}")
    assert upward == []


def test_few_modules_at_the_top() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= 8, top
    assert {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()} == set(ROOMS)


def _fresh(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)


def test_strategies_import_in_a_fresh_interpreter() -> None:
    """Importing the strategies first (as in a REPL or notebook) must not re-enter a half-imported module."""
    run = _fresh("from misalign_logic import strategies as mls; print(mls.stories().example().name)")
    assert run.returncode == 0, run.stderr


def test_from_type_works_in_a_fresh_interpreter() -> None:
    """The hypothesis entry point registers the strategies, whichever module is imported first."""
    code = (
        "from hypothesis import strategies as st\n"
        "import misalign_logic as ml\n"
        "print(type(st.from_type(ml.Scenario).example()).__name__)\n"
    )
    run = _fresh(code)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "Scenario"


def test_the_model_room_imports_no_solver_or_prose() -> None:
    """Importing the model alone loads neither z3, hypothesis, drawsvg nor the prose room's modules."""
    code = (
        "import sys, importlib\n"
        "sys.modules['misalign_logic'] = type(sys)('misalign_logic')\n"
        f"sys.modules['misalign_logic'].__path__ = [{str(PACKAGE)!r}]\n"
        "for name in ['story', 'expr', 'parse', 'scenario', 'schemes', 'conditions', 'verdicts', 'judgments',"
        " 'priors', 'flips', 'notebook', 'errors']:\n"
        "    importlib.import_module('misalign_logic.model.' + name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('z3', 'hypothesis', 'drawsvg')"
        " or m.startswith(('misalign_logic.prose', 'misalign_logic.solve')))\n"
        "print(bad)\n"
    )
    run = _fresh(code)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


def test_results_show_themselves_in_a_notebook() -> None:
    """Value types in the model room get their HTML from the prose room, registered on import."""
    quiz = Path(__file__).resolve().parent.parent / "specs" / "pop_quiz.toml"
    spec = misalign_logic.load_spec(quiz)
    verdict = misalign_logic.classify(spec.scenarios[0], "objective")
    html = verdict._repr_html_()
    assert html is not None
    assert "scenario-1" in html
