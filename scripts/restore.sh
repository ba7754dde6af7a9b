#!/usr/bin/env bash
# Restore a back-up made by scripts/backup.sh into the database of DATABASE_URL.
#   scripts/restore.sh FILE
# Replaces everything in that database with the back-up (pg_restore --clean --if-exists), in one
# transaction: when anything fails, the database stays as it was. Asks for confirmation when run
# from a terminal; stop the portal (gunicorn) first.
set -euo pipefail

die() { echo "restore.sh: $*" >&2; exit 2; }

file="${1:-}"
[ -n "$file" ] || die "gebruik: scripts/restore.sh BESTAND"
[ -r "$file" ] || die "kan $file niet lezen."
[ -n "${DATABASE_URL:-}" ] || die "DATABASE_URL is niet gezet."
case "$DATABASE_URL" in
  postgres://*|postgresql://*) ;;
  *) die "DATABASE_URL is geen PostgreSQL-database." ;;
esac
command -v pg_restore >/dev/null || die "pg_restore ontbreekt (apt-get install postgresql-client)."

# Check that the file is a readable archive before touching the database.
pg_restore --list "$file" >/dev/null || die "$file is geen bruikbare back-up."

if [ -t 0 ]; then
  target="${DATABASE_URL##*@}"
  read -r -p "Alle gegevens in ${target} worden vervangen door ${file}. Doorgaan? [ja/nee] " answer
  [ "$answer" = "ja" ] || die "afgebroken."
fi

pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error \
  --dbname="$DATABASE_URL" "$file"
echo "Hersteld: $file"
