// Drives Debian's chromium (playwright-core, no downloaded browser) through the jobs dashboard inside Jupyter:
// log in with the token, create a job from a notebook, run it while following a task's log, wait for SUCCESS,
// open a task's output.
// Prints one JSON line of findings for tests/test_dashboard_browser.py; exits non-zero on any failure.
// Env: LAB_URL, LAB_TOKEN, NOTEBOOK, JOB_NAME, OUTPUT_TASK, SCREENSHOTS, USER_DATA_DIR, RUN_TIMEOUT_MS.
import { env, launchChromium } from "./chromium.mjs";

const url = env("LAB_URL");
const shots = env("SCREENSHOTS");
const runTimeout = Number(env("RUN_TIMEOUT_MS", "600000"));
const findings = { dialogs: [], console_errors: [] };

const browser = await launchChromium();
try {
  const page = browser.pages()[0] ?? (await browser.newPage());
  page.on("dialog", async (dialog) => { findings.dialogs.push(dialog.message()); await dialog.dismiss(); });
  page.on("console", (message) => { if (message.type() === "error") findings.console_errors.push(message.text()); });

  // Jupyter's login page, with the token as password.
  await page.goto(`${url}/login?next=${encodeURIComponent("/lakehouse/")}`);
  await page.fill("input[name=password]", env("LAB_TOKEN"));
  await Promise.all([page.waitForURL(/\/lakehouse\/$/), page.click("button[type=submit], input[type=submit]")]);
  await page.waitForSelector("#jobs tbody tr");
  await page.screenshot({ path: `${shots}/01-dashboard.png`, fullPage: true });

  // Create a job from a notebook, with a cron schedule.
  const jobName = env("JOB_NAME");
  await page.fill("#notebook", env("NOTEBOOK"));
  await page.fill("#job-name", jobName);
  await page.fill("#cron", "0 30 4 * * ?");
  await page.fill("#timezone", "Europe/Paris");
  await page.fill("#parameters", env("PARAMETERS", ""));
  await page.click("#create-button");
  const jobRow = page.locator("#jobs tbody tr", { has: page.locator("td.job-name", { hasText: jobName }) });
  await jobRow.waitFor();
  findings.job_id = Number(await jobRow.getAttribute("data-job-id"));
  // Right after an update the service may briefly report no next fire time (the trigger is being replaced).
  await page.waitForFunction((id) => {
    const cell = document.querySelector(`#jobs tr[data-job-id="${id}"] td.next-fire`);
    return cell && cell.textContent !== "—";
  }, findings.job_id, { timeout: 30000 });
  findings.schedule_text = await jobRow.locator("td").nth(2).innerText();
  findings.next_fire_text = await jobRow.locator("td.next-fire").innerText();
  await page.waitForSelector("#dag svg g.node");
  findings.dag_nodes = await page.locator("#dag svg g.node").evaluateAll((nodes) => nodes.map((n) => n.dataset.taskKey));
  findings.dag_edges = await page.locator("#dag svg path.edge").count();
  await page.screenshot({ path: `${shots}/02-job-created.png`, fullPage: true });

  // Pause and resume the schedule.
  await jobRow.locator("button[data-action=pause]").click();
  await jobRow.locator("button[data-action=resume]").waitFor();
  findings.paused_schedule_text = await jobRow.locator("td").nth(2).innerText();
  await jobRow.locator("button[data-action=resume]").click();
  await jobRow.locator("button[data-action=pause]").waitFor();
  findings.resumed_schedule_text = await jobRow.locator("td").nth(2).innerText();

  // Run now, then watch the run reach SUCCESS.
  await jobRow.locator("button[data-action=run-now]").click();
  const runRow = page.locator("#runs tbody tr[data-run-id]").first();
  await runRow.waitFor();
  findings.run_id = Number(await runRow.getAttribute("data-run-id"));
  // Follow the output task's log while the run goes on: its button appears once the task has started.
  const logButton = page.locator(`#tasks tbody tr[data-task-key="${env("OUTPUT_TASK")}"] button[data-action=log]`);
  await logButton.waitFor({ timeout: runTimeout });
  await logButton.click();
  await page.waitForSelector("#log-section:not([hidden])");
  await page.waitForSelector("#runs tbody tr[data-run-id] td.life .RUNNING, #runs tbody tr[data-run-id] td.result .badge.SUCCESS",
    { timeout: runTimeout });
  await page.screenshot({ path: `${shots}/03-run-in-progress.png`, fullPage: true });
  await page.waitForSelector(`#runs tbody tr[data-run-id="${findings.run_id}"] td.result .SUCCESS, ` +
    `#runs tbody tr[data-run-id="${findings.run_id}"] td.result .FAILED`, { timeout: runTimeout });
  findings.run_result = await page.locator(`#runs tbody tr[data-run-id="${findings.run_id}"] td.result`).innerText();
  findings.task_results = await page.locator("#tasks tbody tr").evaluateAll((rows) =>
    Object.fromEntries(rows.map((r) => [r.dataset.taskKey, r.querySelector("td.result").innerText])));
  findings.dag_states = await page.locator("#dag svg g.node").evaluateAll((nodes) =>
    Object.fromEntries(nodes.map((n) => [n.dataset.taskKey, n.getAttribute("class")])));
  findings.last_result_text = await jobRow.locator("td.last-result").innerText();
  await page.screenshot({ path: `${shots}/04-run-success.png`, fullPage: true });

  // The log followed since the task started is complete once its attempt ended.
  await page.waitForFunction(() => document.getElementById("log-state").textContent === "complete", null,
    { timeout: 60000 });
  findings.log_title = await page.locator("#log-title").innerText();
  findings.log_text = await page.locator("#log-text").innerText();
  await page.locator("#log-section").scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${shots}/07-task-log.png`, fullPage: true });

  // A task's output notebook, in the sandboxed frame.
  const outputTask = env("OUTPUT_TASK");
  await page.locator(`#tasks tbody tr[data-task-key="${outputTask}"] button[data-action=output]`).click();
  const frameElement = await page.waitForSelector("#output-frame");
  findings.iframe_sandbox = await frameElement.getAttribute("sandbox");
  const frame = await frameElement.contentFrame();
  await frame.waitForSelector("#inert-marker, .jp-Cell", { timeout: 60000 });
  await page.waitForTimeout(1500); // let a (blocked) script or onerror handler have its chance
  findings.output_text = await frame.locator("body").innerText();
  findings.output_marker = await frame.locator("#inert-marker").count();
  findings.output_scripts = await frame.locator("script").count();
  findings.output_onerror = await frame.locator("[onerror]").count();
  findings.output_title = await frame.title();
  findings.page_title = await page.title();
  findings.page_flag = await page.evaluate(() => window.lakehousePwned === true);
  await frameElement.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${shots}/05-task-output.png`, fullPage: true });
  // The output page opened on its own (top level) is inert too: its CSP has `sandbox` and no script source.
  const direct = await browser.newPage();
  direct.on("dialog", async (dialog) => { findings.dialogs.push(dialog.message()); await dialog.dismiss(); });
  const response = await direct.goto(`${url}/lakehouse/runs/${findings.run_id}/tasks/${outputTask}/output.html`);
  findings.direct_csp = response.headers()["content-security-policy"];
  await direct.waitForTimeout(1500);
  findings.direct_title = await direct.title();
  findings.direct_flag = await direct.evaluate(() => window.lakehousePwned === true);
  await direct.screenshot({ path: `${shots}/06-output-page-direct.png`, fullPage: false });
  console.log(JSON.stringify(findings));
} catch (error) {
  try {
    const page = browser.pages()[0];
    if (page) await page.screenshot({ path: `${shots}/failure.png`, fullPage: true });
  } catch (ignored) { /* the screenshot is a bonus */ }
  console.log(JSON.stringify({ ...findings, error: String(error && error.stack || error) }));
  process.exitCode = 1;
} finally {
  await browser.close();
}
