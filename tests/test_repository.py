"""The repository stands on its own: no tracked file cites a document outside it or a path of one machine.

Behaviour facts live in `docs/` with their public sources; code, tests and goldens cite those pages or public URLs
(docs/README.md). A citation of a sibling folder of the checkout, of research notes that only existed beside the
project (their section numbers, the seed documents) or of a machine path would leave a user's clone with a
reference nobody can follow. The patterns are assembled from pieces so that this file does not match itself.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SKIP_DIRS = {".git", ".venv", "node_modules", "__pycache__", ".tox", ".mypy_cache", ".ruff_cache", "build", "dist"}

SHARED = "sha" + "red"
SECTION = "\u00a7"
FORBIDDEN = {
    "a sibling folder": re.compile(r"\.\./" + SHARED),
    "the outside spec notes": re.compile(
        SHARED + r"/(spec|reference|seeds)|\bspec (" + SECTION + r"|[a-z-]+\.md)|\binterfaces[ -]?" + SECTION
    ),
    "an outside note's section number": re.compile(
        r"(clevertap-api|segment-clevertap|rudderstack-clevertap|clevertap-to-segment)(\.md)? ?"
        + SECTION
        + r"|(?<!RFC \d{4} )"
        + SECTION
        + r" ?\d"
    ),
    "a seed document": re.compile(r"\b[Ss]eeds? 0" + r"0\d"),
    "a machine path": re.compile(r"(?<![\w.])/(wo" + r"rk|home|root|Users)/[\w.-]+/|(?<![\w.])/t" + r"mp/[\w.-]"),
}


def _tracked_files() -> list[Path]:
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, timeout=60
        ).stdout.decode()
        return [ROOT / name for name in out.split("\0") if name]
    except (OSError, subprocess.SubprocessError):  # not a git checkout (an unpacked sdist): walk the tree
        files = []
        for base, dirs, names in os.walk(ROOT):
            dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.endswith(".egg-info")]
            files += [Path(base) / n for n in names]
        return files


def _text(path: Path) -> str | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if b"\0" in data[:8192]:
        return None
    return data.decode("utf-8", errors="replace")


def test_no_tracked_file_cites_outside_the_repository():
    problems = []
    files = _tracked_files()
    assert len(files) > 100, "expected to see the whole tree"
    for path in files:
        text = _text(path)
        if text is None:
            continue
        for n, line in enumerate(text.splitlines(), 1):
            for what, pattern in FORBIDDEN.items():
                if pattern.search(line):
                    problems.append(f"{path.relative_to(ROOT)}:{n}: cites {what}: {line.strip()[:140]}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "line",
    [
        "see ../" + SHARED + "/spec/clevertap-api.md",
        "(spec " + SECTION + "2.2)",
        "clevertap-api.md " + SECTION + "4.3",
        "se" + "ed 002 'Track'",
        "interfaces " + SECTION + "2 results",
        "a file in /" + "home/someone/checkout/contracts",
        "stored in /" + "tmp/build/rudder",
        "(" + SECTION + "4.8)",
    ],
)
def test_the_check_catches_each_kind(line):
    assert any(p.search(line) for p in FORBIDDEN.values()), line


@pytest.mark.parametrize(
    "line",
    [
        "RFC 8259 " + SECTION + "8.1 lets a parser ignore a byte order mark",
        "docs/segment-cloud.md#key-casing",
        "https://github.com/rudderlabs/rudder-transformer/blob/c98d160/src/v0/destinations/clevertap/transform.js",
        "tmp_path / 'goldens'",
    ],
)
def test_the_check_lets_public_citations_through(line):
    assert not any(p.search(line) for p in FORBIDDEN.values()), line


def _slug(heading: str) -> str:
    """GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    text = page.read_text(encoding="utf-8")
    found = {_slug(m.group(1)) for m in re.finditer(r"^#+ (.*)$", text, re.M)}
    return found | set(re.findall(r"<a id=\"([^\"]+)\"", text))


def test_every_docs_citation_names_an_existing_page_and_section():
    """`docs/<page>.md#<section>` in code, goldens and docs (and relative links between docs pages) must resolve, so a
    citation cannot dangle after a heading is renamed."""
    pages = {p.name: _anchors(p) for p in (ROOT / "docs").glob("*.md")}
    problems = []
    for path in _tracked_files():
        text = _text(path)
        if text is None:
            continue
        refs = [(m.group(1), m.group(2)) for m in re.finditer(r"docs/([a-z0-9-]+\.md)(?:#([\w-]+))?", text)]
        if path.parent == ROOT / "docs":
            refs += [(m.group(1), m.group(2)) for m in re.finditer(r"\]\(([a-z0-9-]+\.md)(?:#([\w-]+))?\)", text)]
        for page, anchor in refs:
            if page not in pages:
                problems.append(f"{path.relative_to(ROOT)}: docs/{page} does not exist")
            elif anchor and anchor not in pages[page]:
                problems.append(f"{path.relative_to(ROOT)}: docs/{page} has no section #{anchor}")
    assert not problems, "\n".join(sorted(set(problems)))
