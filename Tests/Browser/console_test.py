"""The console in a real browser: Debian's chromium, headless, driven by selenium.

Starts `limes demo --seed-only` on a temporary folder, serves it, and walks the officer's
path: scan a listed person as the keyboard-wedge reader would, see the hit, refer with one
key, dismiss the hit and admit at second line, find both in the traveller's history; then
Arabic (with Latin fragments isolated), a form sent without its CSRF token, the protection path
from a flag at first line to the partner's answer, a group without documents registered person by
person, Back and reload after a decision, every page of every role read for program data and
untranslated keys, and work waiting for every role in the demo.

    LIMES_BIN=.build/debug/limes python3 Tests/Browser/console_test.py
"""

import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

LIMES = os.environ.get("LIMES_BIN", ".build/debug/limes")
PASSWORD = "limes-demo-2026"
CLEAN_MRZ = [
    "P<SENNDIAYE<<AWA<<<<<<<<<<<<<<<<<<<<<<<<<<<<",
    "A012345678SEN9211030F3002142<<<<<<<<<<<<<<00",
]
LISTED_MRZ = [
    "P<UZBKARIMOV<<RUSTAM<<<<<<<<<<<<<<<<<<<<<<<<",
    "FA04127993UZB7904129M3106305<<<<<<<<<<<<<<00",
]


def check_digit(text):
    values = {**{str(d): d for d in range(10)}, **{chr(65 + i): 10 + i for i in range(26)}, "<": 0}
    return str(sum(values[c] * (7, 3, 1)[i % 3] for i, c in enumerate(text)) % 10)


def passport(surname, given, number, nationality, birth, sex, expiry):
    """A TD3 machine readable zone with its check digits, as a reader would type it."""
    line1 = ("P<" + nationality + surname + "<<" + given.replace(" ", "<")).ljust(44, "<")[:44]
    number = number.ljust(9, "<")
    optional = "<" * 14
    body = number + check_digit(number) + nationality + birth + check_digit(birth) + sex + expiry + check_digit(expiry)
    composite = number + check_digit(number) + birth + check_digit(birth) + expiry + check_digit(expiry) + optional + check_digit(optional)
    return [line1, body + optional + check_digit(optional) + check_digit(composite)]


