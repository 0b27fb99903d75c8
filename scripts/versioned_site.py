"""Build the versioned site with mike into a plain directory, ready to upload or serve.

Each published release of the guides keeps its own `/<version>/<lang>/`; `latest` is a copy of the
newest and `/` redirects to it. mike publishes by committing to a `gh-pages` branch, so this
script never runs it in the project's own repository: it copies the site sources into a temporary
directory, makes a throwaway git repository there, deploys every version in order (the last one
gets the `latest` alias) and exports the branch's tree into OUTPUT. `make deploy` uploads that.

    python scripts/versioned_site.py OUTPUT --version 1.0 [--version 1.1 ...] [--site-url URL]
    python scripts/versioned_site.py OUTPUT --release 1.0=guides-1.0 --version 1.1

`--release VERSION=REF` builds an earlier version from the sources of a git tag or commit, so a
published release stays as it was; `--version` builds from the working tree.

The command line builds every version from the current sources; `build()` takes each version's
own sources (a checkout of that release; the browser test gives two versions different pages).
`latest` is a copy, not a symlink, so OUTPUT is plain files that any static host (S3 included)
serves as they are. BLIZEJ_SITE_URL (or --site-url) is where OUTPUT will be served from; mike
adds `<version>/` to it, and Material's version selector uses it to stay on the same page.
"""

import argparse
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Everything a site build reads, once: the dev server watches it and the tests copy it too. The
# widgets' words are built from the language catalogs (hooks/widget_texts.py).
SITE_SOURCES = (
    "docs",
    "data",
    "hooks",
    "overrides",
    "scripts",
    "functions/chalicelib/locale",
    "mkdocs.yml",
)
BRANCH = "gh-pages"


def copy_sources(target: Path, root: Path = ROOT) -> Path:
    """Everything the site is built from, copied from `root` into `target`."""
    for name in SITE_SOURCES:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, target / name)
    return target


def build(output: Path, releases: list[tuple[str, Path]], site_url: str | None = None) -> Path:
    """Deploys each (version, sources) release, oldest first, with mike; writes the site to output.

    The last release gets the `latest` alias. Each one is built from its own sources, so a test
    (or a release built from an older checkout) can give versions different pages.
    """
    if not releases:
        raise ValueError("at least one version is needed")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # mike runs `mkdocs` from PATH: the one next to this Python.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.update(
        GIT_AUTHOR_NAME="versioned_site",
        GIT_AUTHOR_EMAIL="versioned_site@localhost",
        GIT_COMMITTER_NAME="versioned_site",
        GIT_COMMITTER_EMAIL="versioned_site@localhost",
    )
    if site_url:
        env["BLIZEJ_SITE_URL"] = site_url
    mike = str(Path(sys.executable).parent / "mike")
    with tempfile.TemporaryDirectory(prefix="versioned-site-") as temporary:
        work = Path(temporary)

        def run(*command: str) -> bytes:
            result = subprocess.run(command, cwd=work, env=env, capture_output=True)
            if result.returncode != 0:
                output = (result.stdout + result.stderr).decode()
                raise RuntimeError(f"{' '.join(command)} failed:\n{output}")
            return result.stdout

        run("git", "init", "--quiet", "--initial-branch=main")
        for number, (version, sources) in enumerate(releases, start=1):
            for child in work.iterdir():
                if child.is_dir() and child.name != ".git":
                    shutil.rmtree(child)
                elif child.is_file():
                    child.unlink()
            copy_sources(work, sources)
            run("git", "add", "--all")
            # mike names the sources' commit in its own, so there has to be one.
            run("git", "commit", "--quiet", "--allow-empty", "--message", f"sources of {version}")
            aliases = ["latest"] if number == len(releases) else []
            run(mike, "deploy", "--alias-type", "copy", "--update-aliases", version, *aliases)
        run(mike, "set-default", "latest")

        if output.exists():
            shutil.rmtree(output)
        output.mkdir(parents=True)
        archive = run("git", "archive", "--format=tar", BRANCH)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(output, filter="data")
    return output


def _exists_at(ref: str, path: str) -> bool:
    check = ["git", "cat-file", "-e", f"{ref}:{path}"]
    return subprocess.run(check, cwd=ROOT, capture_output=True).returncode == 0


def sources_at(ref: str, target: Path) -> Path:
    """The site's sources as they were at a git ref of this repository, written into target."""
    # An older release may lack some of today's sources (the widgets' catalogs, before they came).
    present = [name for name in SITE_SOURCES if _exists_at(ref, name)]
    archive = subprocess.run(
        ["git", "archive", "--format=tar", ref, "--", *present],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="directory to write the site to (replaced)")
    parser.add_argument(
        "--release",
        dest="releases",
        action="append",
        default=[],
        metavar="VERSION=REF",
        help="an earlier version, built from the sources of a git tag or commit; oldest first",
    )
    parser.add_argument(
        "--version",
        dest="versions",
        action="append",
        required=True,
        help="a version built from the working tree, after the releases; the last is `latest`",
    )
    parser.add_argument(
        "--site-url",
        default=os.environ.get("BLIZEJ_SITE_URL"),
        help="where the site is served (default: $BLIZEJ_SITE_URL, else mkdocs.yml's)",
    )
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="released-sources-") as temporary:
        releases = []
        for number, release in enumerate(arguments.releases):
            version, _, ref = release.partition("=")
            releases.append((version, sources_at(ref, Path(temporary) / str(number))))
        releases += [(version, ROOT) for version in arguments.versions]
        build(arguments.output, releases, arguments.site_url)
    names = [version for version, _ in releases]
    print(f"versions {', '.join(names)} built into {arguments.output}")


if __name__ == "__main__":
    main()
