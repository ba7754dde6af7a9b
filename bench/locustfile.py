"""Load for ``make bench``: run by bench/run.py as `locust --headless -f bench/locustfile.py`.

Personas come from the JSON file in BENCH_SESSIONS (written by bench/prepare.py): project
leaders, bestuurders with their own scan, a national user, and visitors of the bare floor view
(anonymous, and with a session cookie). Every page that does not answer as expected counts as an
error.
"""

import itertools
import json
import os
import random
import re
from http.cookiejar import Cookie

from locust import between, task
from locust.contrib.fasthttp import FastHttpUser

# The label also goes to the server (gunicorn's access log), so run.py can set the time spent in
# the server beside the time locust saw.
LABEL_HEADER = "X-Bench-Label"
DATA = json.loads(open(os.environ["BENCH_SESSIONS"], encoding="utf-8").read())  # noqa: SIM115
COOKIE = DATA["session_cookie"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SCALE_FIELD = re.compile(r'name="([^"]+)-scale"')
_next = {kind: itertools.count() for kind in ("leaders", "bestuurders", "national")}


def persona(kind: str) -> dict:
    people = DATA[kind]
    return people[next(_next[kind]) % len(people)]


def session_cookie(host: str, value: str) -> Cookie:
    """The logged-in session, as a cookie for the client's cookie jar."""
    domain = host.split("//", 1)[-1].split(":", 1)[0]
    return Cookie(
        version=0,
        name=COOKIE,
        value=value,
        port=None,
        port_specified=False,
        domain=domain,
        domain_specified=False,
        domain_initial_dot=False,
        path="/",
        path_specified=True,
        secure=False,
        expires=None,
        discard=True,
        comment=None,
        comment_url=None,
        rest={},
    )


class PortalUser(FastHttpUser):
    """FastHttpUser (geventhttpclient): much less CPU per request than requests, so the load
    generator, which shares the machine with the server, adds less to the times it measures."""

    abstract = True
    kind = ""
    # A person reads a page before the next click: 1-5 s (locust's customary think time).
    wait_time = between(1, 5)

    def on_start(self):
        self.persona = persona(self.kind)
        self.client.cookiejar.set_cookie(session_cookie(self.host, self.persona["cookie"]))
        # A person reads before the first click too; without this wait all users click at
        # once while they are being started, a burst no real audience produces.
        self.wait()

    def page(self, label: str, url: str | None = None):
        url = url or self.persona["urls"][label]
        with self.client.get(
            url,
            name=label,
            headers={LABEL_HEADER: label},
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 200:
                r.failure(f"status {r.status_code}")
            return r


class LeaderUser(PortalUser):
    """A project leader going through the region's registry and checklist."""

    weight = 5
    kind = "leaders"

    @task
    def some_page(self):
        label, url = random.choice([(k, v) for k, v in self.persona["urls"].items() if v])  # noqa: S311
        self.page(label, url)


class BestuurderUser(PortalUser):
    """A bestuurder answering a scan theme (reading and saving it) and reading the result."""

    weight = 4
    kind = "bestuurders"

    @task(2)
    def theme(self):
        answer = self.page("scanthema")
        if answer.status_code != 200:
            return
        token = CSRF.search(answer.text)
        data = {"csrfmiddlewaretoken": token.group(1) if token else "", "ga": ""}
        for prefix in set(SCALE_FIELD.findall(answer.text)):
            data[f"{prefix}-scale"] = str(random.randint(1, 4))  # noqa: S311
            data[f"{prefix}-reflection"] = "Besproken met het college."
        url = self.persona["urls"]["scanthema"]
        with self.client.post(
            url,
            data=data,
            name="scanthema opslaan",
            headers={LABEL_HEADER: "scanthema opslaan"},
            allow_redirects=False,
            catch_response=True,
        ) as saved:
            if saved.status_code != 302:
                saved.failure(f"status {saved.status_code}")

    @task(1)
    def result(self):
        self.page("scanresultaat")


class NationalUser(PortalUser):
    weight = 1
    kind = "national"

    @task
    def overview(self):
        url = self.persona["urls"].get("landelijk overzicht")
        if url:
            self.page("landelijk overzicht", url)


class FloorUser(FastHttpUser):
    """Anonymous, no cookie: the floor view touches no database at all."""

    weight = 1
    wait_time = between(0.5, 1)
    label = "vloer"

    def on_start(self):
        self.wait()

    @task
    def floor(self):
        with self.client.get(
            DATA["floor"], name=self.label, headers={LABEL_HEADER: self.label}, catch_response=True
        ) as r:
            if r.status_code != 200:
                r.failure(f"status {r.status_code}")


class LoggedInFloorUser(FloorUser):
    """The same view with a project leader's session cookie: what being logged in costs every
    request (session, user, second-factor device) before a page does any work of its own.
    Reported beside the floor, not a target."""

    label = "vloer ingelogd"

    def on_start(self):
        self.client.cookiejar.set_cookie(session_cookie(self.host, persona("leaders")["cookie"]))
        super().on_start()
