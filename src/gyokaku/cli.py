"""The ``gyokaku`` command.

Every subcommand is a Django management command (``run``, ``serve``, ``plan`` are ours), so
``gyokaku migrate`` and ``gyokaku createsuperuser`` pass straight through to Django.
"""

from __future__ import annotations

import os
import sys


def _needs_database(argv: list[str]) -> bool:
    # `gyokaku plan parse FILE` must touch no database: don't even create var/.
    return argv[1:3] != ["plan", "parse"]


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else ["gyokaku", *argv])
    argv[0] = "gyokaku"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gyokaku.settings")
    if len(argv) > 1 and argv[1] == "run":
        # `gyokaku run` is the local demo: debug pages and the development key are fine there.
        os.environ.setdefault("GYOKAKU_DEBUG", "1")
    from django.conf import settings
    from django.core.management import execute_from_command_line

    if _needs_database(argv) and not os.environ.get("DATABASE_URL"):
        from gyokaku.startup import var_dir_create

        problem = var_dir_create(settings.VAR_DIR)  # the SQLite database lives there
        if problem:
            print(problem, file=sys.stderr)
            return 1
    try:
        execute_from_command_line(argv)
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
