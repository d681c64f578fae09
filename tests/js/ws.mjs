// graphql-ws, unmodified: connect with the token in connectionParams, run {query} over the socket, and when a
// {subscription: {query, variables, take}} is given, collect its first `take` events.
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { run } from "./lib.mjs";

function once(client, payload) {
  return new Promise((resolve, reject) => {
    let result = null;
    client.subscribe(payload, {
      next: (value) => (result = value),
      error: reject,
      complete: () => resolve(result),
    });
  });
}

function collect(client, { query, variables = {}, take = 1, timeoutMs = 10000 }) {
  return new Promise((resolve, reject) => {
    const events = [];
    const timer = setTimeout(() => {
      dispose();
      reject(new Error(`subscription gave ${events.length} of ${take} events in ${timeoutMs} ms`));
    }, timeoutMs);
    const dispose = client.subscribe(
      { query, variables },
      {
        next: (value) => {
          events.push(value);
          if (events.length >= take) {
            clearTimeout(timer);
            dispose();
            resolve(events);
          }
        },
        error: (error) => {
          clearTimeout(timer);
          reject(error);
        },
        complete: () => {
          clearTimeout(timer);
          resolve(events);
        },
      },
    );
  });
}

run(async ({ url, token, query, variables, subscription }) => {
  const closes = [];
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: token ? { Authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: true,
    on: { closed: (event) => closes.push({ code: event.code, reason: event.reason }) },
  });
  try {
    const result = { query: null, subscription: null, error: null };
    try {
      result.query = await once(client, { query, variables });
      if (subscription) result.subscription = await collect(client, subscription);
    } catch (error) {
      // graphql-ws rejects with GraphQL errors (an array), a CloseEvent, or an Error.
      if (Array.isArray(error)) result.error = { errors: error };
      else if (error?.code !== undefined) result.error = { code: error.code, reason: error.reason };
      else result.error = { message: String(error) };
    }
    return { ...result, closes };
  } finally {
    await client.dispose();
  }
});
