// A person using GraphiQL in headless Chromium (Debian's /usr/bin/chromium, never a downloaded browser):
// open {url}/graphql, type the Authorization header into the Headers pane, type {query}, run it, read the result.
// Every request that leaves 127.0.0.1 is blocked and reported, so the test proves the page works offline.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { run } from "./lib.mjs";

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

function isLocal(address) {
  const { protocol, hostname } = new URL(address);
  if (protocol === "data:" || protocol === "blob:" || protocol === "about:") return true;
  return hostname === "127.0.0.1" || hostname === "localhost" || hostname === "[::1]";
}

async function typeInto(page, editor, text) {
  await page.locator(editor).click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  // insertText puts the text in as typed input, without CodeMirror auto-closing brackets and quotes.
  await page.keyboard.insertText(text);
}

run(async ({ url, token, query, screenshot, executablePath = "/usr/bin/chromium" }) => {
  const profile = mkdtempSync(join(tmpdir(), "taskapi-chromium-"));
  const blocked = [];
  const assets = [];
  const pageErrors = [];
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: FLAGS,
    offline: false,
  });
  try {
    await context.route("**/*", (route) => {
      const address = route.request().url();
      if (isLocal(address)) return route.continue();
      blocked.push(address);
      return route.abort("internetdisconnected");
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on("pageerror", (error) => pageErrors.push(String(error)));
    page.on("response", (response) => {
      if (response.url().includes("/graphiql-assets/")) assets.push({ url: response.url(), status: response.status() });
    });

    await page.goto(`${url}/graphql`, { waitUntil: "load" });
    await page.locator(".graphiql-query-editor .CodeMirror").waitFor({ timeout: 20000 });

    await page.getByRole("button", { name: "Headers" }).click();
    await typeInto(page, "section.graphiql-editor-tool[aria-label='Headers'] .graphiql-editor:not(.hidden) .CodeMirror", JSON.stringify({ Authorization: `Bearer ${token}` }));
    await typeInto(page, ".graphiql-query-editor .CodeMirror", query);
    await page.locator(".graphiql-execute-button").click();

    const resultPane = page.locator(".result-window");
    await page.waitForFunction(
      () => {
        const text = document.querySelector(".result-window .CodeMirror")?.CodeMirror?.getValue() ?? "";
        return text.includes('"data"') || text.includes('"errors"');
      },
      null,
      { timeout: 20000 },
    );
    const resultText = await resultPane.evaluate((el) => el.querySelector(".CodeMirror").CodeMirror.getValue());
    if (screenshot) await page.screenshot({ path: screenshot });
    const title = await page.title();
    return { title, result: JSON.parse(resultText), blocked, assets, pageErrors };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
