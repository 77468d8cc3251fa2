"""Issue 9, acceptance 1: the extension in a real JupyterLab server forwards /lakehouse/api/ to the jobs
service with Jupyter's authentication and XSRF checks on every route."""
from __future__ import annotations

import re

import pytest
import requests
from tornado import web

from lakehouse_jupyter.handlers import handlers

HTTP_METHODS = ("get", "post", "put", "delete", "patch")
SAMPLE_GROUP_VALUES = {"([0-9]+)": "1", "([A-Za-z0-9_-]+)": "hello", "([A-Za-z0-9_.-]+)": "dashboard.js", "(.*)": "jobs"}


def anonymous_xsrf(server) -> requests.Session:
    """A browser session without login that holds a valid XSRF cookie (Jupyter's login page sets one)."""
    session = requests.Session()
    session.get(server.url + "/login", timeout=30).raise_for_status()
    assert "_xsrf" in session.cookies
    return session


def logged_in(server) -> requests.Session:
    """A browser session logged in through Jupyter's login form with the token (cookie auth)."""
    session = anonymous_xsrf(server)
    answer = session.post(server.url + "/login", data={"password": server.token, "_xsrf": session.cookies["_xsrf"]},
                          allow_redirects=False, timeout=30)
    assert answer.status_code == 302, answer.text[:500]
    assert any(name.startswith("username-") for name in session.cookies.keys())
    return session


def test_authenticated_request_reaches_the_jobs_service(lab_server):
    health = lab_server.get("/lakehouse/api/health")
    assert health.status_code == 200
    assert health.json()["status"] == "ok"
    jobs = lab_server.get("/lakehouse/api/jobs")
    assert jobs.status_code == 200
    assert isinstance(jobs.json()["jobs"], list)


def test_service_errors_come_back_unchanged(lab_server):
    answer = lab_server.get("/lakehouse/api/jobs/999999")
    assert answer.status_code == 404
    assert "999999" in answer.json()["message"]


@pytest.mark.parametrize("method, path", [("GET", "health"), ("GET", "jobs"), ("POST", "jobs"), ("DELETE", "jobs/1")])
def test_request_without_jupyter_auth_gets_403(lab_server, method, path):
    answer = requests.request(method, f"{lab_server.url}/lakehouse/api/{path}", json={}, timeout=30)
    assert answer.status_code == 403


def test_wrong_jupyter_token_gets_403(lab_server):
    answer = requests.get(f"{lab_server.url}/lakehouse/api/jobs", headers={"Authorization": "token not-the-token"},
                          timeout=30)
    assert answer.status_code == 403


def test_cookie_post_without_xsrf_token_gets_403(lab_server):
    session = logged_in(lab_server)
    # The cookie alone authenticates reads...
    assert session.get(f"{lab_server.url}/lakehouse/api/jobs", timeout=30).status_code == 200
    body = {"notebook": "jobs/dashboard-test.ipynb", "name": "xsrf-probe"}
    refused = session.post(f"{lab_server.url}/lakehouse/api/jobs", json=body, timeout=30)
    assert refused.status_code == 403
    assert "xsrf" in refused.text.lower()
    names = [job["settings"]["name"] for job in lab_server.get("/lakehouse/api/jobs").json()["jobs"]]
    assert "xsrf-probe" not in names
    # ...and the same POST with the XSRF token is forwarded (the service creates the job).
    accepted = session.post(f"{lab_server.url}/lakehouse/api/jobs", json=body,
                            headers={"X-XSRFToken": session.cookies["_xsrf"]}, timeout=30)
    assert accepted.status_code == 201, accepted.text
    job_id = accepted.json()["job_id"]
    deleted = session.delete(f"{lab_server.url}/lakehouse/api/jobs/{job_id}",
                             headers={"X-XSRFToken": session.cookies["_xsrf"]}, timeout=30)
    assert deleted.status_code == 204


def sample_path(pattern: str) -> str:
    path = pattern
    for group, value in SAMPLE_GROUP_VALUES.items():
        path = path.replace(group, value)
    path = path.replace(r"\.", ".").replace("/?", "/")
    assert not re.search(r"[()\[\]*+?]", path), f"add a sample value for a group in {pattern}"
    return path


def implemented_methods(handler) -> list[str]:
    return [m for m in HTTP_METHODS if getattr(handler, m) is not getattr(web.RequestHandler, m)]


def extension_routes():
    return [(pattern, handler, method) for pattern, handler in handlers() for method in implemented_methods(handler)]


def test_the_route_table_is_not_empty():
    methods = {(handler.__name__, method) for _, handler, method in extension_routes()}
    assert ("ApiProxyHandler", "post") in methods
    assert ("DashboardHandler", "get") in methods
    assert len(methods) >= 7


@pytest.mark.parametrize("pattern, handler, method", extension_routes(),
                         ids=[f"{m.upper()} {p}" for p, _, m in extension_routes()])
def test_every_extension_route_refuses_anonymous_requests(lab_server, pattern, handler, method):
    """Walks every handler method the extension registers. Non-GET requests carry a valid XSRF pair so
    only authentication can refuse them; a page GET redirects to the login page, an API call gets 403."""
    session = anonymous_xsrf(lab_server)
    url = lab_server.url + sample_path(pattern)
    headers = {"X-XSRFToken": session.cookies["_xsrf"]} if method != "get" else {}
    answer = session.request(method.upper(), url, headers=headers, json={} if method in ("post", "put") else None,
                             allow_redirects=False, timeout=30)
    if answer.status_code == 302:
        assert "/login" in answer.headers["Location"]
    else:
        assert answer.status_code == 403, f"{method.upper()} {url} answered {answer.status_code}: {answer.text[:300]}"
    # The same request with Jupyter's token is served: the route exists, so the refusal above was auth.
    served = session.request(method.upper(), url, headers={**headers, **lab_server.headers()},
                             json={} if method in ("post", "put") else None, allow_redirects=False, timeout=60)
    assert served.status_code not in (302, 403), f"{method.upper()} {url} with the token: {served.status_code}"


def test_every_handler_method_is_decorated_with_authenticated():
    for _, handler, method in extension_routes():
        function = getattr(handler, method)
        chain = []
        while function is not None:
            # functools.wraps copies the name; the code object keeps the decorator's own qualified name.
            code = function.__code__
            chain.append(getattr(code, "co_qualname", code.co_name) + "@" + function.__module__)
            function = getattr(function, "__wrapped__", None)
        assert any(name.startswith("authenticated.") for name in chain), f"{handler.__name__}.{method}: {chain}"
        assert any(name.startswith("authorized.") for name in chain), f"{handler.__name__}.{method}: {chain}"


def test_dashboard_page_has_a_strict_content_security_policy(lab_server):
    page = lab_server.get("/lakehouse/")
    assert page.status_code == 200
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert 'name="xsrf-token"' in page.text


def test_the_service_token_is_never_logged(lab_server):
    token = (lab_server.home / "jobs" / "token").read_text().strip()
    lab_server.get("/lakehouse/api/jobs")
    for log in (lab_server.log, lab_server.home / "jobs" / "service.log"):
        assert token not in log.read_text(errors="replace"), f"the service token appears in {log}"
