"""Routes under /lakehouse/ inside Jupyter's server. Every handler is a JupyterHandler subclass whose
methods are decorated with @web.authenticated (login or token) and @authorized (Jupyter's authorizer);
state-changing methods also pass Jupyter's XSRF check (tornado checks it before any POST/PUT/DELETE).
tests/test_server_extension.py walks this table and proves each route refuses anonymous requests."""
from __future__ import annotations

import html
import json
import re
from importlib.resources import files

from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import APIHandler, JupyterHandler
from jupyter_server.utils import url_path_join
from tornado import web
from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest

from .jobs_service import ServiceError
from .notebook_html import OUTPUT_CSP, render_notebook

AUTH_RESOURCE = "lakehouse"
# The dashboard loads its own script and stylesheet and frames output pages; nothing else.
DASHBOARD_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
                 "frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'self'")
API_PATH = re.compile(r"[A-Za-z0-9_\-./]*")
TASK_KEY = r"[A-Za-z0-9_-]+"
ASSETS = {"dashboard.js": "application/javascript", "dashboard.css": "text/css"}
STATIC = files("lakehouse_jupyter") / "static"


class _LakehouseHandler(JupyterHandler):
    auth_resource = AUTH_RESOURCE

    @property
    def jobs(self):
        """The extension's JobsConnection (set by the extension app)."""
        return self.settings["lakehouse_jobs"]


class DashboardHandler(_LakehouseHandler):
    """GET /lakehouse/: the jobs dashboard page."""

    @property
    def content_security_policy(self) -> str:
        return DASHBOARD_CSP

    @web.authenticated
    @authorized
    def get(self):
        page = (STATIC / "index.html").read_text(encoding="utf-8")
        # The XSRF token goes into a meta tag (no inline script under our CSP); reading it sets the cookie.
        page = page.replace("{{xsrf_token}}", html.escape(self.xsrf_token.decode("ascii"), quote=True))
        page = page.replace("{{base_url}}", html.escape(url_path_join(self.base_url, "lakehouse/"), quote=True))
        page = page.replace("{{jupyter_base_url}}", html.escape(self.base_url, quote=True))
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(page)


class AssetHandler(_LakehouseHandler):
    """GET /lakehouse/static/NAME: the dashboard's script and stylesheet (a fixed list)."""

    @web.authenticated
    @authorized
    def get(self, name):
        if name not in ASSETS:
            raise web.HTTPError(404)
        self.set_header("Content-Type", ASSETS[name] + "; charset=utf-8")
        self.set_header("Cache-Control", "no-cache")
        self.finish((STATIC / name).read_bytes())


class ApiProxyHandler(APIHandler):
    """/lakehouse/api/PATH: forwarded to the jobs service's /api/PATH with its bearer token."""

    auth_resource = AUTH_RESOURCE

    @property
    def jobs(self):
        return self.settings["lakehouse_jobs"]

    async def _forward(self, path: str):
        if not API_PATH.fullmatch(path) or ".." in path:
            raise web.HTTPError(400, "bad API path")
        try:
            endpoint = await self.jobs.endpoint()
        except ServiceError as e:
            raise web.HTTPError(503, str(e)) from None
        url = endpoint.url.rstrip("/") + "/api/" + path
        if self.request.query:
            url += "?" + self.request.query
        body = self.request.body if self.request.method in ("POST", "PUT") else None
        request = HTTPRequest(url, method=self.request.method, body=body, request_timeout=60,
                              allow_nonstandard_methods=True,
                              headers={"Authorization": f"Bearer {endpoint.token}", "Content-Type": "application/json"})
        try:
            response = await AsyncHTTPClient().fetch(request, raise_error=False)
        except (OSError, HTTPClientError) as e:
            raise web.HTTPError(502, f"the jobs service at {endpoint.url} did not answer: {type(e).__name__}") from None
        if response.code == 599:
            raise web.HTTPError(502, f"the jobs service at {endpoint.url} did not answer")
        self.set_status(response.code)
        content_type = response.headers.get("Content-Type")
        if content_type:
            self.set_header("Content-Type", content_type)
        if response.code != 204:
            self.finish(response.body or b"")
        else:
            self.finish()

    @web.authenticated
    @authorized
    async def get(self, path):
        await self._forward(path)

    @web.authenticated
    @authorized
    async def post(self, path):
        await self._forward(path)

    @web.authenticated
    @authorized
    async def put(self, path):
        await self._forward(path)

    @web.authenticated
    @authorized
    async def delete(self, path):
        await self._forward(path)


class OutputPageHandler(_LakehouseHandler):
    """GET /lakehouse/runs/RUN/tasks/KEY/output.html: the task's output notebook, sanitised, no scripts."""

    @property
    def content_security_policy(self) -> str:
        return OUTPUT_CSP

    @web.authenticated
    @authorized
    async def get(self, run_id, task_key):
        try:
            endpoint = await self.jobs.endpoint()
        except ServiceError as e:
            raise web.HTTPError(503, str(e)) from None
        url = f"{endpoint.url.rstrip('/')}/api/runs/{run_id}/tasks/{task_key}/output"
        attempt = self.get_argument("attempt", None)
        if attempt is not None and attempt.isdigit():
            url += f"?attempt={attempt}"
        response = await AsyncHTTPClient().fetch(
            HTTPRequest(url, headers={"Authorization": f"Bearer {endpoint.token}"}, request_timeout=60), raise_error=False)
        if response.code != 200:
            message = _service_message(response.body) or f"the jobs service answered {response.code}"
            raise web.HTTPError(404 if response.code == 404 else 502, message)
        page = await self.jobs.render(render_notebook, response.body.decode("utf-8"))
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(page)


def _service_message(body: bytes | None) -> str | None:
    try:
        return json.loads(body or b"{}").get("message")
    except ValueError:
        return None


def handlers() -> list[tuple[str, type]]:
    """Patterns below Jupyter's base_url (the extension app prepends it)."""

    def route(path: str) -> str:
        return url_path_join("/lakehouse", path)

    return [
        (route("/?"), DashboardHandler),
        (route("static/([A-Za-z0-9_.-]+)"), AssetHandler),
        (route("api/(.*)"), ApiProxyHandler),
        (route(rf"runs/([0-9]+)/tasks/({TASK_KEY})/output\.html"), OutputPageHandler),
    ]
