"""The jobs service's life: a second Jupyter server on the same LAKEHOUSE_HOME connects to the running service
(and leaves it running when it stops); a Jupyter server killed with SIGKILL takes its JVM along."""
from __future__ import annotations

import os
import signal
import time


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        return open(f"/proc/{pid}/stat").read().split()[2] != "Z"
    except OSError:
        return False


def wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    return not pid_alive(pid)


def test_second_server_connects_to_the_running_service_and_leaves_it_running(lab_server, another_lab):
    service = lab_server.service_info()
    second = another_lab(home=lab_server.home, root=lab_server.root)
    assert second.service_info() == service  # a new service would have rewritten service.json with its pid
    assert "using the jobs service already running" in second.log.read_text()
    jobs_first = lab_server.get("/lakehouse/api/jobs").json()
    assert second.get("/lakehouse/api/jobs").json() == jobs_first
    second.process.send_signal(signal.SIGTERM)
    assert second.process.wait(60) == 0
    assert pid_alive(service["pid"])
    assert lab_server.get("/lakehouse/api/health").status_code == 200


def test_a_killed_jupyter_server_takes_its_jobs_service_along(another_lab):
    server = another_lab()
    service_pid = server.service_info()["pid"]
    assert pid_alive(service_pid)
    os.kill(server.process.pid, signal.SIGKILL)  # no clean-up code runs in Jupyter
    server.process.wait(10)
    assert wait_gone(service_pid, 30), "the jobs service JVM was orphaned"


def test_a_crashed_jobs_service_is_started_again_on_the_same_url(another_lab):
    server = another_lab()
    crashed = server.service_info()
    os.kill(crashed["pid"], signal.SIGKILL)
    deadline = time.monotonic() + 120
    while True:
        try:
            restarted = server.service_info()
            if restarted["pid"] != crashed["pid"] and server.get("/lakehouse/api/health").status_code == 200:
                break
        except (OSError, ValueError):
            pass  # service.json is rewritten by the new JVM
        assert time.monotonic() < deadline, f"the jobs service was not started again: {server.log.read_text()[-2000:]}"
        time.sleep(0.5)
    assert restarted["url"] == crashed["url"]  # kernels that were given the URL keep reaching it
    assert server.get("/lakehouse/api/jobs").status_code == 200
    # the new JVM answers before the server's own readiness poll sees it and says so
    while "jobs service restarted at" not in server.log.read_text():
        assert time.monotonic() < deadline, f"the server did not report the restart: {server.log.read_text()[-2000:]}"
        time.sleep(0.2)
    assert "the jobs service exited with code -9; restarting it" in server.log.read_text()
