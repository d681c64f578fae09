// Runs every graphql-http server audit against {url} with the bearer {token}; prints the counts and the failures.
import { serverAudits } from "graphql-http";
import { run } from "./lib.mjs";

run(async ({ url, token }) => {
  const fetchFn = (input, init = {}) => {
    const headers = new Headers(init.headers ?? {});
    headers.set("authorization", `Bearer ${token}`);
    return fetch(input, { ...init, headers });
  };
  const results = [];
  for (const audit of serverAudits({ url, fetchFn })) {
    results.push(await audit.fn());
  }
  const counts = { total: results.length, ok: 0, warn: 0, notice: 0, error: 0 };
  for (const result of results) counts[result.status] += 1;
  const failures = [];
  for (const result of results.filter((r) => r.status !== "ok")) {
    let body = null;
    try {
      body = await result.response.text();
    } catch {}
    failures.push({
      id: result.id,
      name: result.name,
      status: result.status,
      reason: result.reason,
      responseStatus: result.response?.status,
      body,
    });
  }
  return { counts, failures };
});
