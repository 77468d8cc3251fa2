"""Issue 9, acceptances 2 and 3, in a real browser: Debian's chromium driven by playwright-core (npm, in
tests/browser) through the dashboard inside JupyterLab's server. Screenshots go to test-artifacts/dashboard/
(gitignored). `./lakehouse test` installs chromium and runs `npm ci` in tests/browser."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[3]
BROWSER_DIR = Path(__file__).parent / "browser"
CHROMIUM = os.environ.get("LAKEHOUSE_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("LAKEHOUSE_TEST_ARTIFACTS", REPO / "test-artifacts")) / "dashboard"


def run_browser_script(script: str, lab_server, profile: Path, **extra) -> dict:
    """Runs tests/browser/SCRIPT with node; returns the JSON findings it prints."""
    if not (BROWSER_DIR / "node_modules" / "playwright-core").is_dir():
        pytest.fail(f"playwright-core is not installed: run `npm ci` in {BROWSER_DIR} (./lakehouse test does)")
    if not Path(CHROMIUM).exists() or shutil.which("node") is None:
        pytest.fail("needs node and Debian's chromium (apt-get install -y chromium nodejs npm; ./lakehouse test does)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "LAB_URL": lab_server.url, "LAB_TOKEN": lab_server.token, "SCREENSHOTS": str(ARTIFACTS),
           "CHROMIUM": CHROMIUM, "USER_DATA_DIR": str(profile), **extra}
    done = subprocess.run(["node", str(BROWSER_DIR / script)], cwd=BROWSER_DIR, env=env,
                          capture_output=True, text=True, timeout=900)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines, f"no findings from {script} (exit {done.returncode}): {done.stdout[-2000:]} {done.stderr[-3000:]}"
    findings = json.loads(lines[-1])
    assert done.returncode == 0 and "error" not in findings, findings.get("error", done.stderr[-3000:])
    return findings


@pytest.fixture(scope="module")
def browser_run(lab_server, tmp_path_factory):
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    return run_browser_script("dashboard_flow.mjs", lab_server, tmp_path_factory.mktemp("chromium-profile"),
                              NOTEBOOK="jobs/dashboard-test.ipynb", JOB_NAME="browser-test-job", OUTPUT_TASK="report",
                              RUN_TIMEOUT_MS="600000", PARAMETERS="greeting=hi from the browser")


def test_dashboard_creates_a_job_from_a_notebook(browser_run, lab_server):
    job = lab_server.get(f"/lakehouse/api/jobs/{browser_run['job_id']}").json()
    assert job["settings"]["name"] == "browser-test-job"
    schedule = job["settings"]["schedule"]
    assert (schedule["quartz_cron_expression"], schedule["timezone_id"]) == ("0 30 4 * * ?", "Europe/Paris")
    assert job["settings"]["parameters"] == [{"name": "greeting", "default": "hi from the browser"}]
    assert {t["task_key"]: t["notebook_task"]["base_parameters"] for t in job["settings"]["tasks"]} == {
        "hello": {"greeting": "hi from the browser"}, "report": {"greeting": "hi from the browser"}}
    assert "0 30 4 * * ? (Europe/Paris)" in browser_run["schedule_text"]
    assert browser_run["next_fire_text"] not in ("", "—")


def test_pause_and_resume_buttons_change_the_schedule(browser_run, lab_server):
    assert "paused" in browser_run["paused_schedule_text"]
    assert "paused" not in browser_run["resumed_schedule_text"]
    assert lab_server.get(f"/lakehouse/api/jobs/{browser_run['job_id']}").json()["paused"] is False


def test_dashboard_draws_the_dag(browser_run):
    assert sorted(browser_run["dag_nodes"]) == ["hello", "report"]
    assert browser_run["dag_edges"] == 1
    assert all("SUCCESS" in css for css in browser_run["dag_states"].values()), browser_run["dag_states"]


def test_run_now_reaches_success_with_every_task(browser_run, lab_server):
    assert browser_run["run_result"].strip() == "SUCCESS"
    assert {k: v.strip() for k, v in browser_run["task_results"].items()} == {"hello": "SUCCESS", "report": "SUCCESS"}
    assert browser_run["last_result_text"].strip() == "SUCCESS"
    run = lab_server.get(f"/lakehouse/api/runs/{browser_run['run_id']}").json()
    assert run["state"]["result_state"] == "SUCCESS"


def test_a_task_log_is_followed_until_its_attempt_ends(browser_run):
    assert browser_run["log_title"] == f"Log of task report, run {browser_run['run_id']}"
    log = browser_run["log_text"]
    assert f"run {browser_run['run_id']} task report attempt 1" in log  # the service's first line
    assert re.search(r"\[\d+/\d+\] cell .* ok", log), log  # the runner's progress, cell by cell
    assert "SUCCESS" in log.splitlines()[-1], log


def test_task_output_notebook_is_shown(browser_run):
    assert browser_run["output_marker"] == 1
    assert "inert output" in browser_run["output_text"]
    assert "report: hi from the browser" in browser_run["output_text"]  # printed, with the form's parameter


def test_script_and_onerror_in_an_output_stay_inert(browser_run, lab_server):
    """Acceptance 3: the output has <script> and onerror=; neither ran (they would have changed a title or set
    a window flag), and neither survived sanitising."""
    raw = lab_server.get(f"/lakehouse/api/runs/{browser_run['run_id']}/tasks/report/output").text
    assert "<script>" in raw and "onerror=" in raw  # the notebook really carries both
    assert browser_run["output_scripts"] == 0
    assert browser_run["output_onerror"] == 0
    assert "pwned" not in browser_run["output_title"]
    assert browser_run["page_title"] == "Lakehouse jobs"
    assert browser_run["page_flag"] is False
    assert browser_run["iframe_sandbox"] == ""  # sandboxed, nothing allowed
    assert browser_run["dialogs"] == []
    csp = browser_run["direct_csp"]
    assert "sandbox" in csp and "default-src 'none'" in csp and "script-src" not in csp
    assert "pwned" not in browser_run["direct_title"] and browser_run["direct_flag"] is False


def test_screenshots_are_saved(browser_run):
    names = ["01-dashboard.png", "02-job-created.png", "03-run-in-progress.png", "04-run-success.png",
             "05-task-output.png", "06-output-page-direct.png", "07-task-log.png"]
    assert all((ARTIFACTS / n).stat().st_size > 5000 for n in names)


def test_jupyterlab_launcher_opens_the_dashboard(browser_run, lab_server, tmp_path_factory):
    """The prebuilt labextension adds a "Lakehouse Jobs" launcher card; it opens the dashboard inside JupyterLab."""
    found = run_browser_script("lab_launcher.mjs", lab_server, tmp_path_factory.mktemp("chromium-lab-profile"))
    assert found["launcher_card"] == 1
    assert found["dashboard_heading"] == "Lakehouse jobs"
    assert found["tab_label"] == "Lakehouse Jobs"
    assert not [e for e in found["page_errors"] if "lakehouse" in e.lower()], found["page_errors"]


def test_cancel_and_repair_buttons(browser_run, lab_server, tmp_path_factory):
    """Cancel a running run, Repair it (the cancelled task runs again in the same run), cancel again."""
    notebook = lab_server.root / "jobs" / "slow.ipynb"
    cell = nbformat.v4.new_code_cell("Thread.sleep(600_000);")
    cell.metadata["tags"] = ["task=slow"]
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), notebook)
    job = lab_server.post("/lakehouse/api/jobs", {"notebook": "jobs/slow.ipynb", "name": "slow-job"}).json()
    found = run_browser_script("run_controls.mjs", lab_server, tmp_path_factory.mktemp("chromium-controls"),
                               JOB_ID=str(job["job_id"]))
    assert found["after_cancel"].strip() == "CANCELED"
    assert found["after_repair"].strip() in ("RUNNING", "PENDING")
    run = lab_server.get(f"/lakehouse/api/runs/{found['run_id']}").json()
    assert run["repair_count"] == 1
    assert run["state"]["result_state"] == "CANCELED"
    assert [a["repair_generation"] for a in run["tasks"][0]["attempts"]] == [0, 1]
