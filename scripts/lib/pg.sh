# shellcheck shell=bash
# A throwaway PostgreSQL cluster for tests: a temporary directory, initdb, a server on
# 127.0.0.1 at a free port with its unix socket in that directory, and durability switched off
# because the data is thrown away. Sourced by scripts/test-all and scripts/with-postgres.
#
#   pg_find        sets PG_BINDIR (and PG_RUNAS when we are root), or sets PG_WHY and fails
#   pg_start       creates the cluster, sets PG_TMP, PG_PORT and PG_URL
#   pg_stop        stops the server and removes PG_TMP; safe to call twice, from a trap
#
# The caller must `trap pg_stop EXIT` (or call pg_stop from its own EXIT trap) before pg_start.

PG_BINDIR="${PG_BINDIR:-}"
PG_RUNAS=()
PG_WHY=""
PG_TMP=""
PG_PORT=""
PG_URL=""
PG_USER="gyokaku"
PG_PASSWORD="gyokaku"
PG_DBNAME="gyokaku"

_pg_has_tools() {
    [[ -x "$1/initdb" && -x "$1/pg_ctl" && -x "$1/psql" ]]
}

# Find the server binaries: $PG_BINDIR if given, then pg_config --bindir, then Debian's
# /usr/lib/postgresql/<newest>/bin, then initdb on PATH.
pg_find() {
    local dir initdb
    if [[ -n "$PG_BINDIR" ]]; then
        if _pg_has_tools "$PG_BINDIR"; then
            return 0
        fi
        PG_WHY="PG_BINDIR=$PG_BINDIR has no initdb, pg_ctl and psql"
        return 1
    fi
    if command -v pg_config >/dev/null 2>&1; then
        dir="$(pg_config --bindir 2>/dev/null || true)"
        if [[ -n "$dir" ]] && _pg_has_tools "$dir"; then
            PG_BINDIR="$dir"
        fi
    fi
    if [[ -z "$PG_BINDIR" ]]; then
        while IFS= read -r dir; do
            if _pg_has_tools "$dir"; then
                PG_BINDIR="$dir"
                break
            fi
        done < <(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r)
    fi
    if [[ -z "$PG_BINDIR" ]] && initdb="$(command -v initdb 2>/dev/null)"; then
        # Follow symlinks (/usr/local/bin/initdb -> /usr/lib/postgresql/15/bin/initdb) so that
        # pg_ctl and psql come from the same installation.
        dir="$(dirname "$(readlink -f "$initdb")")"
        if _pg_has_tools "$dir"; then
            PG_BINDIR="$dir"
        fi
    fi
    if [[ -z "$PG_BINDIR" ]]; then
        PG_WHY="initdb not found (install postgresql, or set PG_BINDIR)"
        return 1
    fi
    # PostgreSQL refuses to run as root: run its tools as the postgres user.
    if [[ "$(id -u)" == 0 ]]; then
        if ! id -u postgres >/dev/null 2>&1; then
            PG_WHY="running as root and there is no 'postgres' user to run the server as"
            return 1
        fi
        if command -v runuser >/dev/null 2>&1; then
            PG_RUNAS=(runuser -u postgres --)
        else
            PG_RUNAS=(_pg_su)
        fi
    fi
    return 0
}

_pg_su() {
    su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
}

# Run a PostgreSQL tool (as postgres when root) from inside the temp dir, so that a working
# directory the postgres user cannot read does not matter.
_pg() {
    local tool="$1"
    shift
    (cd "$PG_TMP" && ${PG_RUNAS[@]+"${PG_RUNAS[@]}"} "$PG_BINDIR/$tool" "$@")
}

_pg_free_port() {
    python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

pg_start() {
    local locale_opt attempt
    PG_TMP="$(mktemp -d "${TMPDIR:-/tmp}/gyokaku-pg.XXXXXX")"
    if [[ ${#PG_RUNAS[@]} -gt 0 ]]; then
        chown postgres: "$PG_TMP"
    fi
    # C.UTF-8 gives Unicode-aware lower()/upper() (so icontains folds full-width letters) with
    # code-point ordering; fall back to plain C where the system has no such locale.
    if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then
        locale_opt=(--locale=C.UTF-8)
    else
        locale_opt=(--no-locale)
    fi
    if ! _pg initdb -D "$PG_TMP/data" -U postgres -E UTF8 "${locale_opt[@]}" \
        --auth-local=trust --auth-host=scram-sha-256 --no-sync >"$PG_TMP/initdb.log" 2>&1; then
        cat "$PG_TMP/initdb.log" >&2
        echo "pg.sh: initdb failed" >&2
        return 1
    fi
    # Appending as root keeps the file's owner (postgres).
    cat >>"$PG_TMP/data/postgresql.conf" <<CONF

# gyokaku throwaway cluster (scripts/lib/pg.sh): loopback only, socket in the temp dir, and no
# durability, since the data is deleted when the tests end.
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_TMP'
fsync = off
full_page_writes = off
synchronous_commit = off
CONF
    for attempt in 1 2 3; do
        # The port is free when we look; another process could take it before the server
        # binds, hence the retries.
        PG_PORT="$(_pg_free_port)"
        if _pg pg_ctl -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 60 \
            -o "-p $PG_PORT" start >/dev/null; then
            break
        fi
        if [[ $attempt == 3 ]]; then
            cat "$PG_TMP/server.log" >&2 || true
            echo "pg.sh: the server did not start" >&2
            return 1
        fi
    done
    _pg psql -X -q -v ON_ERROR_STOP=1 -h "$PG_TMP" -p "$PG_PORT" -U postgres -d postgres \
        -c "CREATE ROLE $PG_USER LOGIN SUPERUSER PASSWORD '$PG_PASSWORD'" \
        -c "CREATE DATABASE $PG_DBNAME OWNER $PG_USER" || return 1
    PG_URL="postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DBNAME"
}

pg_stop() {
    local pid i
    [[ -n "$PG_TMP" && -d "$PG_TMP" ]] || return 0
    if [[ -f "$PG_TMP/data/postmaster.pid" ]]; then
        pid="$(head -n 1 "$PG_TMP/data/postmaster.pid" 2>/dev/null || true)"
        # immediate: no checkpoint, the data is about to be deleted anyway.
        _pg pg_ctl -D "$PG_TMP/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
            kill -KILL "$pid" 2>/dev/null || true
            for i in $(seq 1 50); do
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.1
            done
        fi
    fi
    rm -rf "$PG_TMP"
    PG_TMP=""
}
