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


def test_only_the_local_stage_may_pin_the_clock_and_the_prod_stage_says_it_is_prod():
    import json

    config = json.loads((ROOT / "functions" / ".chalice" / "config.json").read_text("utf-8"))
    stages = config["stages"]
    stack = (ROOT / "infra" / "resources.yml").read_text(encoding="utf-8")

    assert stages["prod"]["environment_variables"]["BLIZEJ_STAGE"] == "prod"
    assert stages["dev"]["environment_variables"]["BLIZEJ_STAGE"] == "dev"
    assert all("BLIZEJ_NOW" not in json.dumps(stage) for stage in stages.values())
    assert "BLIZEJ_NOW" not in stack
