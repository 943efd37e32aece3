"""The clients of the load benchmark (bench/load.py runs Locust on this file from .venv-bench; it
imports nothing of the app).

OcopUser: staff and producers logged in with the demo accounts, going through the case list, case
pages, dossier downloads and the product list. PublicVisitor: anonymous visitors of the public
catalogue. BareUser: the same load on a bare Flask "hello" (bench/bare_app.py), the floor of what
gunicorn and Flask cost on this machine. Each client waits 0.2–1 s between requests.
"""
from __future__ import annotations

import random
import re

from locust import HttpUser, between, task

ACCOUNTS = ("tuvan@demo.ocop.vn", "htx@demo.ocop.vn")
PASSWORD = "DemoOCOP2030"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
CASE_LINK = re.compile(r'href="/cases/(\d+)"')


class OcopUser(HttpUser):
    weight = 4
    wait_time = between(0.2, 1.0)

    def on_start(self):
        page = self.client.get("/auth/login", name="/auth/login")
        token = CSRF.search(page.text).group(1)
        self.client.post("/auth/login", name="/auth/login [POST]",
                         data={"csrf_token": token, "email": random.choice(ACCOUNTS), "password": PASSWORD})
        listing = self.client.get("/cases/", name="/cases/")
        self.case_ids = sorted(set(CASE_LINK.findall(listing.text))) or ["1"]

    @task(3)
    def case_list(self):
        self.client.get("/cases/", name="/cases/")

    @task(3)
    def case_page(self):
        self.client.get(f"/cases/{random.choice(self.case_ids)}", name="/cases/[id]")

    @task(2)
    def dossier(self):
        self.client.get(f"/cases/{random.choice(self.case_ids)}/dossier.pdf", name="/cases/[id]/dossier.pdf")

    @task(1)
    def product_list(self):
        self.client.get("/products/", name="/products/")


class PublicVisitor(HttpUser):
    weight = 1
    wait_time = between(0.2, 1.0)

    @task
    def catalogue(self):
        self.client.get("/catalogue/", name="/catalogue/")


class BareUser(HttpUser):
    wait_time = between(0.2, 1.0)

    @task
    def hello(self):
        self.client.get("/", name="/ (bare Flask)")