def api(base, path, body=None, token=None, method=None):
    """A JSON request to a Limes server; the decoded answer, or an error naming the status."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, headers=headers, method=method or ("POST" if data else "GET"))
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read() or b"null")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ConsoleInABrowser(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="limes-browser-")
        subprocess.run(
            [LIMES, "demo", "--seed-only", "--data-dir", cls.folder, "--password-rounds", "1000"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        cls.port = free_port()
        env = dict(os.environ, LIMES_DATA_DIR=cls.folder)
        cls.log = open(os.path.join(cls.folder, "server.log"), "w")
        cls.server = subprocess.Popen(
            [LIMES, "serve", "--port", str(cls.port), "--log-level", "warning"], env=env, stdout=cls.log, stderr=cls.log
        )
        cls.base = f"http://127.0.0.1:{cls.port}"
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(cls.base + "/health") as answer:
                    if b'"ready":true' in answer.read():
                        break
            except OSError:
                pass
            if time.time() > deadline:
                raise RuntimeError("limes serve did not become ready")
            time.sleep(0.2)
        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000", "--lang=en"):
            options.add_argument(flag)
        service = Service(shutil.which("chromedriver") or "/usr/bin/chromedriver")
        cls.browser = webdriver.Chrome(service=service, options=options)
        # A page being replaced leaves stale elements behind (and chromium may say its node no longer
        # belongs to the document): look again rather than fail; a lasting fault still times out.
        cls.wait = WebDriverWait(cls.browser, 10, ignored_exceptions=[StaleElementReferenceException, WebDriverException])

    @classmethod
    def tearDownClass(cls):
        cls.browser.quit()
        cls.server.terminate()
        cls.server.wait(timeout=20)
        cls.log.close()
        shutil.rmtree(cls.folder, ignore_errors=True)

    def login(self, username):
        b = self.browser
        b.delete_all_cookies()
        b.get(self.base + "/console/login?lang=en")
        b.find_element(By.ID, "username").send_keys(username)
        b.find_element(By.ID, "password").send_keys(PASSWORD)
        b.find_element(By.CSS_SELECTOR, "form.card button[type=submit]").click()
        self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".who")))

    def test_refer_dismiss_admit_and_history(self):
        b = self.browser
        self.login("first")
        self.assertIn("/console/first-line", b.current_url)
        Select(b.find_element(By.ID, "post")).select_by_value("UTO-NORTH/L1")
        mrz = b.find_element(By.ID, "mrz")
        mrz.click()
        # What a keyboard-wedge reader types: a line, Enter, a line, Enter. The page sends itself.
        mrz.send_keys(LISTED_MRZ[0] + Keys.ENTER + LISTED_MRZ[1] + Keys.ENTER)
        verdict = self.wait.until(EC.presence_of_element_located((By.ID, "verdict")))
        self.assertEqual(verdict.get_attribute("data-level"), "stop")
        self.assertIn("Stop", verdict.text)
        hits = b.find_element(By.ID, "hits").text
        self.assertIn("Entry ban", hits)
        self.assertIn("Surname KARIMOV", hits)
        self.assertIn("Refuse entry", hits)
        self.assertIn("Strong watchlist hit", b.find_element(By.ID, "reasons").text)
        # One key: R refers to second line; the scan field is ready for the next traveller.
        b.find_element(By.TAG_NAME, "body").send_keys("r")
        done = self.wait.until(EC.presence_of_element_located((By.ID, "done")))
        self.assertIn("Referred to second line", done.text)
        self.assertEqual(b.switch_to.active_element.get_attribute("id"), "mrz")

        self.login("second")
        b.get(self.base + "/console/second-line")
        row = b.find_element(By.XPATH, "//table[@id='queue']//tr[td[contains(., 'KARIMOV')]]")
        row.find_element(By.CSS_SELECTOR, "a.open-case").click()
        self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "form.resolve")))
        self.assertEqual(len(b.find_elements(By.ID, "admit")), 0, "no admit while a hit is open")
        form = b.find_element(By.CSS_SELECTOR, "form.resolve")
        form.find_element(By.CSS_SELECTOR, "input[value=dismiss]").click()
        form.find_element(By.CSS_SELECTOR, "input[name=reason]").send_keys("namesake: different mother's name, photo differs")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        admit = self.wait.until(EC.element_to_be_clickable((By.ID, "admit")))
        b.find_element(By.ID, "admit-note").send_keys("documents in order")
        admit.click()
        self.wait.until(EC.presence_of_element_located((By.ID, "crossings")))
        self.assertIn("/console/travellers/", b.current_url)
        crossings = b.find_element(By.ID, "crossings").text
        self.assertIn("Admitted", crossings)
        self.assertIn("Referred", crossings)
        self.assertIn("documents in order", crossings)
        hits = b.find_element(By.ID, "hits").text
        self.assertIn("dismissed", hits)
        self.assertIn("different mother's name", hits)

    def test_arabic_is_right_to_left(self):
        b = self.browser
        self.login("first")
        Select(b.find_element(By.ID, "language")).select_by_value("ar")
        b.find_element(By.CSS_SELECTOR, "form[action='/console/language'] button").click()
        # Read through a script: an element found while the next page replaces this one can be
        # gone before its attribute is read, which chromium reports as an error, not as stale.
        self.wait.until(lambda d: d.execute_script("return document.documentElement.lang") == "ar")
        self.assertEqual(b.execute_script("return document.documentElement.dir"), "rtl")
        self.assertEqual(b.execute_script("return getComputedStyle(document.body).direction"), "rtl")
        self.assertEqual(b.find_element(By.TAG_NAME, "h1").text, "الخط الأول")
        self.assertEqual(b.find_element(By.CSS_SELECTOR, "label[for=mrz]").text, "المنطقة المقروءة آليًا")
        # Laid out right to left: the menu starts on the right of the bar.
        brand = b.find_element(By.CSS_SELECTOR, ".brand").rect
        self.assertGreater(brand["x"], 640)
        # Latin fragments in an Arabic sentence (names, numbers, codes, "visa-required") are
        # isolated, so that brackets and hyphens keep their place: outside the isolates and
        # <bdi> elements, a reason holds no Latin letter.
        Select(b.find_element(By.ID, "post")).select_by_value("UTO-NORTH/L1")
        b.find_element(By.ID, "mrz").send_keys(LISTED_MRZ[0] + Keys.ENTER + LISTED_MRZ[1] + Keys.ENTER)
        self.wait.until(EC.presence_of_element_located((By.ID, "verdict")))
        leftovers = b.execute_script(
            """
            return Array.from(document.querySelectorAll('#reasons li')).map(function (li) {
              var copy = li.cloneNode(true);
              copy.querySelectorAll('bdi').forEach(function (e) { e.remove(); });
              return copy.textContent.replace(/\u2068[^\u2069]*\u2069/g, '');
            }).filter(function (text) { return /[A-Za-z]/.test(text); });
            """
        )
        self.assertGreater(len(b.find_elements(By.CSS_SELECTOR, "#reasons li")), 1)
        self.assertEqual(leftovers, [], "Latin text left to the bidirectional algorithm")
        # Back to English for the other tests.
        Select(b.find_element(By.ID, "language")).select_by_value("en")
        b.find_element(By.CSS_SELECTOR, "form[action='/console/language'] button").click()
        self.wait.until(lambda d: d.execute_script("return document.documentElement.lang") == "en")

    def test_a_form_without_its_token_is_refused(self):
        b = self.browser
        self.login("first")
        Select(b.find_element(By.ID, "post")).select_by_value("UTO-NORTH/L1")
        b.find_element(By.ID, "mrz").send_keys(LISTED_MRZ[0] + Keys.ENTER + LISTED_MRZ[1])
        b.execute_script("document.querySelector('#scan-form input[name=_csrf]').remove()")
        b.find_element(By.ID, "check").click()
        error = self.wait.until(EC.presence_of_element_located((By.ID, "error")))
        self.assertIn("token", error.text)
        self.assertEqual(len(b.find_elements(By.ID, "verdict")), 0)

    def test_flag_check_referral_and_the_partners_answer(self):
        b = self.browser
        # First line: a sign of trafficking; referred with a protection flag.
        self.login("first")
        Select(b.find_element(By.ID, "post")).select_by_value("UTO-NORTH/L1")
        b.find_element(By.ID, "mrz").send_keys(CLEAN_MRZ[0] + Keys.ENTER + CLEAN_MRZ[1] + Keys.ENTER)
        self.wait.until(EC.presence_of_element_located((By.ID, "verdict")))
        b.find_element(By.ID, "protection-toggle").click()
        Select(b.find_element(By.ID, "protectionKind")).select_by_value("trafficking")
        b.find_element(By.ID, "protectionNote").send_keys("a man outside keeps her passport")
        b.find_element(By.ID, "refer-protection").click()
        self.wait.until(EC.presence_of_element_located((By.ID, "done")))

        # The protection officer: the flag, a preliminary check, a referral with consent.
        self.login("protection")
        self.assertIn("/console/protection", b.current_url)
        row = b.find_element(By.XPATH, "//table[@id='flags']//tr[td[contains(., 'NDIAYE')]]")
        self.assertIn("a man outside keeps her passport", row.text)
        row.find_element(By.CSS_SELECTOR, "a.assess").click()
        self.wait.until(EC.presence_of_element_located((By.ID, "preliminary")))
        b.find_element(By.ID, "found-trafficking_documents_held").click()
        b.find_element(By.ID, "evidence-trafficking_documents_held").send_keys("her passport is with the man who paid her ticket")
        b.find_element(By.CSS_SELECTOR, "input[name=level][value=high]").click()
        b.find_element(By.ID, "save-assessment").click()
        self.wait.until(EC.presence_of_element_located((By.ID, "saved")))
        b.find_element(By.XPATH, "//table[@id='flags']//tr[td[contains(., 'NDIAYE')]]//a[@class='assess']").click()
        self.wait.until(EC.presence_of_element_located((By.ID, "preliminary")))
        if not b.find_elements(By.CSS_SELECTOR, "form.referral-form"):
            print(b.page_source[b.page_source.find("<h2"):][:3000])
        form = self.wait.until(
            EC.presence_of_element_located((By.XPATH, "//form[@class='referral-form'][.//strong[contains(., 'Child Protection Service')]]"))
        )
        form.find_element(By.CSS_SELECTOR, "input.share-identity").click()
        form.find_element(By.CSS_SELECTOR, "input.consent-identity").click()
        form.find_element(By.CSS_SELECTOR, "button.send-referral").click()
        status = self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#referrals .referral-status")))
        self.assertEqual(status.text, "sent")

        # The partner sees only what was shared, accepts, and reports the service provided.
        self.login("partner")
        self.assertIn("/console/referrals", b.current_url)
        card = b.find_element(By.XPATH, "//section[contains(@class, 'referral')][contains(., 'NDIAYE')]")
        card_id = card.get_attribute("id")
        self.assertNotIn("passport", card.text, "the notes and the check were not shared")
        card.find_element(By.CSS_SELECTOR, "input[name=answer][value=accept]").click()
        card.find_element(By.CSS_SELECTOR, "button.answer").click()
        card = self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, f"#{card_id} form[action$='/outcome']")))
        card.find_element(By.CSS_SELECTOR, "input[name=outcome][value=provided]").click()
        card.find_element(By.CSS_SELECTOR, "button.report").click()
        self.wait.until(lambda d: d.find_element(By.CSS_SELECTOR, f"#{card_id} .referral-status").text == "done")
        # Once done, the partner keeps only that the referral existed, not the person.
        card = b.find_element(By.ID, card_id)
        self.assertNotIn("NDIAYE", card.text, "an ended referral no longer shows the person")
        card.find_element(By.CSS_SELECTOR, ".referral-ended")

    def test_back_and_reload_never_record_twice(self):
        b = self.browser
        self.login("first")
        lines = passport("DIOP", "FATOU", "B7654321", "SEN", "880412", "F", "310101")
        Select(b.find_element(By.ID, "post")).select_by_value("UTO-NORTH/L1")
        b.find_element(By.ID, "mrz").send_keys(lines[0] + Keys.ENTER + lines[1] + Keys.ENTER)
        self.wait.until(EC.presence_of_element_located((By.ID, "verdict")))
        answer = b.current_url
        self.assertIn("/console/first-line/checks/", answer, "the answer is a page of the recorded check")
        # Reload: the same check again, no form sent a second time (an alert would fail here).
        b.refresh()
        self.wait.until(EC.presence_of_element_located((By.ID, "verdict")))
        self.assertEqual(b.current_url, answer)
        b.find_element(By.ID, "admit").click()
        self.wait.until(EC.presence_of_element_located((By.ID, "done")))
        # Back, then reload: the decision is shown, and no button to decide again.
        b.back()
        self.wait.until(EC.presence_of_element_located((By.ID, "decided")))
        self.assertEqual(b.find_elements(By.ID, "admit"), [])
        b.refresh()
        self.wait.until(EC.presence_of_element_located((By.ID, "decided")))
        self.assertEqual(b.find_elements(By.ID, "admit"), [])
        # The next check of the same traveller shows one crossing only.
        b.get(self.base + "/console/first-line?bcp=UTO-NORTH&lane=L1&direction=exit")
        b.find_element(By.ID, "mrz").send_keys(lines[0] + Keys.ENTER + lines[1] + Keys.ENTER)
        self.wait.until(EC.presence_of_element_located((By.ID, "verdict")))
        rows = b.find_elements(By.CSS_SELECTOR, "#last-crossings tbody tr")
        self.assertEqual(len(rows), 1, "one admitted entry, whatever Back and reload did")

    def test_every_page_of_every_role_reads_as_text(self):
        """Every console page each demo role reaches (its menu, and the links on those pages, two
        levels deep) answers 200 and shows no program data (a dumped list or dictionary) and no
        translation key left unresolved, in English and in Arabic."""
        b = self.browser
        catalogue = json.load(open(os.path.join(os.path.dirname(__file__), "../../Sources/LimesServer/Console/Resources/translations/en.json")))
        key = re.compile(r"\b(?:%s)\.[a-z_]+(?:\.[a-z_]+)*\b" % "|".join(sorted(catalogue, key=len, reverse=True)))
        dump = re.compile(r'\[\[|\["|\[:\]|": |Optional\(|\{\{|\}\}|\{[a-z_]+\}')
        problems = []
        for user in ["first", "second", "supervisor", "protection", "analyst", "admin", "partner", "customs", "health", "auditor"]:
            for language in ["en", "ar"]:
                self.login(user)
                if language == "ar":
                    Select(b.find_element(By.ID, "language")).select_by_value("ar")
                    b.find_element(By.CSS_SELECTOR, "form[action='/console/language'] button").click()
                    self.wait.until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ar")
                seen, queue = set(), [(a.get_attribute("href"), 0) for a in b.find_elements(By.CSS_SELECTOR, "header nav a")]
                while queue and len(seen) < 40:
                    url, depth = queue.pop(0)
                    path = url.split("#")[0]
                    if path in seen or "/console/static" in path or "/logout" in path:
                        continue
                    seen.add(path)
                    b.get(path)
                    text = b.find_element(By.TAG_NAME, "body").text
                    if "404" in b.title or b.find_elements(By.CSS_SELECTOR, "main .error-page"):
                        problems.append(f"{user} {language} {path}: an error page")
                    for found in set(dump.findall(text)):
                        problems.append(f"{user} {language} {path}: program data ({found!r})")
                    for found in set(key.findall(text)):
                        problems.append(f"{user} {language} {path}: untranslated key {found}")
                    if depth < 2:
                        for a in b.find_elements(By.CSS_SELECTOR, "main a[href^='/console/'], main a[href^='%s/console/']" % self.base):
                            href = a.get_attribute("href")
                            if href and href.split("#")[0] not in seen:
                                queue.append((href, depth + 1))
                self.assertGreater(len(seen), 0, f"{user} reaches no page")
        self.assertEqual(problems, [], "\n".join(problems))

    def test_every_role_finds_work_in_the_demo(self):
        b = self.browser
        self.login("second")
        b.get(self.base + "/console/second-line")
        self.assertGreaterEqual(len(b.find_elements(By.CSS_SELECTOR, "#queue tbody tr")), 3, "today's referrals wait for second line")
        self.login("partner")
        b.get(self.base + "/console/referrals")
        self.assertIn("AMADOU", b.find_element(By.CSS_SELECTOR, "section.referral").text, "a live referral in the inbox")
        self.login("supervisor")
        b.get(self.base + "/console/bcp-today")
        self.assertNotEqual(b.find_element(By.ID, "entries").text.strip(), "0", "today's figures hold today's work")
        self.login("protection")
        b.get(self.base + "/console/protection")
        self.assertIn("AMADOU", b.find_element(By.ID, "flags").text)

    def test_an_analyst_charts_publishes_a_release_and_the_public_reads_it(self):
        b = self.browser
        self.login("analyst")
        b.get(self.base + "/console/figures")
        Select(b.find_element(By.ID, "measure")).select_by_value("crossings")
        Select(b.find_element(By.ID, "by1")).select_by_value("citizenship")
        b.find_element(By.CSS_SELECTOR, "#figures-form button[type=submit]").click()
        self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#figures-result svg rect")))
        self.assertGreaterEqual(len(b.find_elements(By.CSS_SELECTOR, "#figures-result svg rect")), 5, "a bar per citizenship")
        # A series over months, with the year before dashed when there is one.
        Select(b.find_element(By.ID, "by1")).select_by_value("period")
        b.find_element(By.CSS_SELECTOR, "#figures-form button[type=submit]").click()
        self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#figures-result svg polyline")))
        # A breakdown the measure does not have is refused on the page, naming it.
        Select(b.find_element(By.ID, "measure")).select_by_value("hits")
        Select(b.find_element(By.ID, "by1")).select_by_value("lane")
        b.find_element(By.CSS_SELECTOR, "#figures-form button[type=submit]").click()
        error = self.wait.until(EC.presence_of_element_located((By.ID, "figures-error")))
        self.assertEqual(error.get_attribute("data-field"), "by")
        # Processing times as a heat map by weekday and hour.
        b.get(self.base + "/console/figures/times")
        self.assertGreater(len(b.find_elements(By.CSS_SELECTOR, "#heat-map svg rect")), 100)

        # A release: refusals by BCP this year, previewed protected, then published.
        b.get(self.base + "/console/releases")
        b.find_element(By.ID, "title").send_keys("Refusals by BCP, browser test")
        Select(b.find_element(By.ID, "measure0")).select_by_value("refusals")
        b.find_element(By.ID, "period0").send_keys(time.strftime("%Y"))
        Select(b.find_element(By.ID, "by1_0")).select_by_value("bcp")
        b.find_element(By.ID, "preview").click()
        preview = self.wait.until(EC.presence_of_element_located((By.ID, "preview-result")))
        self.assertIn("Refusals by BCP, browser test", preview.text)
        b.find_element(By.ID, "publish").click()
        self.wait.until(lambda d: "Refusals by BCP, browser test" in d.find_element(By.TAG_NAME, "main").text and not d.find_elements(By.ID, "preview-result"))

        # The public page, without a login, in Arabic, right to left; printed without the forms.
        b.delete_all_cookies()
        b.get(self.base + "/public/statistics?lang=ar")
        self.assertEqual(b.execute_script("return document.documentElement.dir"), "rtl")
        self.assertIn("Refusals by BCP, browser test", b.find_element(By.TAG_NAME, "main").text)
        self.assertGreater(len(b.find_elements(By.CSS_SELECTOR, "main svg")), 0)
        b.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        try:
            self.assertEqual(b.execute_script("return getComputedStyle(document.querySelector('main form')).display"), "none")
        finally:
            b.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})

    def test_customs_see_who_crossed_and_an_administrator_widens_their_mandate(self):
        """One referred crossing of a listed traveller: the border police supervisor sees the hit,
        the customs officer at the same post sees who crossed where and by which lane, not the
        hit nor the birth date; an administrator ticks the hits into the customs mandate on the
        agencies page and the customs officer sees them."""
        b = self.browser
        first = api(self.base, "/api/v1/login", {"username": "first", "password": PASSWORD})["token"]
        number = "UZ%07d" % random.randrange(10**7)
        mrz = passport("KARIMOV", "RUSTAM", number, "UZB", "790412", "M", "310630")
        check = api(self.base, "/api/v1/checks", {"mrz": "\n".join(mrz), "bcp": "UTO-NORTH", "lane": "L1", "direction": "entry"}, first)
        api(self.base, "/api/v1/crossings", {"checkId": check["checkId"], "decision": "refer"}, first)
        page = self.base + "/console/travellers/" + check["traveller"]["id"]
        admin = api(self.base, "/api/v1/login", {"username": "admin", "password": PASSWORD})["token"]
        try:
            self.login("supervisor")
            b.get(page)
            self.assertIn("Entry ban", b.find_element(By.ID, "hits").text)
            self.assertTrue(b.find_elements(By.ID, "birth-date"))

            self.login("customs")
            b.get(page)
            self.assertIn("KARIMOV", b.find_element(By.ID, "surname").text)
            self.assertIn("UTO-NORTH L1", b.find_element(By.ID, "crossings").text)
            self.assertIn(number, b.find_element(By.ID, "documents").text)
            self.assertEqual(b.find_elements(By.ID, "hits"), [], "no hits section at all")
            self.assertEqual(b.find_elements(By.ID, "birth-date"), [])
            self.assertNotIn("Referred", b.find_element(By.TAG_NAME, "main").text)

            self.login("admin")
            b.get(self.base + "/console/agencies")
            section = b.find_element(By.ID, "agency-customs")
            for field in ("hits.alert", "hits.match", "hits.resolution"):
                box = section.find_element(By.CSS_SELECTOR, "input[name=read][value='%s']" % field)
                self.assertFalse(box.is_selected())
                box.click()
            section.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
            self.wait.until(EC.presence_of_element_located((By.ID, "agencies-notice")))

            self.login("customs")
            b.get(page)
            self.assertIn("Entry ban", b.find_element(By.ID, "hits").text)
        finally:
            # Back to the preset, for the other tests.
            api(self.base, "/api/v1/agencies/customs", {"name": "Utopia Customs", "kind": "customs"}, admin, method="PUT")

    def test_an_administrator_records_a_partner_and_an_agreement_then_suspends_it(self):
        """The exchange page's forms in a browser: a partner with its key, an agreement with its
        legal basis and what may pass, then suspended: the exchange would stop at once."""
        b = self.browser
        self.login("admin")
        b.get(self.base + "/console/exchange")
        key = b.find_element(By.ID, "own-key").text
        b.find_element(By.CSS_SELECTOR, "#partner-form summary").click()
        b.find_element(By.ID, "partner-country").send_keys("NER")
        b.find_element(By.ID, "partner-name").send_keys("Niger")
        b.find_element(By.ID, "partner-url").send_keys("https://limes.ner.example")
        b.find_element(By.ID, "partner-key").send_keys(key)
        b.find_element(By.CSS_SELECTOR, "#partner-form button[type=submit]").click()
        self.assertIn("The partner was saved.", self.wait.until(EC.presence_of_element_located((By.ID, "exchange-notice"))).text)
        self.assertIn("https://limes.ner.example", b.find_element(By.ID, "partners").text)

        agreement = "UTO-NER-%d" % random.randrange(10**6)
        b.find_element(By.CSS_SELECTOR, "#agreement-form summary").click()
        b.find_element(By.ID, "agreement-id").send_keys(agreement)
        b.find_element(By.ID, "agreement-title").send_keys("Exchange of alerts")
        b.find_element(By.ID, "agreement-instrument").send_keys("Memorandum of understanding, 2026")
        b.find_element(By.ID, "agreement-article").send_keys("Article 4")
        b.find_element(By.ID, "agreement-partner").send_keys("NER")
        b.execute_script("document.getElementById('agreement-from').value = '2026-01-01'")
        Select(b.find_element(By.ID, "level-alert")).select_by_value("identity_and_decision")
        for field in ("names", "birth_date", "list", "action"):
            b.find_element(By.CSS_SELECTOR, "input[name='fields.alert'][value='%s']" % field).click()
        b.find_element(By.CSS_SELECTOR, "#agreement-form button[type=submit]").click()
        section = self.wait.until(EC.presence_of_element_located((By.ID, "agreement-" + agreement)))
        self.assertIn("Memorandum of understanding, 2026, Article 4", section.text)
        self.assertIn("identity and decision only", section.text)
        section.find_element(By.CSS_SELECTOR, "button.suspend").click()
        # The page is replaced: look for the new one's section rather than the old one's.
        self.wait.until(lambda d: "Resume the agreement" in d.find_element(By.ID, "agreement-" + agreement).text)
        status = b.find_element(By.CSS_SELECTOR, "#agreement-%s .status" % agreement).text
        self.assertIn("suspended", status)

    def test_a_watchlist_uploaded_through_the_console(self):
        """An administrator imports a CSV watchlist through the console: refused without the
        form's token, imported with it, the report shown, and the listed person then stopped at
        the booth."""
        b = self.browser
        folder = tempfile.mkdtemp(prefix="limes-watchlist-")
        path = os.path.join(folder, "national-list.csv")
        with open(path, "w") as f:
            f.write("id,list,names,birth_date,sex,nationality,document_number,document_country,action,valid_until\n")
            f.write("BRW-1,entry_ban,QUENTINOVA ZELDA,1983-02-14,F,UTO,,,refuse_entry,\n")
        self.login("admin")
        b.get(self.base + "/console/admin")
        # The token removed, as a form posted from another site would lack it.
        b.execute_script("document.querySelector(\"form[action='/console/admin/watchlist'] input[name=_csrf]\").value = ''")
        b.find_element(By.ID, "watchlist-file").send_keys(path)
        b.find_element(By.CSS_SELECTOR, "form[action='/console/admin/watchlist'] button[type=submit]").click()
        self.wait.until(lambda d: "not from your session" in d.page_source)
        self.assertEqual(len(b.find_elements(By.ID, "import-report")), 0, "nothing imported without the token")

        b.get(self.base + "/console/admin")
        b.find_element(By.ID, "watchlist-file").send_keys(path)
        b.find_element(By.CSS_SELECTOR, "form[action='/console/admin/watchlist'] button[type=submit]").click()
        report = self.wait.until(EC.presence_of_element_located((By.ID, "import-report")))
        self.assertEqual(b.find_element(By.ID, "added").text.strip(), "1", report.text)
        shutil.rmtree(folder, ignore_errors=True)

        # The index follows the import without a restart (the refresher looks every 5 s).
        self.login("first")
        listed = passport("QUENTINOVA", "ZELDA", "UX1234567", "UTO", "830214", "F", "310101")
        deadline = time.time() + 30
        while True:
            level, reasons = self.scan(listed)
            if level == "stop" or time.time() > deadline:
                break
            time.sleep(1)
        self.assertEqual(level, "stop", reasons)

    def scan(self, lines, direction="entry"):
        b = self.browser
        b.get(self.base + f"/console/first-line?bcp=UTO-NORTH&lane=L1&direction={direction}")
        b.find_element(By.ID, "mrz").send_keys(lines[0] + Keys.ENTER + lines[1] + Keys.ENTER)
        self.wait.until(EC.presence_of_element_located((By.ID, "verdict")))
        return b.find_element(By.ID, "verdict").get_attribute("data-level"), b.find_element(By.ID, "reasons").text

    def test_first_line_cases_an_officer_meets(self):
        b = self.browser
        self.login("first")
        # The impostor: a passport recorded for a man, presented by a woman.
        his = passport("MENSAH", "KWAME", "G7766554", "GHA", "850101", "M", "310501")
        level, _ = self.scan(his)
        self.assertEqual(level, "clear")
        b.find_element(By.ID, "admit").click()
        self.wait.until(EC.presence_of_element_located((By.ID, "done")))
        level, reasons = self.scan(passport("OWUSU", "ABENA", "G7766554", "GHA", "900707", "F", "310501"))
        self.assertEqual(level, "refer")
        self.assertIn("MENSAH KWAME", reasons)
        self.assertIn("second line to establish who holds it", reasons)
        self.assertEqual(b.find_elements(By.CSS_SELECTOR, "#last-crossings tbody tr"), [], "his crossing is not in her history")
        # He comes again to enter, with no exit since: referred, the open stay named.
        level, reasons = self.scan(his)
        self.assertEqual(level, "refer")
        self.assertIn("no exit is recorded since", reasons)
        # He leaves with a new passport: the same traveller, the renewal shown.
        level, reasons = self.scan(passport("MENSAH", "KWAME", "G9900112", "GHA", "850101", "M", "360501"), direction="exit")
        self.assertIn("likely a renewal", reasons)
        self.assertEqual(len(b.find_elements(By.CSS_SELECTOR, "#last-crossings tbody tr")), 1)
        # A long name typed in is kept whole.
        b.get(self.base + "/console/first-line?bcp=UTO-NORTH&lane=L1&direction=entry")
        b.find_element(By.CSS_SELECTOR, "details summary").click()
        for field, value in [("surname", "Wolfeschlegelsteinhausenbergerdorff"), ("givenNames", "Hubert John"), ("number", "C01X00T47"),
                             ("issuer", "D"), ("nationality", "D"), ("sex", "M")]:
            b.find_element(By.ID, field).send_keys(value)
        b.execute_script("document.getElementById('birthDate').value = '1964-02-29'; document.getElementById('expiry').value = '2031-05-01';")
        b.find_element(By.ID, "check").click()
        self.wait.until(EC.presence_of_element_located((By.ID, "verdict")))
        self.assertIn("HUBERT JOHN", b.find_element(By.CSS_SELECTOR, ".person").text)

    def test_a_group_without_documents_is_registered_person_by_person(self):
        b = self.browser
        self.login("first")
        b.get(self.base + "/console/persons")
        Select(b.find_element(By.ID, "bcp")).select_by_value("UTO-NORTH")
        Select(b.find_element(By.ID, "arrival")).select_by_value("land")
        b.find_element(By.ID, "group").send_keys("GREEN-7")
        b.find_element(By.ID, "givenNames").send_keys("Yonas")
        b.find_element(By.ID, "estimatedAge").send_keys("12")
        b.find_element(By.ID, "nationality").send_keys("ERI")
        Select(b.find_element(By.ID, "protectionKind")).select_by_value("child")
        b.find_element(By.ID, "protectionNote").send_keys("walked across alone at night")
        b.find_element(By.ID, "register").click()
        self.wait.until(EC.presence_of_element_located((By.ID, "registered")))
        # The next person of the same group: BCP, arrival and group are kept.
        self.assertEqual(b.find_element(By.ID, "group").get_attribute("value"), "GREEN-7")
        self.assertEqual(Select(b.find_element(By.ID, "arrival")).first_selected_option.get_attribute("value"), "land")
        b.find_element(By.ID, "description").send_keys("gives no name; with the boy")
        previous = b.find_element(By.ID, "registered")
        b.find_element(By.ID, "register").click()
        # The page before also says "registered": wait for the new one.
        self.wait.until(EC.staleness_of(previous))
        self.wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#persons tbody tr")) == 2)
        rows = b.find_elements(By.CSS_SELECTOR, "#persons tbody tr")
        self.assertEqual(len(rows), 2)
        self.assertIn("name not given", rows[0].text)
        self.assertIn("YONAS", rows[1].text)
        self.assertIn("⚑ 1", rows[1].text)
        self.assertNotIn("walked across alone", b.page_source, "first line sees that a flag exists, not what it says")

        # The protection officer finds the boy among the open flags, with where he was met.
        self.login("protection")
        row = b.find_element(By.XPATH, "//table[@id='flags']//tr[td[contains(., 'YONAS')]]")
        self.assertIn("walked across alone at night", row.text)
        self.assertIn("UTO-NORTH", row.text)

    def test_a_post_shows_its_link_and_headquarters_lists_it(self):
        """A post enrolled at this headquarters and served beside it: every page of its console
        says whether headquarters answers and how old its copies are, in the officer's language;
        headquarters' administrator finds the post in the list of posts."""
        b = self.browser
        folder = tempfile.mkdtemp(prefix="limes-browser-post-")
        key = subprocess.run([LIMES, "node", "key", "--data-dir", folder], check=True, capture_output=True, text=True).stdout.strip()
        node = "post-browser-%d" % random.randrange(1_000_000)
        subprocess.run(
            [LIMES, "node", "enrol", "--data-dir", self.folder, "--id", node, "--bcp", "UTO-NORTH", "--public-key", key],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        port = free_port()
        log = open(os.path.join(folder, "post.log"), "w")
        post = subprocess.Popen(
            [LIMES, "serve", "--post", "--node-id", node, "--headquarters", self.base, "--data-dir", folder,
             "--port", str(port), "--sync-interval", "1", "--log-level", "warning"],
            stdout=log,
            stderr=log,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            # The post takes headquarters' users before anyone can log in there.
            deadline = time.time() + 60
            while True:
                request = urllib.request.Request(
                    base + "/api/v1/login",
                    data=json.dumps({"username": "first", "password": PASSWORD}).encode(),
                    headers={"Content-Type": "application/json"},
                )
                try:
                    with urllib.request.urlopen(request) as answer:
                        if answer.status == 200:
                            break
                except OSError:
                    pass
                self.assertLess(time.time(), deadline, "the post never knew headquarters' users")
                time.sleep(0.5)
            b.delete_all_cookies()
            b.get(base + "/console/login?lang=en")
            b.find_element(By.ID, "username").send_keys("first")
            b.find_element(By.ID, "password").send_keys(PASSWORD)
            b.find_element(By.CSS_SELECTOR, "form.card button[type=submit]").click()
            banner = self.wait.until(EC.presence_of_element_located((By.ID, "post-link")))
            self.assertIn("Connected to headquarters.", banner.text)
            self.assertIn("Watchlists as of", banner.text)
            self.assertNotIn("offline", banner.get_attribute("class"))
            Select(b.find_element(By.ID, "language")).select_by_value("ar")
            b.find_element(By.CSS_SELECTOR, "form[action='/console/language'] button").click()
            self.wait.until(lambda d: d.execute_script("return document.documentElement.lang") == "ar")
            self.assertIn("متصل بالمقر.", b.find_element(By.ID, "post-link").text)
            self.assertEqual(b.execute_script("return getComputedStyle(document.getElementById('post-link')).direction"), "rtl")
            self.assertEqual(b.find_elements(By.CSS_SELECTOR, "header nav a[href='/console/nodes']"), [])
            Select(b.find_element(By.ID, "language")).select_by_value("en")
            b.find_element(By.CSS_SELECTOR, "form[action='/console/language'] button").click()
            self.wait.until(lambda d: d.execute_script("return document.documentElement.lang") == "en")

            self.login("admin")
            b.find_element(By.CSS_SELECTOR, "header nav a[href='/console/nodes']").click()
            row = self.wait.until(EC.presence_of_element_located((By.ID, "node-" + node)))
            self.assertIn("UTO-NORTH", row.text)
            self.assertIn("in step", row.text)
            self.assertEqual(b.find_elements(By.ID, "post-link"), [], "headquarters has no link banner")

            # One passport checked as new at headquarters and at the post before their records
            # met: the post's document arrives as a conflict, which the administrator judges.
            number = "C%07d" % random.randrange(10_000_000)
            mrz = "\n".join(passport("OKAFOR", "CHIDI", number, "NGA", "880214", "M", "310530"))
            for server in (self.base, base):
                token = api(server, "/api/v1/login", {"username": "first", "password": PASSWORD})["token"]
                api(server, "/api/v1/checks", {"mrz": mrz, "bcp": "UTO-NORTH", "lane": "L1", "direction": "entry"}, token)
            admin = api(self.base, "/api/v1/login", {"username": "admin", "password": PASSWORD})["token"]
            deadline = time.time() + 60
            while not [c for c in api(self.base, "/api/v1/conflicts", None, admin) if number in c["reason"]]:
                self.assertLess(time.time(), deadline, "the post's document never reached headquarters")
                time.sleep(0.5)
            b.find_element(By.ID, "conflicts-link").click()
            section = self.wait.until(
                lambda d: next((e for e in d.find_elements(By.CSS_SELECTOR, "section.conflict") if number in e.text), None)
            )
            self.assertIn(node, section.text)
            section.find_element(By.CSS_SELECTOR, "input[value='headquarters_stands']").click()
            section.find_element(By.TAG_NAME, "textarea").send_keys("one traveller: joined by hand later")
            section.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
            notice = self.wait.until(EC.presence_of_element_located((By.ID, "conflicts-notice")))
            self.assertIn("The judgement is recorded.", notice.text)
            b.find_element(By.ID, "conflicts-judged").click()
            judged = self.wait.until(
                lambda d: next((e for e in d.find_elements(By.CSS_SELECTOR, "section.conflict") if number in e.text), None)
            )
            self.assertIn("one traveller: joined by hand later", judged.text)
            self.assertIn("Headquarters' record stands", judged.text)
        finally:
            post.terminate()
            post.wait(timeout=20)
            log.close()
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    # The tests share one server and one browser but must not depend on each other's order:
    # they run shuffled, with the seed printed so that a failing order can be run again.
    seed = int(os.environ.get("LIMES_BROWSER_SEED") or random.SystemRandom().randrange(1_000_000))
    print(f"browser tests in shuffled order, seed {seed} (LIMES_BROWSER_SEED={seed} repeats it)", flush=True)
    tests = list(unittest.TestLoader().loadTestsFromTestCase(ConsoleInABrowser))
    random.Random(seed).shuffle(tests)
    result = unittest.TextTestRunner(verbosity=2).run(unittest.TestSuite(tests))
    sys.exit(0 if result.wasSuccessful() else 1)
