// Shared by the client scripts: each reads one JSON config object on stdin and prints one JSON result on stdout.
import { readFileSync } from "node:fs";

export function readConfig() {
  const text = readFileSync(0, "utf8");
  return text.trim() ? JSON.parse(text) : {};
}

export function report(result) {
  process.stdout.write(JSON.stringify(result) + "\n");
}

/** Run `main(config)` and print what it returns; any exception is printed as {"fatal": ...} with exit status 1. */
export async function run(main) {
  try {
    report(await main(readConfig()));
    process.exit(0);
  } catch (error) {
    report({ fatal: String(error?.stack ?? error) });
    process.exit(1);
  }
}

/** `fetch` that adds the bearer token and records every request's method, URL and body. */
export function recordingFetch(token, log = []) {
  const recorded = async (input, init = {}) => {
    const headers = new Headers(init.headers ?? {});
    if (token && !headers.has("authorization")) headers.set("authorization", `Bearer ${token}`);
    const method = (init.method ?? "GET").toUpperCase();
    const response = await fetch(input, { ...init, headers });
    log.push({
      method,
      url: String(input),
      body: typeof init.body === "string" ? init.body : null,
      accept: headers.get("accept"),
      status: response.status,
      contentType: response.headers.get("content-type"),
    });
    return response;
  };
  recorded.log = log;
  return recorded;
}
