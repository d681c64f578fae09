// @apollo/client 4, unmodified, against taskapi: a query, a mutation, a user error, a GraphQL error, and
// automatic persisted queries through Apollo's own PersistedQueryLink.
import { createHash } from "node:crypto";
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { PersistedQueryLink } from "@apollo/client/link/persisted-queries";
import { recordingFetch, run } from "./lib.mjs";

const VIEWER = gql`
  query Viewer {
    viewer {
      name
    }
  }
`;
const CREATE_TASK = gql`
  mutation CreateTask($input: CreateTaskInput!) {
    createTask(input: $input) {
      task {
        id
        title
      }
      errors {
        field
        message
        code
      }
    }
  }
`;
const TOO_MANY_TASKS = gql`
  query TooManyTasks {
    tasks(first: 1000) {
      edges {
        node {
          id
        }
      }
    }
  }
`;

function makeClient(url, token, { persisted = false } = {}) {
  const fetch = recordingFetch(token);
  let link = new HttpLink({ uri: url, fetch });
  if (persisted) {
    const sha256 = (text) => createHash("sha256").update(text).digest("hex");
    link = ApolloLink.from([new PersistedQueryLink({ sha256, useGETForHashedQueries: true }), link]);
  }
  return { client: new ApolloClient({ link, cache: new InMemoryCache() }), log: fetch.log };
}

function describeError(error) {
  if (!error) return null;
  return { name: error.name, errors: error.errors ?? null, message: error.message };
}

run(async ({ url, token, persistedQuery }) => {
  const { client, log } = makeClient(url, token);

  const viewer = await client.query({ query: VIEWER });
  const created = await client.mutate({ mutation: CREATE_TASK, variables: { input: { title: "Written by Apollo" } } });
  const blank = await client.mutate({ mutation: CREATE_TASK, variables: { input: { title: "   " } } });
  const tooMany = await client.query({ query: TOO_MANY_TASKS, errorPolicy: "all" });
  let thrown = null;
  try {
    await client.query({ query: TOO_MANY_TASKS, fetchPolicy: "network-only" });
  } catch (error) {
    thrown = describeError(error);
  }

  // Persisted queries: a first client registers the query, a second one (fresh cache) sends only the hash.
  const PERSISTED = gql(persistedQuery);
  const first = makeClient(url, token, { persisted: true });
  const registered = await first.client.query({ query: PERSISTED });
  const second = makeClient(url, token, { persisted: true });
  const byHash = await second.client.query({ query: PERSISTED });

  return {
    viewer: viewer.data,
    created: created.data,
    blank: blank.data,
    tooMany: { data: tooMany.data ?? null, error: describeError(tooMany.error) },
    thrown,
    requests: log,
    persisted: {
      registered: registered.data,
      registeredRequests: first.log,
      byHash: byHash.data,
      byHashRequests: second.log,
    },
  };
});
