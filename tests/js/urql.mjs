// @urql/core, unmodified: queries go as GET (urql's default for short queries), mutations as POST.
import { Client, fetchExchange, gql } from "@urql/core";
import { recordingFetch, run } from "./lib.mjs";

const VIEWER = gql`
  query Viewer {
    viewer {
      name
    }
  }
`;
const CREATE_TASK = gql`
  mutation CreateTask($title: String!) {
    createTask(input: { title: $title }) {
      task {
        title
      }
      errors {
        code
      }
    }
  }
`;

run(async ({ url, token }) => {
  const fetch = recordingFetch(token);
  const client = new Client({ url, exchanges: [fetchExchange], fetch });
  const viewer = await client.query(VIEWER, {}).toPromise();
  const created = await client.mutation(CREATE_TASK, { title: "Written by urql" }).toPromise();
  return {
    viewer: { data: viewer.data ?? null, error: viewer.error?.message ?? null },
    created: { data: created.data ?? null, error: created.error?.message ?? null },
    requests: fetch.log,
  };
});
