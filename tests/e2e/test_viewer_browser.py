"""The journal viewer at /_mock/, in a real headless Chromium driven by Selenium (Chromium and chromedriver from
the OS packages; `.ci/run` installs them). Skips with the reason when no browser is installed."""

from __future__ import annotations

import os
import shutil
import time

import pytest
import requests

from mock_clevertap.config import MockConfig
from mock_clevertap.server import MockServer

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

TOKEN = "viewer-test-token"
AUTH = {"X-CleverTap-Account-Id": "ACC-1", "X-CleverTap-Passcode": "PASS-1"}
XSS = "<img src=x onerror=window.__xss=1>"


def _browser_paths() -> tuple[str, str] | None:
    browser = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    paths = _browser_paths()
    if paths is None:
        pytest.skip("no Chromium and chromedriver on PATH (Debian: apt-get install chromium chromium-driver)")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = paths[0]
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-extensions",
        "--no-first-run",
        "--window-size=1400,1000",
    ):
        options.add_argument(flag)
    # Chromium's profile and its scratch directories (it leaves org.chromium.Chromium.* behind in TMPDIR even on a
    # clean quit) go under pytest's temporary directory, which pytest cleans.
    scratch = tmp_path_factory.mktemp("chromium")
    options.add_argument(f"--user-data-dir={scratch / 'profile'}")
    service = Service(executable_path=paths[1], env={**os.environ, "TMPDIR": str(scratch)})
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture
def mock():
    with MockServer(MockConfig.from_env(admin_token=TOKEN)) as server:
        yield server


def _upload(url: str, *records) -> dict:
    return requests.post(url + "/in1/1/upload", json={"d": list(records)}, headers=AUTH, timeout=10).json()


def _rows(driver) -> list[str]:
    return [row.text for row in driver.find_elements(By.CSS_SELECTOR, "#rows tr")]


def _wait(driver, predicate, timeout: float = 15.0):
    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(lambda d: predicate(d))


def _open(driver, url: str) -> None:
    driver.get(url)
    _wait(driver, lambda d: d.execute_script("return document.readyState") == "complete")


def test_viewer_shows_live_requests_records_filters_and_profiles(browser, mock):
    _upload(
        mock.url,
        {"type": "profile", "identity": "u1", "profileData": {"Name": "Ada", "Email": "ada@example.com"}},
        {"type": "event", "identity": "u1", "evtName": "Web Page Viewed", "evtData": {}},
    )
    _open(browser, mock.url + f"/_mock/#token={TOKEN}")
    _wait(browser, lambda d: len(_rows(d)) == 1)
    [first] = _rows(browser)
    assert "POST /1/upload in1 200" in first and "1 accepted, 1 rejected (513)" in first
    assert "token" not in browser.current_url  # the token left the address bar

    # live: a request sent now appears without a reload, newest on top
    _upload(mock.url, {"type": "event", "identity": "u2", "evtName": XSS, "evtData": {"n": 1}})
    _wait(browser, lambda d: len(_rows(d)) == 2)
    assert _rows(browser)[0].startswith("2 ")

    # each record with CleverTap's code and text
    browser.find_element(By.CSS_SELECTOR, '#rows tr[data-id="1"]').click()
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#detail .record"))
    records = browser.find_elements(By.CSS_SELECTOR, "#detail .record")
    assert [r.get_attribute("data-position") for r in records] == ["1", "2"]
    assert records[0].find_element(By.CSS_SELECTOR, ".verdict").text == "accepted"
    verdict = records[1].find_element(By.CSS_SELECTOR, ".verdict").text
    assert verdict.startswith("rejected 513: Event Name is incorrect.") and "Skipped record number : 2" in verdict

    # journal content is text, never markup
    browser.find_element(By.CSS_SELECTOR, '#rows tr[data-id="2"]').click()
    _wait(browser, lambda d: XSS in d.find_element(By.ID, "detail").text)
    assert browser.execute_script("return window.__xss") is None

    # filters as in the admin API
    field = browser.find_element(By.CSS_SELECTOR, '#filters input[name="identity"]')
    field.send_keys("u2")
    browser.find_element(By.CSS_SELECTOR, '#filters button[type="submit"]').click()
    _wait(browser, lambda d: len(_rows(d)) == 1 and _rows(d)[0].startswith("2 "))
    browser.find_element(By.CSS_SELECTOR, '#filters select[name="type"] option[value="profile"]').click()
    browser.find_element(By.CSS_SELECTOR, '#filters button[type="submit"]').click()
    _wait(browser, lambda d: d.find_element(By.ID, "empty").is_displayed())
    browser.find_element(By.CSS_SELECTOR, '#filters button[type="reset"]').click()
    _wait(browser, lambda d: len(_rows(d)) == 2)

    # profile lookup
    form = browser.find_element(By.ID, "profile-form")
    form.find_element(By.CSS_SELECTOR, 'select[name="by"] option[value="email"]').click()
    form.find_element(By.NAME, "value").send_keys("ada@example.com")
    form.find_element(By.CSS_SELECTOR, "button").click()
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#profile-result pre.profile"))
    profile = browser.find_element(By.CSS_SELECTOR, "#profile-result pre.profile").text
    assert '"Name": "Ada"' in profile and '"identity": "u1"' in profile

    # offline: every resource the page loaded came from the mock itself
    loaded = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert loaded and all(name.startswith(mock.url) for name in loaded), loaded


