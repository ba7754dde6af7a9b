"""Back-up and restore with scripts/backup.sh and scripts/restore.sh bring all data back (§7).

Runs only on PostgreSQL. The data is committed in the test database (transaction=True), dumped
with backup.sh, and restored into a separately created, empty scratch database; the test then
compares every table's rows. A second restore over changed data shows that --clean replaces it.
"""

import os
import shutil
import subprocess
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
from django.conf import settings
from django.db import connection
from psycopg2 import sql

from tests.conftest import postgresql_only
from tests.factories import GovernanceBodyFactory, MembershipFactory, SeatFactory

SCRIPTS = Path(settings.BASE_DIR) / "scripts"

pytestmark = [
    postgresql_only("back-up and restore use pg_dump/pg_restore"),
    pytest.mark.django_db(transaction=True),
]


def database_url(name: str) -> str:
    db = settings.DATABASES["default"]
    auth = quote(db["USER"] or "")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    host = db.get("HOST") or "localhost"
    port = db.get("PORT") or 5432
    return f"postgres://{auth}@{host}:{port}/{name}"


def server_connection():
    db = settings.DATABASES["default"]
    conn = psycopg2.connect(
        dbname="postgres",
        user=db["USER"],
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
    )
    conn.autocommit = True
    return conn


@pytest.fixture
def scratch_database():
    """An empty database of its own, dropped afterwards."""
    name = f"ghnt_restore_{uuid.uuid4().hex[:12]}"
    # No "with conn": psycopg2 would open a transaction, and CREATE DATABASE refuses to run in one.
    conn = server_connection()
    with conn.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield name
    with conn.cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
    conn.close()


def run_script(
    script: str, *args: str, url: str, path: str | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own scripts with fixed arguments
        ["bash", str(SCRIPTS / script), *args],  # noqa: S607
        env={**os.environ, "DATABASE_URL": url, "PATH": path or os.environ["PATH"]},
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def snapshot(dbname: str) -> dict[str, list]:
    """Every row of every table in the public schema, sorted, per table."""
    db = settings.DATABASES["default"]
    conn = psycopg2.connect(
        dbname=dbname,
        user=db["USER"],
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
    )
    try:
        with conn.cursor() as cursor:
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
            tables = [row[0] for row in cursor.fetchall()]
            rows = {}
            for table in tables:
                cursor.execute(sql.SQL("SELECT * FROM {}").format(sql.Identifier(table)))
                rows[table] = sorted(map(repr, cursor.fetchall()))
            return rows
    finally:
        conn.close()


def make_data():
    body = GovernanceBodyFactory()
    SeatFactory.create_batch(3, body=body)
    MembershipFactory(region=body.region)
    return body


def test_a_restore_brings_every_row_back(tmp_path, scratch_database):
    body = make_data()
    source = connection.settings_dict["NAME"]
    dump = tmp_path / "ghnt.dump"

    backup = run_script("backup.sh", str(dump), url=database_url(source))
    assert backup.returncode == 0, backup.stderr
    assert dump.stat().st_mode & 0o077 == 0  # readable by its owner only

    restore = run_script("restore.sh", str(dump), url=database_url(scratch_database))
    assert restore.returncode == 0, restore.stderr

    original, restored = snapshot(source), snapshot(scratch_database)
    assert restored == original
    assert any(body.name in row for row in restored["regions_governancebody"])
    assert len(restored["regions_seat"]) == 3


def test_a_restore_replaces_changed_data(tmp_path, scratch_database):
    body = make_data()
    source = connection.settings_dict["NAME"]
    dump = tmp_path / "ghnt.dump"
    run_script("backup.sh", str(dump), url=database_url(source))
    run_script("restore.sh", str(dump), url=database_url(scratch_database))
    with psycopg2.connect(database_url(scratch_database)) as conn, conn.cursor() as cursor:
        cursor.execute("UPDATE regions_governancebody SET name = 'overschreven'")
        cursor.execute("DELETE FROM regions_seat")
    conn.close()

    restore = run_script("restore.sh", str(dump), url=database_url(scratch_database))

    assert restore.returncode == 0, restore.stderr
    restored = snapshot(scratch_database)
    assert restored == snapshot(source)
    assert any(body.name in row for row in restored["regions_governancebody"])


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, scratch_database):
    bogus = tmp_path / "kapot.dump"
    bogus.write_text("geen back-up")

    result = run_script("restore.sh", str(bogus), url=database_url(scratch_database))

    assert result.returncode != 0
    assert "geen bruikbare back-up" in result.stderr


def test_backup_refuses_a_database_that_is_not_postgresql(tmp_path):
    result = run_script("backup.sh", str(tmp_path / "x.dump"), url="sqlite:///db.sqlite3")

    assert result.returncode == 2
    assert not (tmp_path / "x.dump").exists()


def test_a_restore_over_a_newer_release_drops_the_tables_the_backup_lacks(
    tmp_path, scratch_database
):
    """Rolling back a release: the database has a table (with a foreign key) that the older
    back-up lacks. The restore replaces the database, so that `manage.py migrate` creates that
    table again, instead of failing on the foreign key or keeping the newer table's rows."""
    make_data()
    source = connection.settings_dict["NAME"]
    dump = tmp_path / "ghnt.dump"
    run_script("backup.sh", str(dump), url=database_url(source))
    run_script("restore.sh", str(dump), url=database_url(scratch_database))
    with psycopg2.connect(database_url(scratch_database)) as conn, conn.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE newer_release (id serial PRIMARY KEY,"
            " user_id bigint REFERENCES accounts_user (id))"
        )
        cursor.execute("INSERT INTO newer_release (user_id) SELECT id FROM accounts_user")
    conn.close()

    restore = run_script("restore.sh", str(dump), url=database_url(scratch_database))

    assert restore.returncode == 0, restore.stderr
    assert snapshot(scratch_database) == snapshot(source)


def test_a_restore_that_breaks_off_halfway_changes_nothing(tmp_path, scratch_database):
    """A pg_restore that stops halfway (a damaged file, a full disk): the tables dropped first and
    whatever was restored so far roll back with the transaction."""
    make_data()
    source = connection.settings_dict["NAME"]
    dump = tmp_path / "ghnt.dump"
    run_script("backup.sh", str(dump), url=database_url(source))
    run_script("restore.sh", str(dump), url=database_url(scratch_database))
    with psycopg2.connect(database_url(scratch_database)) as conn, conn.cursor() as cursor:
        cursor.execute("UPDATE regions_governancebody SET name = 'na de back-up'")
    conn.close()
    before = snapshot(scratch_database)
    fake = tmp_path / "bin"
    fake.mkdir()
    real = shutil.which("pg_restore")
    (fake / "pg_restore").write_text(
        "#!/bin/bash\n"
        f'case " $* " in *" --list "*) exec {real} "$@";; esac\n'
        f'{real} "$@" | head -n 300\n'
        "exit 1\n"
    )
    (fake / "pg_restore").chmod(0o755)

    restore = run_script(
        "restore.sh",
        str(dump),
        url=database_url(scratch_database),
        path=f"{fake}:{os.environ['PATH']}",
    )

    assert restore.returncode != 0
    assert snapshot(scratch_database) == before
