"""Writers side by side on a SQLite file named by `DATABASE_URL=sqlite:///…` (issue 18 #4).

Before the URL form got WAL, IMMEDIATE transactions and the busy timeout, two clients saw one
PUT in five fail with "database is locked". Here several API clients write through a real
`gyokaku serve` while a command-line process writes beside them; none may fail.
"""

from __future__ import annotations

import json
import shutil
import threading
import urllib.error
import urllib.request
from pathlib import Path

from tests.ops.conftest import gyokaku, gyokaku_env, served

from gyokaku.demo import data

CLIENTS = 6
PUTS_EACH = 15
CLI_WRITES = 60
SLUG = "aomori-2024-2028"
# The command line writes while the server does: read, then write, in one transaction each.
CLI_WRITER = f"""
import sys
from django.db import transaction
from gyokaku.accounts.models import Department
from gyokaku.accounts.services import department_upsert
from gyokaku.plans.models import Municipality
town = Municipality.objects.get(code="022012")
for i in range({CLI_WRITES}):
    with transaction.atomic():
        n = Department.objects.filter(municipality=town).count()
        department_upsert(municipality=town, code=f"load-{{i % 5}}", name=f"負荷{{n}}-{{i}}",
                          actor_label="test")
print("cli-done")
"""


def _put_year_plans(base: str, token: str, key: str, outcomes: list[str]) -> None:
    url = f"{base}/api/v1/plans/{SLUG}/nodes/{key}/year-plans/2026"
    auth = {"Authorization": f"Bearer {token}"}
    for i in range(PUTS_EACH):
        try:
            with urllib.request.urlopen(
                urllib.request.Request(url, headers=auth), timeout=60
            ) as got:
                etag = got.headers["ETag"]
            body = json.dumps({"text": f"負荷試験 {key} {i}"}).encode()
            put = urllib.request.Request(
                url,
                data=body,
                method="PUT",
                headers={**auth, "If-Match": etag, "Content-Type": "application/json"},
            )
            with urllib.request.urlopen(put, timeout=60) as answer:
                outcomes.append(str(answer.status))
        except urllib.error.HTTPError as exc:
            outcomes.append(str(exc.code))
        except OSError as exc:  # a refused or dropped connection is a failure too
            outcomes.append(f"error {exc}")


def test_it_serves_concurrent_writers_without_database_is_locked(
    demo_database: Path, tmp_path: Path
) -> None:
    shutil.copy(demo_database, tmp_path / "load.sqlite3")
    env = gyokaku_env(tmp_path / "var", DATABASE_URL=f"sqlite:///{tmp_path / 'load.sqlite3'}")
    token = gyokaku("token", "create", "demo-coordinator", "--name", "load", env=env)
    assert token.returncode == 0, token.stderr
    raw = token.stdout.strip()
    keys = list(data.ASSIGNMENTS)[:CLIENTS]

    log = tmp_path / "server.log"
    with served(env, log, "--threads", str(CLIENTS)) as (base, _):
        outcomes: list[str] = []
        clients = [
            threading.Thread(target=_put_year_plans, args=(base, raw, key, outcomes))
            for key in keys
        ]
        for client in clients:
            client.start()
        cli = gyokaku("shell", "-c", CLI_WRITER, env=env)
        for client in clients:
            client.join()

    server_log = log.read_text(encoding="utf-8", errors="replace")
    assert server_log.count("database is locked") == 0, server_log[-3000:]
    assert cli.returncode == 0 and "cli-done" in cli.stdout, cli.stderr[-2000:]
    failed = [o for o in outcomes if o not in {"200", "201"}]
    assert not failed, f"{len(failed)} of {len(outcomes)} PUTs failed: {failed[:10]}"
    assert len(outcomes) == CLIENTS * PUTS_EACH
