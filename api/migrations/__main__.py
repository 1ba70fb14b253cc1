"""Making a revision (`make migration MESSAGE="…"`) and releasing it (`make migration-release`).

`python -m api.migrations revision MESSAGE`: a scratch SQLite database is migrated to head and
compared with the models; the difference becomes `versions/v<NNNN>_<message>.py`, tidied by
ruff (review it: autogenerate misses renames and check constraints). `python -m api.migrations
release`: adds the sha256 of every revision file not yet in `released.sha256`; an entry is never
changed, and the tests fail for a released file that was edited (or a file not released).
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

from alembic import command

from api import migrations
from api.db import init_db, make_engine

MANIFEST = migrations.HERE / "released.sha256"


def revision(message: str) -> None:
    """A new revision from what the models have that head has not."""
    number = f"{len(list(migrations.scripts().walk_revisions())) + 1:04d}"
    with tempfile.TemporaryDirectory() as scratch:
        engine = make_engine(f"sqlite:///{Path(scratch) / 'head.db'}")
        try:
            init_db(engine)
            with engine.begin() as conn:
                cfg = migrations.config(conn)
                made = command.revision(cfg, message, autogenerate=True, rev_id=number)
        finally:
            engine.dispose()
    for script in made if isinstance(made, list) else [made]:
        if script is not None:
            _tidy(Path(script.path))


def _tidy(path: Path) -> None:
    """The project's ruff over the new file (unused imports out, formatted), when installed."""
    ruff = Path(sys.executable).with_name("ruff")
    if ruff.exists():
        subprocess.run([ruff, "check", "--fix", "--quiet", path], check=False)
        subprocess.run([ruff, "format", "--quiet", path], check=False)


def release() -> None:
    """Record the hash of each revision file not yet released."""
    lines = MANIFEST.read_text().splitlines() if MANIFEST.exists() else []
    released = {line.split(maxsplit=1)[1] for line in lines if line}
    for path in sorted(migrations.HERE.glob("versions/v*.py")):
        name = f"versions/{path.name}"
        if name not in released:
            lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {name}")
            print(f"released {name}")
    MANIFEST.write_text("".join(f"{line}\n" for line in lines))


def main(arguments: list[str]) -> int:
    if arguments[:1] == ["revision"] and len(arguments) == 2:
        revision(arguments[1])
    elif arguments == ["release"]:
        release()
    else:
        print("usage: python -m api.migrations revision MESSAGE | release", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
