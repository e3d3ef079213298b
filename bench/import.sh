#!/usr/bin/env bash
# Import benchmark (issue 4, "Scale"); see docs/benchmarks.md.
#   bash bench/import.sh
# Builds Release, generates one laboratory's synthetic file of 491,840 rows, imports it end to end through the app's
# code on SQLite (file, WAL) and on PostgreSQL, each in a fresh process, times each database's own bulk loader on the
# same file, prints a summary table and removes everything it created.
#
# Environment:
#   ROWS=491840                 rows to generate
#   PROVIDERS="sqlite postgresql"
#   NOTIFIER_BENCH_POSTGRES     Npgsql connection string to an existing server (user allowed to CREATE DATABASE);
#                               without it a throwaway cluster is started on 127.0.0.1
#   PG_BIN                      folder of initdb and pg_ctl (default: /usr/local/bin, else /usr/lib/postgresql/<v>/bin)
#   PG_SERVER_OPTIONS           extra options for the throwaway server, e.g. "-c shared_buffers=512MB -c max_wal_size=4GB"
#   CHUNK_ROWS                  overrides Imports:ChunkRows
#   KEEP=1                      keep the work folder (file, databases, results)
set -euo pipefail
export PGOPTIONS="-c client_min_messages=warning"
cd "$(dirname "$0")/.."
ROOT=$(pwd)

ROWS=${ROWS:-491840}
PROVIDERS=${PROVIDERS:-"sqlite postgresql"}
WORK=$(mktemp -d /tmp/notifier-bench-XXXXXX)
chmod 755 "$WORK"
RESULTS="$WORK/results"
mkdir -p "$RESULTS"
PG_DIR=""
PG_CTL=""
AS_PG=()

cleanup() {
  if [ -n "$PG_DIR" ] && [ -f "$PG_DIR/data/postmaster.pid" ]; then
    "${AS_PG[@]}" "$PG_CTL" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  [ -n "$PG_DIR" ] && rm -rf "$PG_DIR"
  if [ "${KEEP:-0}" = 1 ]; then
    echo "Kept $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

echo "== Build (Release)"
dotnet build bench/Notifier.Benchmarks/Notifier.Benchmarks.csproj -c Release -nologo -v q -clp:"ErrorsOnly;NoSummary"
BENCH=(dotnet "$ROOT/bench/Notifier.Benchmarks/bin/Release/net10.0/Notifier.Benchmarks.dll")

echo "== Generate $ROWS synthetic rows (one laboratory)"
FILE="$WORK/patients-L01.csv"
"${BENCH[@]}" generate --count "$ROWS" --out "$FILE" --seed 1 --lab-code L01

EXTRA=()
[ -n "${CHUNK_ROWS:-}" ] && EXTRA+=(--chunk-rows "$CHUNK_ROWS")

start_postgres() {
  if [ -n "${NOTIFIER_BENCH_POSTGRES:-}" ]; then
    PG_SERVER="$NOTIFIER_BENCH_POSTGRES"
    return
  fi
  local bin=${PG_BIN:-}
  if [ -z "$bin" ]; then
    if [ -x /usr/local/bin/initdb ]; then bin=/usr/local/bin
    else bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1); fi
  fi
  [ -x "$bin/initdb" ] || { echo "PostgreSQL server binaries not found (set PG_BIN)" >&2; exit 1; }
  PG_CTL="$bin/pg_ctl"
  # PostgreSQL refuses to run as root: as the test fixture does, run it as nobody in a folder under /tmp.
  PG_DIR=$(mktemp -d /tmp/notifier-bench-pg-XXXXXX)
  chmod 700 "$PG_DIR"
  if [ "$(id -u)" = 0 ]; then
    chown nobody: "$PG_DIR"
    AS_PG=(runuser -u nobody --)
  fi
  (cd "$PG_DIR" && "${AS_PG[@]}" "$bin/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null) \
    || (cd "$PG_DIR" && rm -rf "$PG_DIR/data" && "${AS_PG[@]}" "$bin/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null)
  local port=""
  for p in $(seq 55432 55532); do
    if ! (exec 3<>/dev/tcp/127.0.0.1/"$p") 2>/dev/null; then port=$p; break; fi
  done
  [ -n "$port" ] || { echo "no free port" >&2; exit 1; }
  # Server defaults (fsync on, synchronous_commit on): the loader and the import see the same durability.
  (cd "$PG_DIR" && "${AS_PG[@]}" "$PG_CTL" -D "$PG_DIR/data" -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 ${PG_SERVER_OPTIONS:-}" \
    -w -t 60 -l "$PG_DIR/server.log" start >/dev/null)
  PG_SERVER="Host=127.0.0.1;Port=$port;Username=postgres"
}

pg_database() { # name → connection string; (re)creates the database
  local name=$1
  PGPASSWORD=$(sed -n 's/.*Password=\([^;]*\).*/\1/p' <<<"$PG_SERVER") \
  psql "$(pg_conninfo postgres)" -v ON_ERROR_STOP=1 -q \
    -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" -c "CREATE DATABASE $name ENCODING 'UTF8' TEMPLATE template0"
  echo "$PG_SERVER;Database=$name"
}

pg_conninfo() { # Npgsql "Key=Value;..." → libpq "host=... port=... user=... dbname=..."
  local db=$1 out="" key value
  IFS=';' read -ra parts <<<"$PG_SERVER"
  for part in "${parts[@]}"; do
    key=$(tr '[:upper:]' '[:lower:]' <<<"${part%%=*}" | tr -d ' '); value=${part#*=}
    case "$key" in
      host|server) out+=" host=$value" ;;
      port) out+=" port=$value" ;;
      username|userid|user) out+=" user=$value" ;;
    esac
  done
  echo "$out dbname=$db"
}