def test_viewer_asks_for_the_admin_token(browser, mock):
    _upload(mock.url, {"type": "event", "identity": "u1", "evtName": "Signed Up", "evtData": {}})
    _open(browser, mock.url + "/_mock/")
    browser.execute_script("sessionStorage.clear()")
    _open(browser, mock.url + "/_mock/")
    _wait(browser, lambda d: d.find_element(By.ID, "token-box").is_displayed())
    assert "admin token" in browser.find_element(By.ID, "status").text
    assert _rows(browser) == []
    browser.find_element(By.ID, "token").send_keys(TOKEN)
    browser.find_element(By.CSS_SELECTOR, "#token-form button").click()
    _wait(browser, lambda d: len(_rows(d)) == 1)
    assert "Signed Up" not in _rows(browser)[0] and "1 accepted" in _rows(browser)[0]


def test_root_sends_a_browser_to_the_viewer(browser, mock):
    _open(browser, mock.url + "/")
    _wait(browser, lambda d: d.current_url.endswith("/_mock/"))
    assert browser.title == "CleverTap mock — journal"
    # other clients still get CleverTap-style JSON
    assert requests.get(mock.url + "/", timeout=5).json()["code"] == 404
    time.sleep(0)


def test_viewer_shows_segment_messages_with_their_verdicts(browser, mock):
    batch = {
        "batch": [
            {"type": "track", "event": "Notification Clicked", "userId": "u1", "messageId": "m-1"},
            {"type": "track", "userId": "u1", "messageId": "m-2"},
            {"type": "track", "event": XSS, "anonymousId": "a1", "messageId": "m-3"},
        ]
    }
    assert requests.post(mock.url + "/segment/v1/batch", json=batch, auth=("wk", ""), timeout=10).ok
    _open(browser, mock.url + f"/_mock/#token={TOKEN}")
    _wait(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#segment-rows tr")) == 3)
    rows = [r.text for r in browser.find_elements(By.CSS_SELECTOR, "#segment-rows tr")]
    assert "track Notification Clicked u1" in rows[2] and rows[2].endswith("wk us accepted")
    assert rows[1].endswith("rejected missing_event")
    assert XSS in rows[0] and browser.execute_script("return window.__xss") is None
    # live, and filtered as the admin API filters
    requests.post(mock.url + "/segment/v1/track", json={"event": "Later", "userId": "u2"}, auth=("wk", ""), timeout=10)
    _wait(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#segment-rows tr")) == 4)
    form = browser.find_element(By.ID, "segment-filters")
    form.find_element(By.CSS_SELECTOR, 'select[name="rejected"] option[value="true"]').click()
    form.find_element(By.CSS_SELECTOR, "button").click()
    _wait(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#segment-rows tr")) == 1)
    browser.find_element(By.CSS_SELECTOR, "#segment-rows tr").click()
    assert '"rejected": "missing_event"' in browser.find_element(By.ID, "segment-detail").text
