"""`baocao serve` in a real browser: Debian's Chromium, headless, driven over the DevTools
protocol on a pipe (--remote-debugging-pipe: no extra port, no Python dependency).

The browser types into Datasette's search box and the canned query's form the way a
person would, and saves screenshots to tests/artifacts/. It can reach 127.0.0.1 only.
The server and the browser are stopped by their own PIDs.
"""
from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from seeds import ingest_seeds

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).parent / "artifacts"
STEP_TIMEOUT = 30.0     # seconds for any one browser step or the server to start

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (scripts/setup.sh installs it)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(process: subprocess.Popen) -> None:
    """Stop `process` by its PID: SIGTERM, then SIGKILL if it lingers."""
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(10)


class Browser:
    """Just enough of the Chrome DevTools protocol: one tab, navigate, evaluate, screenshot."""

    def __init__(self, profile: Path):
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # The browser reads commands on fd 3 and writes replies on fd 4; lift our ends
        # clear of 3 and 4 first so that placing them there cannot clobber each other.
        child_read = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD_CLOEXEC, 10)
        child_write = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD_CLOEXEC, 10)

        def place_pipes():
            os.dup2(child_read, 3)
            os.dup2(child_write, 4)

        self.process = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
             f"--user-data-dir={profile}", "--remote-debugging-pipe", "--window-size=1280,1000",
             "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "about:blank"],
            preexec_fn=place_pipes, pass_fds=(3, 4), stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        for fd in (to_browser_r, from_browser_w, child_read, child_write):
            os.close(fd)
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Page.enable", session=True)

    def _read_message(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self._from_browser], [], [], remaining)[0]:
                raise TimeoutError("the browser did not answer in time")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise ConnectionError("the browser closed the DevTools pipe")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(message)

    def call(self, method: str, session: bool = False, **params) -> dict:
        self._next_id += 1
        command = {"id": self._next_id, "method": method, "params": params}
        if session:
            command["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(command).encode() + b"\0")
        deadline = time.monotonic() + STEP_TIMEOUT
        while True:
            message = self._read_message(deadline)
            if message.get("id") == self._next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]
            self._events.append(message)

    def _wait_for_load(self) -> None:
        deadline = time.monotonic() + STEP_TIMEOUT
        while True:
            while self._events:
                if self._events.pop(0).get("method") == "Page.loadEventFired":
                    return
            self._events.append(self._read_message(deadline))

    def open(self, url: str) -> None:
        self._events.clear()
        self.call("Page.navigate", session=True, url=url)
        self._wait_for_load()

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", session=True, expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def submit(self, field_selector: str, text: str) -> None:
        """Type `text` into the field and submit its form, as Enter would; wait for the next page."""
        self._events.clear()
        self.evaluate(f"""(() => {{
            const field = document.querySelector({json.dumps(field_selector)});
            field.value = {json.dumps(text)};
            field.form.requestSubmit();
        }})()""")
        self._wait_for_load()

    def wait_for(self, expression: str) -> None:
        deadline = time.monotonic() + STEP_TIMEOUT
        while not self.evaluate(expression):
            if time.monotonic() > deadline:
                raise TimeoutError(f"never true: {expression}")
            time.sleep(0.2)

    def screenshot(self, path: Path, max_height: int = 1600) -> None:
        """The page from its top, as wide as the window and as tall as the page (up to max_height)."""
        page = self.call("Page.getLayoutMetrics", session=True)
        clip = {"x": 0, "y": 0, "width": page["cssLayoutViewport"]["clientWidth"],
                "height": min(page["cssContentSize"]["height"], max_height), "scale": 1}
        data = self.call("Page.captureScreenshot", session=True, format="png", captureBeyondViewport=True,
                         clip=clip)["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except (TimeoutError, ConnectionError, OSError):
            pass
        stop(self.process)
        os.close(self._to_browser)
        os.close(self._from_browser)


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=STEP_TIMEOUT) as response:
        return json.load(response)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`baocao serve` on a free loopback port, in its own process; its base URL."""
    folder = tmp_path_factory.mktemp("browser")
    db = ingest_seeds(folder / "reports.db")
    port = free_port()
    log = folder / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", "from pipeline.cli import main; main()", "serve", "--db", str(db), "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STEP_TIMEOUT
    while True:
        if process.poll() is not None:
            pytest.fail(f"baocao serve exited: {log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{base}/-/versions.json", timeout=2):
                break
        except OSError:
            if time.monotonic() > deadline:
                stop(process)
                pytest.fail("baocao serve did not answer in time")
            time.sleep(0.2)
    yield base
    stop(process)
    assert process.returncode is not None


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chromium = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield chromium
    chromium.close()


def test_searching_documents_without_diacritics_shows_the_library_plan(server, browser):
    browser.open(f"{server}/reports/documents")
    assert browser.evaluate("document.querySelector('input[name=_search]') !== null")
    browser.submit("input[name=_search]", "thu vien")
    assert browser.evaluate("new URLSearchParams(location.search).get('_search')") == "thu vien"
    page = browser.evaluate("document.body.innerText")
    refs_shown = browser.evaluate("[...document.querySelectorAll('td.col-ref')].map(td => td.innerText)")
    browser.screenshot(ARTIFACTS / "documents_search_thu_vien.png")
    assert "3225/KH-UBND" in refs_shown
    assert "22/12/2022" in page                     # dates read dd/mm/yyyy in the HTML (ISO in JSON)
    assert refs_shown == [row["ref"] for row in get_json(f"{server}/reports/documents.json?_search=thu+vien&_shape=array")]


def test_the_plan_question_answers_the_library_plan_first(server, browser):
    browser.open(f"{server}/reports/ke_hoach_de_cap")
    browser.submit("input[name=chu_de]", "thư viện")
    first_row = browser.evaluate(
        "[...document.querySelectorAll('table.rows-and-columns tbody tr:first-child td')].map(td => td.innerText)")
    browser.screenshot(ARTIFACTS / "ke_hoach_thu_vien.png")
    assert first_row[:3] == ["3225/KH-UBND", "22/12/2022", "UBND thị xã Đức Phổ"]
    answer = get_json(f"{server}/reports/ke_hoach_de_cap.json?chu_de=th%C6%B0+vi%E1%BB%87n&_shape=array")[0]
    assert [answer["Số hiệu"], answer["Cơ quan ban hành"], answer["Trích yếu"], str(answer["Số lần trích dẫn"])] == \
        [first_row[0], *first_row[2:5]]
    # the citing reports, a JSON list in the API, are links in the page
    assert first_row[5] == "; ".join(r["label"] for r in json.loads(answer["Báo cáo trích dẫn"]))


def test_the_budget_dashboard_draws_its_charts(server, browser):
    browser.open(f"{server}/-/dashboards/kinh-phi")
    for chart in ["theo-nam", "theo-nguon"]:
        browser.wait_for(f"document.querySelector('#chart-{chart} svg, #chart-{chart} canvas') !== null")
    browser.screenshot(ARTIFACTS / "dashboard_kinh_phi.png")


def test_a_report_row_leads_to_its_review_page(server, browser):
    browser.open(f"{server}/reports/reports/1")
    browser.evaluate("document.querySelector('a.baocao-review').click()")
    browser.wait_for("location.pathname === '/-/review/reports/1' && document.readyState === 'complete'")
    marks = browser.evaluate("[...document.querySelectorAll('mark.entity')].length")
    browser.screenshot(ARTIFACTS / "review_report_1.png")
    assert marks > 0