for provider in $PROVIDERS; do
  case "$provider" in
    sqlite)
      echo "== SQLite: sqlite3 .import (reference)"
      "${BENCH[@]}" loader --provider sqlite --connection "$WORK/sqlite-loader.db" --file "$FILE" --result "$RESULTS/sqlite-loader.json"
      echo "== SQLite: import (fresh process)"
      "${BENCH[@]}" import --provider sqlite --connection "Data Source=$WORK/sqlite/notifier.db" --data "$WORK/sqlite" \
        --file "$FILE" --result "$RESULTS/sqlite-import.json" "${EXTRA[@]}" || echo "SQLite import did not complete" >&2
      ;;
    postgresql)
      start_postgres
      echo "== PostgreSQL: COPY FROM STDIN via psql (reference)"
      "${BENCH[@]}" loader --provider postgresql --connection "$(pg_database notifier_bench_loader)" --file "$FILE" \
        --result "$RESULTS/postgresql-loader.json"
      echo "== PostgreSQL: import (fresh process)"
      "${BENCH[@]}" import --provider postgresql --connection "$(pg_database notifier_bench_import)" --data "$WORK/postgresql" \
        --file "$FILE" --result "$RESULTS/postgresql-import.json" "${EXTRA[@]}" || echo "PostgreSQL import did not complete" >&2
      if [ -n "${NOTIFIER_BENCH_POSTGRES:-}" ]; then
        PGPASSWORD=$(sed -n 's/.*Password=\([^;]*\).*/\1/p' <<<"$PG_SERVER") psql "$(pg_conninfo postgres)" -q \
          -c "DROP DATABASE IF EXISTS notifier_bench_loader WITH (FORCE)" -c "DROP DATABASE IF EXISTS notifier_bench_import WITH (FORCE)"
      fi
      ;;
    *) echo "unknown provider $provider" >&2; exit 2 ;;
  esac
done

echo
echo "== Summary ($(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), $ROWS rows, $(du -m "$FILE" | cut -f1) MB file)"
status=0
"${BENCH[@]}" summary --results "$RESULTS" || status=1
for provider in $PROVIDERS; do
  [ -f "$RESULTS/$provider-import.json" ] || { echo "No result for the $provider import." >&2; status=1; }
done
exit $status
