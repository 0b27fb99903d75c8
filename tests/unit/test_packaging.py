import tomllib

from chalicelib.version import __version__
from tests.conftest import ROOT


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_lambda_requirements_match_the_runtime_dependency_group():
    lines = (ROOT / "functions" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    requirements = {line.strip() for line in lines if line.strip() and not line.startswith("#")}

    assert requirements == set(pyproject()["dependency-groups"]["runtime"])


def test_the_api_reports_the_project_version():
    assert __version__ == pyproject()["project"]["version"]


def test_every_dependency_is_pinned_to_one_version():
    groups = pyproject()["dependency-groups"]
    pins = [p for group in groups.values() for p in group if isinstance(p, str)]

    assert all("==" in pin for pin in pins), pins
