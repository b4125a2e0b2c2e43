"""`baocao serve` in a real browser: Debian's Chromium, headless, driven by Selenium through
Debian's chromedriver (scripts/setup.sh installs both; nothing is downloaded at run time).

The browser types into Datasette's search box and the canned query's form the way a
person would, and saves screenshots to tests/artifacts/. It can reach 127.0.0.1 only.
The server is stopped by its own PID, the browser by its driver.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from seeds import ingest_seeds

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
ARTIFACTS = Path(__file__).parent / "artifacts"
STEP_TIMEOUT = 30.0     # seconds for any one browser step or the server to start

pytestmark = pytest.mark.skipif(CHROMIUM is None or CHROMEDRIVER is None,
                                reason="needs Debian's chromium and chromium-driver (scripts/setup.sh installs them)")


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
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
                     f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}", "--window-size=1280,1000",
                     "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]:
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(STEP_TIMEOUT)
    yield driver
    driver.quit()


def wait(driver) -> WebDriverWait:
    return WebDriverWait(driver, STEP_TIMEOUT)


def submit(driver, field_name: str, text: str) -> None:
    """Type `text` into the field and press Enter, as a person would; wait for the next page."""
    field = driver.find_element(By.NAME, field_name)
    field.clear()
    field.send_keys(text, Keys.ENTER)
    wait(driver).until(expected_conditions.staleness_of(field))


def screenshot(driver, name: str, max_height: int = 1600) -> None:
    """The page from its top, as wide as the window and as tall as the page (up to max_height)."""
    height = min(driver.execute_script("return document.documentElement.scrollHeight"), max_height)
    driver.set_window_size(1280, height)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / name))
    driver.set_window_size(1280, 1000)


def texts(driver, selector: str) -> list[str]:
    return [element.text for element in driver.find_elements(By.CSS_SELECTOR, selector)]


def test_searching_documents_without_diacritics_shows_the_library_plan(server, browser):
    browser.get(f"{server}/reports/documents")
    submit(browser, "_search", "thu vien")
    assert browser.execute_script("return new URLSearchParams(location.search).get('_search')") == "thu vien"
    refs_shown = texts(browser, "td.col-ref")
    screenshot(browser, "documents_search_thu_vien.png")
    assert "3225/KH-UBND" in refs_shown
    assert "22/12/2022" in browser.find_element(By.TAG_NAME, "body").text   # dd/mm/yyyy in the HTML (ISO in JSON)
    assert refs_shown == [row["ref"] for row in get_json(f"{server}/reports/documents.json?_search=thu+vien&_shape=array")]


def test_the_plan_question_answers_the_library_plan_first(server, browser):
    browser.get(f"{server}/reports/ke_hoach_de_cap")
    submit(browser, "chu_de", "thư viện")
    first_row = texts(browser, "table.rows-and-columns tbody tr:first-child td")
    screenshot(browser, "ke_hoach_thu_vien.png")
    assert first_row[:3] == ["3225/KH-UBND", "22/12/2022", "UBND thị xã Đức Phổ"]
    answer = get_json(f"{server}/reports/ke_hoach_de_cap.json?chu_de=th%C6%B0+vi%E1%BB%87n&_shape=array")[0]
    assert [answer["Số hiệu"], answer["Cơ quan ban hành"], answer["Trích yếu"], str(answer["Số lần trích dẫn"])] == \
        [first_row[0], *first_row[2:5]]
    # the citing reports, a JSON list in the API, are links in the page
    assert first_row[5] == "; ".join(r["label"] for r in json.loads(answer["Báo cáo trích dẫn"]))


def test_the_budget_dashboard_draws_its_charts_with_every_year_of_the_data(server, browser):
    browser.get(f"{server}/-/dashboards/kinh-phi")
    for chart in ["theo-nam", "theo-nguon"]:
        wait(browser).until(expected_conditions.presence_of_element_located(
            (By.CSS_SELECTOR, f"#chart-{chart} svg, #chart-{chart} canvas")))
    screenshot(browser, "dashboard_kinh_phi.png")
    years = {str(row["year"]) for row in get_json(
        f"{server}/reports.json?sql=select+distinct+year+from+budget_lines+where+year+is+not+null&_shape=array")}
    drawn = browser.find_element(By.CSS_SELECTOR, "#chart-theo-nam").text
    assert years and all(year in drawn for year in years), (years, drawn)
    marks = browser.find_elements(By.CSS_SELECTOR, "#chart-theo-nam svg path, #chart-theo-nam svg rect")
    assert len(marks) >= len(years)


def test_a_report_row_leads_to_its_review_page(server, browser):
    browser.get(f"{server}/reports/reports/1")
    browser.find_element(By.CSS_SELECTOR, "a.baocao-review").click()
    wait(browser).until(lambda driver: driver.execute_script(
        "return location.pathname === '/-/review/reports/1' && document.readyState === 'complete'"))
    marks = browser.find_elements(By.CSS_SELECTOR, "mark.entity")
    screenshot(browser, "review_report_1.png")
    assert len(marks) > 0
    labels = {mark.find_element(By.CSS_SELECTOR, ".entity-label").text.split()[0] for mark in marks}
    assert labels <= {"VĂN", "CHỈ", "KINH"} and "VĂN" in labels
