// Cancel and Repair from the dashboard: a run of a slow task is cancelled, then repaired (the cancelled task
// starts again inside the same run), then cancelled again. Prints one JSON line of findings.
// Env: LAB_URL, LAB_TOKEN, JOB_ID, SCREENSHOTS, USER_DATA_DIR.
import { env, launchChromium } from "./chromium.mjs";

const findings = {};
const browser = await launchChromium();
try {
  const page = browser.pages()[0] ?? (await browser.newPage());
  await page.goto(`${env("LAB_URL")}/lakehouse/?token=${env("LAB_TOKEN")}`);
  const jobRow = page.locator(`#jobs tbody tr[data-job-id="${env("JOB_ID")}"]`);
  await jobRow.click();
  await jobRow.locator("button[data-action=run-now]").click();
  const runRow = page.locator("#runs tbody tr[data-run-id]").first();
  await runRow.waitFor();
  findings.run_id = Number(await runRow.getAttribute("data-run-id"));
  const row = `#runs tbody tr[data-run-id="${findings.run_id}"]`;
  await page.waitForSelector(`#tasks tbody tr[data-task-key=slow] td.life .RUNNING`, { timeout: 300000 });
  await page.locator(`${row} button[data-action=cancel]`).click();
  await page.waitForSelector(`${row} td.result .CANCELED`, { timeout: 120000 });
  findings.after_cancel = await page.locator(`${row} td.result`).innerText();
  await page.screenshot({ path: `${env("SCREENSHOTS")}/09-run-cancelled.png`, fullPage: true });
  await page.locator(`${row} button[data-action=repair]`).click();
  await page.waitForSelector(`${row} td.life .RUNNING, ${row} td.life .PENDING`, { timeout: 120000 });
  findings.after_repair = await page.locator(`${row} td.life`).innerText();
  await page.screenshot({ path: `${env("SCREENSHOTS")}/10-run-repaired.png`, fullPage: true });
  await page.locator(`${row} button[data-action=cancel]`).click();
  await page.waitForSelector(`${row} td.result .CANCELED`, { timeout: 120000 });
  console.log(JSON.stringify(findings));
} catch (error) {
  try { await browser.pages()[0]?.screenshot({ path: `${env("SCREENSHOTS")}/controls-failure.png`, fullPage: true }); } catch (e) { /* bonus */ }
  console.log(JSON.stringify({ ...findings, error: String(error && error.stack || error) }));
  process.exitCode = 1;
} finally {
  await browser.close();
}
