"""The lock files follow the human lists: every package pinned in requirements.txt and
requirements-dev.txt is in its lock file at the same version, and every locked package carries
hashes (`pip install --require-hashes`). After editing a list: `make lock`."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;#]+)")


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text().splitlines():
        if line.startswith("-r "):
            found |= pins(path.parent / line.split()[1])
        elif match := PIN.match(line.strip()):
            found[_name(match[1])] = match[2]
    return found


def locked(path: Path) -> dict[str, tuple[str, int]]:
    """name -> (version, number of hashes)."""
    found, current = {}, None
    for line in path.read_text().splitlines():
        if match := PIN.match(line):
            current = _name(match[1])
            found[current] = (match[2], 0)
        elif current and "--hash=sha256:" in line:
            version, hashes = found[current]
            found[current] = (version, hashes + 1)
    return found


@pytest.mark.parametrize(
    "wanted, lock", [("requirements.txt", "requirements.lock"), ("requirements-dev.txt", "requirements-dev.lock")]
)
def test_the_lock_pins_every_listed_package_at_its_version_with_hashes(wanted, lock):
    listed, lock_content = pins(ROOT / wanted), locked(ROOT / lock)
    stale = {name: version for name, version in listed.items() if lock_content.get(name, ("",))[0] != version}
    assert not stale, f"{lock} is out of date with {wanted} for {stale}: run `make lock`"
    assert all(hashes for _, hashes in lock_content.values()), f"a package of {lock} has no hash"
    assert len(lock_content) > len(listed)  # the transitive dependencies are pinned too


def test_the_dev_lock_pins_the_runtime_packages_at_the_same_versions():
    runtime, dev = locked(ROOT / "requirements.lock"), locked(ROOT / "requirements-dev.lock")
    assert {name: runtime[name][0] for name in runtime} == {name: dev[name][0] for name in runtime if name in dev}
    assert runtime.keys() <= dev.keys()
