"""Whole journeys through the proxy, as the people of a scheme make them (`make loadtest`).

The mix: 60% people searching the directory, 15% referring themselves, 10% asking for a call
back, 5% organisation editors and 10% link workers at their pages. Each simulated person
thinks for 1 to 5 seconds between pages and comes from a loopback address of their own. Every
referral a person saw confirmed is written to LOADTEST_RECORD (its reference and the person's
unique name) for the check afterwards (bench/load/run.py). Each simulated link worker signs in
to an account of their own (bench/load/accounts.py), or the demo one when there are none.

Locust's fast client (geventhttpclient) keeps the load generator's own CPU small: on a 2-core
machine it shares the cores with the site it measures.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import sys
import threading
import uuid
from contextlib import suppress
from pathlib import Path

import gevent.ssl
import pyotp
from geventhttpclient.client import HTTPClient, HTTPClientPool
from locust import FastHttpUser, between, task

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.load import accounts
from tests.production.journeys import (
    CALLBACK,
    SELF,
    Browser,
    Unexpected,
    journey_answers,
    person_address,
    save_a_listing,
    send_answers,
    to_check_answers,
    work_a_referral,
)

RECORD = Path(os.environ.get("LOADTEST_RECORD", "bench/load/confirmed.jsonl"))
CA = os.environ.get("LOADTEST_CA") or None  # None: the system's authorities
LINK_WORKER_ACCOUNTS = int(os.environ.get("LOADTEST_LINK_WORKERS", "200"))
POSTCODES = ["LS6 1AN", "LS1 4DY", "LS7 3PD", "LS11 5DL", "LS9 8AG"]
WORDS = ["", "", "walk", "lonely", "art", "money", "garden", "tea"]
numbers = itertools.count(1)
link_workers = itertools.count(1)
record_lock = threading.Lock()


def record(name: str, reference: str | None) -> None:
    """Before a send (reference None) and after a confirmation: a send that never heard back
    (the run ended, the request timed out) may or may not have been saved."""
    with record_lock, RECORD.open("a") as confirmed:
        confirmed.write(json.dumps({"reference": reference, "name": name}) + "\n")


class FromAddress(HTTPClientPool):
    """The connections of one simulated person, from a loopback address of their own."""

    def __init__(self, address: str, **options: object) -> None:
        super().__init__(**options)
        self.address = address

    def get_client(self, url: object) -> HTTPClient:
        client = super().get_client(url)  # type: ignore[arg-type]
        pool = client._connection_pool
        if not getattr(pool, "from_address", None):
            create = pool._create_tcp_socket

            def bound(*args: int) -> object:
                connection = create(*args)
                connection.bind((self.address, 0))
                return connection

            pool._create_tcp_socket = bound  # type: ignore[method-assign]
            pool.from_address = self.address  # type: ignore[attr-defined]
        return client


def trusting_the_proxy() -> gevent.ssl.SSLContext:
    return gevent.ssl.create_default_context(cafile=CA)


class Person(FastHttpUser):
    abstract = True
    wait_time = between(1, 5)
    insecure = False
    ssl_context_factory = staticmethod(trusting_the_proxy)
    network_timeout = 30.0
    connection_timeout = 30.0
    max_retries = 0  # a retried send would hide a failure (and the idempotency key is tested apart)

    def on_start(self) -> None:
        agent = self.client.client
        agent.clientpool = FromAddress(person_address(next(numbers)), **agent.clientpool.client_args)
        self.browser = Browser(self.client, self.host, named=True, timeout=None)

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
        listings = results.links("/directory/listings/")
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
    authenticator_key = ""

    def on_start(self) -> None:
        super().on_start()
        form = self.browser.get("/en/sign-in", "staff: sign-in page")
        self.browser.post(form, {"email": self.email, "password": self.password}, "staff: sign in")
        if self.authenticator_key:
            form = self.browser.get("/en/sign-in/code", "staff: code page")
            self.browser.post(form, {"code": pyotp.TOTP(self.authenticator_key).now()}, "staff: code")


class Editing(StaffMember):
    weight = 5
    email, password = "editor@demo.example", "demo org editor pass"

    @task
    def save_a_change(self) -> None:
        with suppress(Unexpected):  # counted as a failed request by Locust already
            save_a_listing(self.browser, self.think)
        self.think()


class LinkWorking(StaffMember):
    weight = 10

    def on_start(self) -> None:
        number = next(link_workers)
        if number <= LINK_WORKER_ACCOUNTS:
            self.email, self.password = accounts.email(number), accounts.PASSWORD
            self.authenticator_key = accounts.authenticator_key(number)
        else:
            self.email, self.password = "link.worker@demo.example", "demo link worker pass"
            self.authenticator_key = "LINKWORKERDEMOTOTPSECRETKEY23456"
        super().on_start()

    @task
    def work(self) -> None:
        with suppress(Unexpected):
            work_a_referral(self.browser, self.think)
        self.think()
