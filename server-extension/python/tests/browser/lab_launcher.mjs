// JupyterLab's launcher shows a "Lakehouse Jobs" card (our prebuilt labextension); clicking it opens the
// dashboard inside JupyterLab. Prints one JSON line of findings. Env: LAB_URL, LAB_TOKEN, SCREENSHOTS, USER_DATA_DIR.
import { env, launchChromium } from "./chromium.mjs";

const findings = { page_errors: [] };
const browser = await launchChromium();
try {
  const page = browser.pages()[0] ?? (await browser.newPage());
  page.on("pageerror", (error) => findings.page_errors.push(String(error)));
  await page.goto(`${env("LAB_URL")}/lab?token=${env("LAB_TOKEN")}`);
  const card = page.locator(".jp-LauncherCard", { hasText: "Lakehouse Jobs" });
  await card.waitFor({ timeout: 120000 });
  findings.launcher_card = await card.count();
  await page.screenshot({ path: `${env("SCREENSHOTS")}/07-lab-launcher.png` });
  await card.click();
  const frame = page.frameLocator("#lakehouse-jobs-dashboard iframe");
  await frame.locator("#jobs tbody tr").first().waitFor({ timeout: 60000 });
  findings.dashboard_heading = await frame.locator("header h1").innerText();
  findings.tab_label = await page.locator("#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel").innerText();
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${env("SCREENSHOTS")}/08-dashboard-in-lab.png` });
  console.log(JSON.stringify(findings));
} catch (error) {
  try { await browser.pages()[0]?.screenshot({ path: `${env("SCREENSHOTS")}/launcher-failure.png` }); } catch (e) { /* bonus */ }
  console.log(JSON.stringify({ ...findings, error: String(error && error.stack || error) }));
  process.exitCode = 1;
} finally {
  await browser.close();
}
