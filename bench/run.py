"""``make bench``: the portal under gunicorn on PostgreSQL with the national dataset, under load.

Steps: create the database if missing, migrate, load the reference content, build the national
dataset once, collectstatic, create logged-in sessions for bench users, start gunicorn with
2 workers (settings ghnt_portal.settings.bench), warm it up (every persona's pages), drive
load with locust (headless, in its own process), time the PDFs, and write bench/results.json
plus a table.

Exit code: non-zero only when requests failed (or the run itself broke); target misses are
printed clearly but do not fail the run. gunicorn and locust are always stopped at the end,
also on Ctrl+C or an error.

    .venv/bin/python bench/run.py [--users 50] [--seconds 60] [--pdf-renders 10]
"""

import argparse
import csv
import datetime
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PYTHON = sys.executable
BIN = Path(PYTHON).parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/ghnt_bench"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
BASE_URL = f"http://127.0.0.1:{PORT}"
SESSIONS = BENCH / "sessions.json"
RESULTS = BENCH / "results.json"
CSV_PREFIX = BENCH / "locust"

# Targets of issue 7.
P95_FLOOR_RATIO = 4.0
MEETING_PDF_MEDIAN_S = 1.0
CACHED_PDF_MS = 50.0
# Rows of the table that are not pages the targets are about.
NOT_PAGES = {"vloer", "vloer ingelogd", "totaal"}

_children: list[subprocess.Popen] = []

# gunicorn's access log format during the benchmark: the request time and locust's page label.
ACCESS_LOG_FORMAT = "%(s)s %(L)s label=%({x-bench-label}i)s"
ACCESS_LINE = re.compile(r"(\d{3}) ([0-9.]+) label=(.+)$")


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def environment(database_url: str, threads: int = 1) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "ghnt_portal.settings.bench",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-not-a-secret-" + "x" * 40),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DEBUG": "0",
            "PDF_CACHE_DIR": str(ROOT / "var" / "bench-pdf-cache"),
            "GUNICORN_BIND": f"127.0.0.1:{PORT}",
            "GUNICORN_WORKERS": "2",
            "GUNICORN_THREADS": str(threads),
            "GUNICORN_MAX_REQUESTS": "0",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def ensure_database(database_url: str) -> None:
    """Create the PostgreSQL database of DATABASE_URL when it does not exist yet."""
    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    connection = psycopg2.connect(admin_url)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                log(f"database {name} aanmaken")
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        connection.close()


