"""Issue 9, acceptance 4: `%job create` in a running kernel (jupyter_client, the installed kernelspec) schedules
the kernel's notebook on the service the JupyterLab extension started; the dashboard API lists the job and
`%job run --wait` runs it to SUCCESS. The kernel finds the service through the discovery file
(LAKEHOUSE_HOME/jobs/service.json + token) and its notebook through JPY_SESSION_NAME, as under JupyterLab."""
from __future__ import annotations

import os
import queue
import re

import nbformat
import pytest
from jupyter_client.manager import KernelManager

KERNEL_NAME = os.environ.get("LAKEHOUSE_TEST_KERNEL", "lakehouse-java")


def execute(client, code: str, timeout: float = 120) -> dict:
    """Runs a cell; returns its text output, result and error."""
    msg_id = client.execute(code)
    found = {"text": "", "result": "", "error": None}
    while True:
        try:
            message = client.get_iopub_msg(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no answer within {timeout} s to {code!r}; so far {found}") from None
        if message["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = message["msg_type"], message["content"]
        if kind == "stream":
            found["text"] += content["text"]
        elif kind in ("execute_result", "display_data"):
            found["result"] += content["data"].get("text/plain", "")
        elif kind == "error":
            found["error"] = f"{content['ename']}: {content['evalue']}"
        elif kind == "status" and content["execution_state"] == "idle":
            return found


@pytest.fixture(scope="module")
def magic_kernel(lab_server):
    notebook = lab_server.root / "jobs" / "magic-test.ipynb"
    cell = nbformat.v4.new_code_cell('System.out.println("scheduled by %job");')
    cell.metadata["tags"] = ["task=only"]
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), notebook)
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAKEHOUSE_JOBS_")}
    env.update(LAKEHOUSE_HOME=str(lab_server.home), JPY_SESSION_NAME=str(notebook),
               LAKEHOUSE_SPARK_MASTER="local[1]")
    manager = KernelManager(kernel_name=KERNEL_NAME)
    manager.start_kernel(env=env, cwd=str(notebook.parent))
    client = manager.client()
    client.start_channels()
    client.wait_for_ready(timeout=120)
    yield client
    client.stop_channels()
    manager.shutdown_kernel(now=True)


def test_job_magic_is_listed_and_answers_help(magic_kernel):
    assert re.search(r"%job\b", execute(magic_kernel, "%lsmagic")["result"] + execute(magic_kernel, "%lsmagic")["text"])
    answer = execute(magic_kernel, "%job create --help")
    assert answer["error"] is None
    assert "--cron" in answer["result"] + answer["text"]


def test_job_create_then_run_reaches_success(magic_kernel, lab_server):
    created = execute(magic_kernel, '%job create --cron "0 15 3 * * ?" --tz Europe/Berlin --name magic-job')
    assert created["error"] is None, created
    match = re.search(r"Created job (\d+) 'magic-job'", created["result"])
    assert match, created
    job_id = int(match.group(1))
    # The dashboard's API (through Jupyter's server) lists it, built from the notebook's tags.
    listed = {job["job_id"]: job for job in lab_server.get("/lakehouse/api/jobs").json()["jobs"]}
    assert job_id in listed
    settings = listed[job_id]["settings"]
    assert settings["name"] == "magic-job"
    assert settings["schedule"] == {"quartz_cron_expression": "0 15 3 * * ?", "timezone_id": "Europe/Berlin"}
    assert [t["task_key"] for t in settings["tasks"]] == ["only"]
    assert settings["tasks"][0]["notebook_task"]["notebook_path"] == "jobs/magic-test.ipynb"
    assert listed[job_id]["next_fire_time"] is not None

    ran = execute(magic_kernel, "%job run --wait", timeout=900)
    assert ran["error"] is None, ran
    assert "TERMINATED SUCCESS" in ran["result"], ran
    run_id = int(re.search(r"Run (\d+)", ran["result"]).group(1))
    run = lab_server.get(f"/lakehouse/api/runs/{run_id}").json()
    assert run["job_id"] == job_id
    assert run["state"]["result_state"] == "SUCCESS"

    status = execute(magic_kernel, "%job status")
    assert status["error"] is None, status
    assert "magic-job" in status["result"] and f"Run {run_id}" in status["result"] and "SUCCESS" in status["result"]


def test_job_pause_resume_and_delete_manage_the_schedule(magic_kernel, lab_server):
    created = execute(magic_kernel, '%job create --cron "0 0 4 * * ?" --name magic-lifecycle')
    assert created["error"] is None, created
    job_id = int(re.search(r"Created job (\d+)", created["result"]).group(1))

    paused = execute(magic_kernel, "%job pause")
    assert paused["error"] is None and f"Paused job {job_id}" in paused["result"], paused
    assert lab_server.get(f"/lakehouse/api/jobs/{job_id}").json()["paused"] is True
    resumed = execute(magic_kernel, f"%job resume {job_id}")
    assert resumed["error"] is None and f"Resumed job {job_id}" in resumed["result"], resumed
    assert lab_server.get(f"/lakehouse/api/jobs/{job_id}").json()["paused"] is False

    deleted = execute(magic_kernel, "%job delete magic-lifecycle")
    assert deleted["error"] is None and f"Deleted job {job_id}" in deleted["result"], deleted
    assert job_id not in [job["job_id"] for job in lab_server.get("/lakehouse/api/jobs").json()["jobs"]]
    again = execute(magic_kernel, "%job delete magic-lifecycle")
    assert again["error"] is not None and "No job named 'magic-lifecycle'" in again["error"]


def test_job_create_with_a_parameter_the_notebook_does_not_declare_is_refused(magic_kernel):
    answer = execute(magic_kernel, '%job create --name magic-params -p rows=5')
    assert answer["error"] is not None and "no parameter 'rows'" in answer["error"], answer


def test_job_run_with_an_unknown_name_is_a_clear_error(magic_kernel):
    answer = execute(magic_kernel, "%job run no-such-job")
    assert answer["error"] is not None and "No job named 'no-such-job'" in answer["error"]
    # The kernel lives on.
    assert execute(magic_kernel, "1 + 1")["result"].strip() == "2"
