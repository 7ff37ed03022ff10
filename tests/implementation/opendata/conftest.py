"""A fake Kolada on 127.0.0.1 that answers what each test scripts, recorded Kolada
answers (hand-written in the v3 shape), and a plan in a county with real-looking codes."""

import http.server
import json
import threading
import time
import types
from pathlib import Path

import pytest

from implementation.models import Organisation, Role
from implementation.opendata import client
from implementation.opendata.models import KpiLink
from programmes.models import Indicator
from tests.factories import add_organisation, make_county, make_member, make_plan, make_user

RECORDED = Path(__file__).parent / "recorded"
KPI = "N12345"


def recorded(name: str) -> bytes:
    return (RECORDED / f"{name}.json").read_bytes()


class FakeKolada:
    """Answers each request with the next scripted answer; unscripted requests get 599
    so that a test can see it asked for more than it meant to."""

    def __init__(self):
        self.script: list[tuple[int, dict, bytes, float]] = []
        self.paths: list[str] = []
        self.lock = threading.Lock()

    def add(self, body: bytes | str, status: int = 200, headers=None, delay: float = 0):
        if isinstance(body, str):
            body = recorded(body)
        self.script.append((status, headers or {}, body, delay))

    def next(self, path: str):
        with self.lock:
            self.paths.append(path)
            if self.script:
                return self.script.pop(0)
        return 599, {}, b"{}", 0


def _handler(fake: FakeKolada):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            status, headers, body, delay = fake.next(self.path)
            if delay:
                time.sleep(delay)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting, as the test meant it to

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture
def kolada(settings, monkeypatch):
    """The fake Kolada, with the settings pointing at it and no real waiting between
    retries (the waits asked for are kept in `kolada.waits`)."""
    fake = FakeKolada()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.VIP_KOLADA_URL = f"http://127.0.0.1:{server.server_address[1]}/v3"
    settings.VIP_OPENDATA_TIMEOUT = 0.5
    settings.VIP_OPENDATA_RETRIES = 2
    settings.VIP_OPENDATA_BACKOFF = 1.0
    settings.VIP_OPENDATA_MAX_WAIT = 30
    fake.waits = []
    monkeypatch.setattr(client, "_sleep", fake.waits.append)
    yield fake
    server.shutdown()
    server.server_close()


@pytest.fixture
def jkpg(db):
    """A county like Västmanlands län (not among the demo organisations): a region,
    Västerås (1980), Köping (1983) and Arboga (1984); a plan for Västerås, whose indicator
    is linked to key figure N12345; a contact person, a reader and someone from Köping."""
    county = make_county("Testlän Västmanland")
    region = add_organisation(county, name="Testregion Västmanland", kind=Organisation.Kind.REGION)
    vasteras = add_organisation(
        county,
        name="Testkommun Västerås",
        kind=Organisation.Kind.MUNICIPALITY,
        municipality_code="1980",
    )
    koping = add_organisation(
        county,
        name="Testkommun Köping",
        kind=Organisation.Kind.MUNICIPALITY,
        municipality_code="1983",
    )
    arboga = add_organisation(
        county,
        name="Testkommun Arboga",
        kind=Organisation.Kind.MUNICIPALITY,
        municipality_code="1984",
    )
    contact = make_member(vasteras, Role.CONTACT, "od-kontakt", password="x")
    plan = make_plan(vasteras, contact, title="Plan med öppna data")
    indicator = Indicator.objects.get(slug="schizofreni-arlig-somatisk-halsokontroll")
    KpiLink.objects.create(indicator=indicator, kpi=KPI, note="Samma mått som indikatorn.")
    return types.SimpleNamespace(
        county=county,
        region=region,
        vasteras=vasteras,
        koping=koping,
        arboga=arboga,
        plan=plan,
        indicator=indicator,
        contact=contact,
        reader=make_member(vasteras, Role.READER, "od-lasare", password="x"),
        other=make_member(koping, Role.CONTACT, "od-koping", password="x"),
        outsider=make_user("od-utomstaende", password="x"),
    )


def body(document) -> bytes:
    return json.dumps(document).encode()
