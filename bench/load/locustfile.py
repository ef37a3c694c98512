"""Whole journeys through the proxy, as the people of a scheme make them (`make loadtest`).

The mix: 60% people searching the directory, 15% referring themselves, 10% asking for a call
back, 5% organisation editors and 10% link workers at their pages. Each simulated person
thinks for 1 to 5 seconds between pages and comes from a loopback address of their own. Every
referral a person saw confirmed is written to LOADTEST_RECORD (its reference and the person's
unique name) for the check afterwards (bench/load/run.py).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import sys
import threading
import uuid
from pathlib import Path

import pyotp
from locust import HttpUser, between, task

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.production.journeys import (
    CALLBACK,
    SELF,
    Browser,
    FromAddress,
    Unexpected,
    journey_answers,
    person_address,
    send_answers,
    to_check_answers,
)

RECORD = Path(os.environ.get("LOADTEST_RECORD", "bench/load/confirmed.jsonl"))
CA = os.environ.get("LOADTEST_CA") or True
POSTCODES = ["LS6 1AN", "LS1 4DY", "LS7 3PD", "LS11 5DL", "LS9 8AG"]
WORDS = ["", "", "walk", "lonely", "art", "money", "garden", "tea"]
numbers = itertools.count(1)
record_lock = threading.Lock()


def record(name: str, reference: str | None) -> None:
    """Before a send (reference None) and after a confirmation: a send that never heard back
    (the run ended, the request timed out) may or may not have been saved."""
    with record_lock, RECORD.open("a") as confirmed:
        confirmed.write(json.dumps({"reference": reference, "name": name}) + "\n")


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 5)

    def on_start(self) -> None:
        self.client.verify = CA
        self.client.trust_env = False
        self.client.mount("https://", FromAddress(person_address(next(numbers))))
        self.browser = Browser(self.client, self.host, named=True)

    def think(self) -> None:
        self.wait()


class Searching(Person):
    weight = 60

    @task
    def search_and_read(self) -> None:
        query = {"postcode": random.choice(POSTCODES), "q": random.choice(WORDS)}
        results = self.browser.get("/en/directory", "directory: search", params=query)
        self.think()
        self.browser.get("/en/directory", "directory: filter", params={**query, "when": "monday", "only": "free"})
        self.think()
        self.browser.get("/en/directory", "directory: next page", params={**query, "page": "2"})
        listings = [a["href"] for a in results.soup.select("main a[href*='/directory/listings/']")]
        if listings:
            self.think()
            self.browser.get(random.choice(listings), "directory: listing page")


class Referring(Person):
    abstract = True
    journey = SELF

    @task
    def refer(self) -> None:
        name = f"Load Person {uuid.uuid4().hex[:12]}"
        try:
            check = to_check_answers(self.browser, self.journey, journey_answers(self.journey, name), self.think)
            self.think()
            record(name, None)
            sent = send_answers(self.browser, check, self.journey)
        except Unexpected:
            return  # counted as a failed request by Locust already, or a page a person would not expect
        if sent.url.endswith("/confirmation") and sent.status == 200:
            record(name, sent.reference())


class ReferringThemselves(Referring):
    weight = 15
    journey = SELF


class AskingForACallBack(Referring):
    weight = 10
    journey = CALLBACK


class StaffMember(Person):
    """Signs in once, then works through their pages."""

    abstract = True
    email = ""
    password = ""
    pages: tuple[tuple[str, str], ...] = ()

    def on_start(self) -> None:
        super().on_start()
        form = self.browser.get("/en/sign-in", "staff: sign-in page")
        self.browser.post(form, {"email": self.email, "password": self.password}, "staff: sign in")

    @task
    def work(self) -> None:
        for path, step in self.pages:
            self.browser.get(path, step)
            self.think()


class Editing(StaffMember):
    weight = 5
    email, password = "editor@demo.example", "demo org editor pass"
    pages = (("/en/organisation", "editor: your listings"),)


class LinkWorking(StaffMember):
    weight = 10
    email, password = "link.worker@demo.example", "demo link worker pass"
    authenticator_key = "LINKWORKERDEMOTOTPSECRETKEY23456"
    pages = (("/en/triage", "link worker: queue"),)

    def on_start(self) -> None:
        super().on_start()
        form = self.browser.get("/en/sign-in/code", "staff: code page")
        self.browser.post(form, {"code": pyotp.TOTP(self.authenticator_key).now()}, "staff: code")
