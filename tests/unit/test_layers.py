"""The import contracts in pyproject.toml hold, and break when a layer is crossed."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).with_name("lint-imports")


def lint(functions: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT), "--config", str(ROOT / "pyproject.toml"), "--no-cache", "--no-logo"],
        cwd=functions,
        env={"PYTHONPATH": str(functions), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def functions(tmp_path: Path) -> Path:
    copy = tmp_path / "functions"
    shutil.copytree(ROOT / "functions" / "chalicelib", copy / "chalicelib")
    return copy


def test_the_code_as_it_is_keeps_every_contract(functions):
    result = lint(functions)

    assert result.returncode == 0, result.stdout
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "planted", "contract"),
    [
        ("queue/model.py", "import chalice", "know no web framework"),
        ("cases/services.py", "import sqlite3", "Only adapters import boto3 or sqlite3"),
        ("queue/services.py", "from chalicelib.appointments import services", "Queue uses no"),
        ("appointments/model.py", "from chalicelib.appointments import services", "Within a"),
        ("sites/services.py", "from chalicelib.storage import get_store", "know no web"),
    ],
)
def test_a_wrong_import_breaks_its_contract(functions, module, planted, contract):
    path = functions / "chalicelib" / module
    path.write_text(f"{planted}  # noqa\n{path.read_text()}", encoding="utf-8")

    result = lint(functions)

    assert result.returncode != 0
    broken = result.stdout.split("Broken contracts", 1)[1]
    assert contract in broken


@pytest.mark.parametrize("domain", ["sites", "appointments", "cases", "queue"])
def test_a_domains_routes_load_no_other_domain_but_what_it_uses(domain):
    # the queue checks bookings in: it reads the calendar's model and its Bookings port
    uses = {
        "sites": set(),
        "appointments": {"sites"},
        "cases": set(),
        "queue": {"sites", "appointments"},
    }
    script = (
        f"import sys, chalicelib.{domain}.routes; "
        "print(' '.join(sorted({m.split('.')[1] for m in sys.modules if m.count('.') >= 1 "
        "and m.startswith('chalicelib.')})))"
    )

    loaded = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT / "functions",
        env={"PYTHONPATH": str(ROOT / "functions"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()

    others = {"sites", "appointments", "cases", "queue"} - {domain} - uses[domain]
    assert not others & set(loaded), loaded
