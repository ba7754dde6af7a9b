"""Server-side time and query count per benchmark page, without load (in-process test client).

    DJANGO_SETTINGS_MODULE=ghnt_portal.settings.bench DATABASE_URL=... SECRET_KEY=... \\
        .venv/bin/python bench/page_profile.py bench/sessions.json [repeats]

Uses the sessions bench/run.py wrote. Helps to tell a slow page from a queue under load.
"""

import json
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def main() -> None:
    data = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    people = data["leaders"][:1] + data["bestuurders"][:1] + data["national"][:1]
    print(f"{'pagina':24} {'mediaan':>9} {'queries':>8}")
    for person in people:
        client = Client(HTTP_HOST="127.0.0.1")
        client.cookies[data["session_cookie"]] = person["cookie"]
        for label, url in person["urls"].items():
            if not url:
                continue
            times = []
            for _ in range(repeats):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(url)
                    times.append(time.perf_counter() - started)
                assert response.status_code == 200, (label, response.status_code)
            median = statistics.median(times) * 1000
            print(f"{label:24} {median:>7.0f}ms {len(queries):>8}")


if __name__ == "__main__":
    main()
