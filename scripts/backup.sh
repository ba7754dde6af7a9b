#!/usr/bin/env bash
# Back-up of the portal's PostgreSQL database (DATABASE_URL) with pg_dump in custom format.
#   scripts/backup.sh [FILE]      default FILE: backups/ghnt-<UTC date-time>.dump
# Prints the file name. The file holds personal data: it is created readable by its owner only.
set -euo pipefail

die() { echo "backup.sh: $*" >&2; exit 2; }

[ -n "${DATABASE_URL:-}" ] || die "DATABASE_URL is niet gezet."
case "$DATABASE_URL" in
  postgres://*|postgresql://*) ;;
  *) die "DATABASE_URL is geen PostgreSQL-database; back-ups gaan met pg_dump." ;;
esac
command -v pg_dump >/dev/null || die "pg_dump ontbreekt (apt-get install postgresql-client)."

file="${1:-backups/ghnt-$(date -u +%Y%m%d-%H%M%S).dump}"
mkdir -p "$(dirname "$file")"
umask 077
# Write to a temporary name first, so a broken dump never looks like a finished back-up.
pg_dump --format=custom --no-owner --no-privileges --file="$file.partial" --dbname="$DATABASE_URL"
mv -f "$file.partial" "$file"
echo "$file"
