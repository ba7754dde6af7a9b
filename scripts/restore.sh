#!/usr/bin/env bash
# Restore a back-up made by scripts/backup.sh into the database of DATABASE_URL.
#   scripts/restore.sh FILE
# Replaces everything in that database with the back-up, in one transaction: when anything fails,
# the database stays as it was. Asks for confirmation when run from a terminal; stop the portal
# (gunicorn) first.
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
command -v pg_restore >/dev/null && command -v psql >/dev/null \
  || die "pg_restore of psql ontbreekt (apt-get install postgresql-client)."

# Check that the file is a readable archive before touching the database.
pg_restore --list "$file" >/dev/null || die "$file is geen bruikbare back-up."

if [ -t 0 ]; then
  target="${DATABASE_URL##*@}"
  read -r -p "Alle gegevens in ${target} worden vervangen door ${file}. Doorgaan? [ja/nee] " answer
  [ "$answer" = "ja" ] || die "afgebroken."
fi

# First drop every table, also those of a newer release that the back-up lacks (after a rollback):
# their foreign keys would block the restore, and `manage.py migrate` could not create them again.
# COMMIT follows only a complete pg_restore; without it psql ends and the transaction rolls back.
{
  echo "BEGIN;"
  echo "SET client_min_messages = warning;"
  cat <<'SQL'
DO $$
DECLARE t record;
BEGIN
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
    EXECUTE format('DROP TABLE IF EXISTS public.%I CASCADE', t.tablename);
  END LOOP;
END $$;
SQL
  pg_restore --clean --if-exists --no-owner --no-privileges --file=- "$file"
  echo "COMMIT;"
} | psql --no-psqlrc --quiet --set=ON_ERROR_STOP=1 --dbname="$DATABASE_URL" >/dev/null
echo "Hersteld: $file"
