// The one way the browser tests start Debian's chromium: headless, a fresh profile (USER_DATA_DIR),
// and no background networking (this machine's network is closed; see the env notes).
import { chromium } from "playwright-core";

export const env = (name, fallback) => process.env[name] ?? fallback;

export function launchChromium() {
  return chromium.launchPersistentContext(env("USER_DATA_DIR"), {
    executablePath: env("CHROMIUM", "/usr/bin/chromium"),
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport: { width: 1280, height: 900 },
  });
}
