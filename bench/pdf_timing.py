"""PDF timings for ``make bench``, through gunicorn while no other load runs.

For the scan result PDF and the meeting report PDF: the median of N fresh renders (the PDF cache
emptied before each request) and the median time of a second download when nothing changed.
Usage: python bench/pdf_timing.py SESSIONS_JSON BASE_URL [N]; prints JSON.
"""

import json
import statistics
import sys
import time
from pathlib import Path

import django
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
django.setup()

from django.core.cache import caches  # noqa: E402

from ghnt_portal.pdf_cache import CACHE_ALIAS  # noqa: E402


def timed_get(session: requests.Session, url: str) -> float:
    started = time.perf_counter()
    answer = session.get(url, allow_redirects=False, timeout=120)
    elapsed = time.perf_counter() - started
    if answer.status_code != 200 or not answer.content.startswith(b"%PDF"):
        raise RuntimeError(f"{url}: status {answer.status_code}")
    return elapsed


def measure(cookie_name: str, cookie: str, url: str, renders: int) -> dict:
    session = requests.Session()
    session.cookies.set(cookie_name, cookie)
    fresh, again = [], []
    for _ in range(renders):
        caches[CACHE_ALIAS].clear()
        fresh.append(timed_get(session, url))
        again.append(timed_get(session, url))
    return {
        "url": url,
        "renders": renders,
        "fresh_median_s": round(statistics.median(fresh), 3),
        "fresh_max_s": round(max(fresh), 3),
        "cached_median_ms": round(statistics.median(again) * 1000, 1),
        "cached_max_ms": round(max(again) * 1000, 1),
    }


def main() -> None:
    data = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    base = sys.argv[2].rstrip("/")
    renders = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    cookie = data["session_cookie"]
    bestuurder = next(p for p in data["bestuurders"] if p.get("result_pdf"))
    leader = data["leaders"][0]
    results = {
        "scan result PDF": measure(
            cookie, bestuurder["cookie"], base + bestuurder["result_pdf"], renders
        ),
        "meeting report PDF": measure(
            cookie, leader["cookie"], base + leader["meeting_pdf"], renders
        ),
    }
    print(json.dumps(results))


if __name__ == "__main__":
    main()
