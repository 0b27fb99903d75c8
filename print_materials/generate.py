"""Every print material in every language, written under one folder: print/<lang>/…pdf."""

from dataclasses import dataclass, field
from pathlib import Path

from print_materials import content
from print_materials.render import write_pdf


@dataclass
class Generated:
    files: list[Path] = field(default_factory=list)
    # service id → the languages whose guide page for it has no checklist
    without_checklist: dict[str, list[str]] = field(default_factory=dict)


def generate(
    out: Path, site_url: str = content.DEFAULT_SITE_URL, root: Path = content.ROOT
) -> Generated:
    """Reads the sources under `root` afresh, so that a change there changes every PDF."""
    site = content.Site(root, site_url)
    generated = Generated()
    for language in content.LANGUAGES:
        folder = out / language
        for stale in folder.glob("*.pdf"):
            stale.unlink()  # a checklist whose guide lost its list must not stay behind
        leaflet = content.leaflet(site, language)
        generated.files.append(write_pdf("leaflet.html", folder / "leaflet.pdf", page=leaflet))
        poster = content.poster(site, language)
        generated.files.append(write_pdf("poster.html", folder / "poster.pdf", page=poster))
        for service in site.services():
            checklist = content.checklist(site, language, service)
            if checklist is None:
                generated.without_checklist.setdefault(service.id, []).append(language)
                continue
            target = folder / f"checklist-{service.id}.pdf"
            generated.files.append(write_pdf("checklist.html", target, page=checklist))
    return generated