def machine_speed_ms(repeats: int = 7) -> float:
    """A fixed piece of pure Python work (the fastest of ``repeats``), in ms: runs on different
    machines are compared by this number, since the same portal is 2x slower on a slower core."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        sum(i * i for i in range(1_000_000))
        times.append(time.perf_counter() - started)
    return round(min(times) * 1000, 1)


def run(args: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, env=env, cwd=ROOT, check=True, **kwargs)  # noqa: S603 - own commands


def manage(env: dict, *args: str) -> None:
    run([PYTHON, "manage.py", *args], env)


def start(args: list[str], env: dict, log_name: str) -> subprocess.Popen:
    """A child in its own process group, so that it and its children can be stopped together."""
    output = (BENCH / log_name).open("w")
    process = subprocess.Popen(  # noqa: S603 - own commands
        args, env=env, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
    )
    _children.append(process)
    return process


def stop_children() -> None:
    for process in reversed(_children):
        if process.poll() is not None:
            continue
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            continue
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    _children.clear()


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn is gestopt; zie bench/gunicorn.log")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:  # noqa: S310 - local URL
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise RuntimeError(f"{url} antwoordt niet binnen {seconds} s")


def fetch(path: str, cookie_name: str, cookie: str | None) -> str | None:
    """GET ``path`` (logged in with ``cookie``, if any) and read it; what went wrong, or None.
    A redirect counts as a problem: it means an expired bench session landed on the login."""
    headers = {"Cookie": f"{cookie_name}={cookie}"} if cookie else {}
    request = urllib.request.Request(BASE_URL + path, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310
            answer.read()
            if answer.status != 200 or answer.url != BASE_URL + path:
                return f"status {answer.status} ({answer.url})"
    except urllib.error.HTTPError as error:
        return f"status {error.code}"
    return None


def warm_up(sessions: dict, repeats: int = 5) -> tuple[list[str], dict[str, float]]:
    """Visit every page ``repeats`` times one after the other, before the load: fills caches,
    checks the personas, and gives each page's median time without load. Returns the problems
    and those medians (ms)."""
    problems, unloaded = [], {}
    cookie_name = sessions["session_cookie"]
    people = sessions["leaders"][:1] + sessions["bestuurders"][:1] + sessions["national"][:1]
    # The floor with a session cookie: what logging in costs on every request (session read
    # and write, user, second-factor device), before any page does its own work.
    pages = [
        ("vloer", sessions["floor"], None),
        ("vloer ingelogd", sessions["floor"], sessions["leaders"][0]["cookie"]),
    ]
    pages += [
        (label, path, person["cookie"])
        for person in people
        for label, path in person["urls"].items()
        if path
    ]
    for label, path, cookie in pages:
        times = []
        for _ in range(repeats + 1):
            started = time.perf_counter()
            problem = fetch(path, cookie_name, cookie)
            if problem:
                problems.append(f"{label}: {problem}")
                break
            times.append(time.perf_counter() - started)
        if len(times) > 1:
            unloaded[label] = round(statistics.median(times[1:]) * 1000, 1)
    return problems, unloaded


def visit_every_persona(sessions: dict, rounds: int = 2) -> list[str]:
    """Every page of every persona, ``rounds`` times, before the load: a server in production
    is warm (the other regions' rows in PostgreSQL's buffers, every template compiled in both
    workers). Without this, the first half minute of the load measured cold caches."""
    problems = []
    cookie_name = sessions["session_cookie"]
    people = sessions["leaders"] + sessions["bestuurders"] + sessions["national"]
    for _ in range(rounds):
        for person in people:
            for label, path in person["urls"].items():
                if not path:
                    continue
                problem = fetch(path, cookie_name, person["cookie"])
                if problem:
                    problems.append(f"{label} ({path}): {problem}")
    return sorted(set(problems))


def read_locust_stats() -> dict[str, dict]:
    stats = {}
    path = Path(f"{CSV_PREFIX}_stats.csv")
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            label = row["Name"] if row["Type"] else "Aggregated"
            if row["Name"] == "Aggregated":
                label = "totaal"
            stats[label] = {
                "method": row["Type"],
                "requests": int(row["Request Count"]),
                "errors": int(row["Failure Count"]),
                "p50_ms": float(row["50%"] or 0),
                "p95_ms": float(row["95%"] or 0),
                "p99_ms": float(row["99%"] or 0),
                "rps": round(float(row["Requests/s"] or 0), 2),
            }
    return stats


def read_server_times() -> dict[str, dict]:
    """Per locust label, the time the server spent (gunicorn's access log): p50 and p95 in ms.

    Locust's own times add the wait in gunicorn's queue and locust's own share of the CPU."""
    times: dict[str, list[float]] = {}
    with (BENCH / "gunicorn.log").open(encoding="utf-8") as handle:
        for line in handle:
            match = ACCESS_LINE.search(line.strip())
            if match and match.group(3) != "-":
                times.setdefault(match.group(3), []).append(float(match.group(2)) * 1000)
    result = {}
    for label, values in times.items():
        values.sort()
        result[label] = {
            "server_p50_ms": round(statistics.median(values), 1),
            "server_p95_ms": round(values[min(len(values) - 1, int(len(values) * 0.95))], 1),
        }
    return result


def print_table(pages: dict[str, dict], pdfs: dict[str, dict], unloaded: dict[str, float]) -> None:
    header = f"{'pagina':24} {'req':>6} {'fout':>5} {'p50':>7} {'p95':>7} {'p99':>7} "
    header += f"{'req/s':>7} {'p95/vloer':>9} {'/ingelogd':>9} {'zonder last':>11} "
    header += f"{'server p50/p95':>15}"
    print()
    print(header)
    print("-" * len(header))
    for label, row in pages.items():
        ratio = row.get("p95_floor_ratio")
        ratio_text = f"{ratio:.1f}x" if ratio is not None else "-"
        logged_in = row.get("p95_logged_in_floor_ratio")
        logged_in_text = f"{logged_in:.1f}x" if logged_in is not None else "-"
        alone = row.get("unloaded_median_ms")
        alone_text = f"{alone:.0f}ms" if alone is not None else "-"
        server = (
            f"{row['server_p50_ms']:.0f}/{row['server_p95_ms']:.0f}ms"
            if "server_p50_ms" in row
            else "-"
        )
        print(
            f"{label:24} {row['requests']:>6} {row['errors']:>5} {row['p50_ms']:>6.0f}ms "
            f"{row['p95_ms']:>5.0f}ms {row['p99_ms']:>5.0f}ms {row['rps']:>7.2f} {ratio_text:>9} "
            f"{logged_in_text:>9} {alone_text:>11} {server:>15}"
        )
    for label, alone in unloaded.items():
        if label not in pages:
            print(f"{label:24} {'(alleen zonder last gemeten)':>57} {alone:>9.0f}ms")
    print()
    for label, row in pdfs.items():
        print(
            f"{label:24} vers: mediaan {row['fresh_median_s']:.2f} s (max {row['fresh_max_s']:.2f})"
            f", nogmaals: mediaan {row['cached_median_ms']:.0f} ms"
            f" (max {row['cached_max_ms']:.0f})"
        )
    print()


def check_targets(pages: dict, pdfs: dict, skipped: list[str]) -> list[str]:
    misses = []
    for label, row in pages.items():
        if row["errors"]:
            misses.append(f"{label}: {row['errors']} fouten")
        ratio = row.get("p95_floor_ratio")
        if label not in NOT_PAGES and ratio is not None and ratio > P95_FLOOR_RATIO:
            misses.append(f"{label}: p95 {ratio:.1f}x de vloer (doel <= {P95_FLOOR_RATIO:.0f}x)")
    meeting = pdfs.get("meeting report PDF")
    if meeting and meeting["fresh_median_s"] >= MEETING_PDF_MEDIAN_S:
        misses.append(
            f"vergaderverslag-PDF: mediaan {meeting['fresh_median_s']:.2f} s "
            f"(doel < {MEETING_PDF_MEDIAN_S:.0f} s)"
        )
    for label, row in pdfs.items():
        if row["cached_median_ms"] >= CACHED_PDF_MS:
            misses.append(
                f"{label} nogmaals downloaden: {row['cached_median_ms']:.0f} ms "
                f"(doel < {CACHED_PDF_MS:.0f} ms)"
            )
    misses += [f"niet gemeten: {label} (URL bestaat nog niet)" for label in skipped]
    return misses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--pdf-renders", type=int, default=10)
    parser.add_argument("--regions", type=int, default=28)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument(
        "--threads", type=int, default=1, help="threads per gunicorn worker (gthread when > 1)"
    )
    options = parser.parse_args()

    database_url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get(
        "DATABASE_URL", DEFAULT_DATABASE_URL
    )
    if not database_url.startswith("postgres"):
        log("De benchmark draait op PostgreSQL: zet DATABASE_URL op een postgres://-adres.")
        return 2
    env = environment(database_url, options.threads)
    load_before = os.getloadavg()
    speed = machine_speed_ms()

    log(f"database: {urlsplit(database_url).path.lstrip('/')}")
    ensure_database(database_url)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_reference_content")
    manage(
        env,
        "build_national_dataset",
        "--skip-if-present",
        f"--regions={options.regions}",
        f"--scale={options.scale}",
    )
    manage(env, "collectstatic", "--noinput", "-v0")
    run([PYTHON, str(BENCH / "prepare.py"), str(SESSIONS)], env)
    sessions = json.loads(SESSIONS.read_text(encoding="utf-8"))
    skipped = [
        label
        for group in ("leaders", "bestuurders", "national")
        for person in sessions[group][:1]
        for label, path in person["urls"].items()
        if not path
    ]
    for label in skipped:
        log(f"overgeslagen: {label} (URL-naam bestaat nog niet)")

    log(f"gunicorn starten (2 workers, {options.threads} thread(s) per worker)")
    gunicorn = start(
        [
            str(BIN / "gunicorn"),
            "--config",
            "gunicorn.conf.py",
            f"--access-logformat={ACCESS_LOG_FORMAT}",
            "ghnt_portal.wsgi",
        ],
        env,
        "gunicorn.log",
    )
    wait_until_up(BASE_URL + sessions["floor"], gunicorn)
    problems, unloaded = warm_up(sessions)
    problems += visit_every_persona(sessions)
    for problem in problems:
        log(f"opwarmen: {problem}")

    log(f"locust: {options.users} gebruikers, {options.seconds} s")
    for old in BENCH.glob("locust_*.csv"):
        old.unlink()
    locust_env = dict(env, BENCH_SESSIONS=str(SESSIONS))
    locust = start(
        [
            str(BIN / "locust"),
            "-f",
            str(BENCH / "locustfile.py"),
            "--headless",
            "--only-summary",
            f"--users={options.users}",
            f"--spawn-rate={max(1, options.users // 5)}",
            f"--run-time={options.seconds}s",
            f"--host={BASE_URL}",
            f"--csv={CSV_PREFIX}",
            "--stop-timeout=5",
        ],
        locust_env,
        "locust.log",
    )
    try:
        locust.wait(timeout=options.seconds + 120)
    except subprocess.TimeoutExpired:
        log("locust stopt niet op tijd; wordt beëindigd")
    load_during = os.getloadavg()

    log(f"PDF's: {options.pdf_renders} keer vers en nogmaals")
    timing = run(
        [PYTHON, str(BENCH / "pdf_timing.py"), str(SESSIONS), BASE_URL, str(options.pdf_renders)],
        env,
        capture_output=True,
        text=True,
    )
    pdfs = json.loads(timing.stdout.strip().splitlines()[-1])
    stop_children()

    pages = read_locust_stats()
    for label, server in read_server_times().items():
        if label in pages:
            pages[label].update(server)
    floor_p95 = pages.get("vloer", {}).get("p95_ms") or None
    # Beside the target, for reading it: the same view with a session cookie as the floor.
    logged_in_floor_p95 = pages.get("vloer ingelogd", {}).get("p95_ms") or None
    for label, row in pages.items():
        row["p95_floor_ratio"] = round(row["p95_ms"] / floor_p95, 2) if floor_p95 else None
        row["p95_logged_in_floor_ratio"] = (
            round(row["p95_ms"] / logged_in_floor_p95, 2) if logged_in_floor_p95 else None
        )
        row["unloaded_median_ms"] = unloaded.get(label)
    misses = check_targets(pages, pdfs, skipped) + [f"opwarmen: {p}" for p in problems]
    results = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "users": options.users,
        "seconds": options.seconds,
        "gunicorn_workers": 2,
        "gunicorn_threads": options.threads,
        "cpu_count": os.cpu_count(),
        "machine_speed_ms": speed,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after_load": [round(x, 2) for x in load_during],
        "targets": {
            "p95_floor_ratio_max": P95_FLOOR_RATIO,
            "meeting_pdf_median_s_max": MEETING_PDF_MEDIAN_S,
            "cached_pdf_ms_max": CACHED_PDF_MS,
        },
        "unloaded_median_ms": unloaded,
        "pages": pages,
        "pdfs": pdfs,
        "skipped": skipped,
        "target_misses": misses,
    }
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print_table(pages, pdfs, unloaded)
    print(
        f"Belasting van de machine (load average 1 min) vooraf {load_before[0]:.2f}, "
        f"na de lastproef {load_during[0]:.2f} op {os.cpu_count()} cores; "
        f"snelheid van de machine {speed:.0f} ms (vaste rekenklus, lager is sneller)."
    )
    if misses:
        print("DOELEN GEMIST:")
        for miss in misses:
            print(f"  - {miss}")
    else:
        print("Alle doelen gehaald.")
    print(f"Resultaten: {RESULTS.relative_to(ROOT)}")
    errors = sum(row["errors"] for label, row in pages.items() if label != "totaal")
    return 1 if errors or problems else 0


def _interrupted(signum, frame):
    raise KeyboardInterrupt


if __name__ == "__main__":
    # Also for SIGINT: a process started in the background inherits "ignore SIGINT".
    signal.signal(signal.SIGTERM, _interrupted)
    signal.signal(signal.SIGINT, _interrupted)
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        log("afgebroken")
        sys.exit(130)
    finally:
        stop_children()
