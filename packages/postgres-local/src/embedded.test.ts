import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningPostgres, startEmbeddedPostgres } from "./embedded.ts";

const CLIENTS = 50;
const ROUNDS = 12;

let server: RunningPostgres;

beforeAll(async () => {
  server = await startEmbeddedPostgres();
  const setup = postgres(server.url, { max: 1, onnotice: () => {} });
  await setup`create table items (id serial primary key, client int not null, round int not null, label text not null, amount numeric not null, tags text[] not null, note text)`;
  await setup.end({ timeout: 5 });
}, 60_000);

afterAll(async () => {
  await server?.stop();
}, 60_000);

/**
 * One client's work: rounds of inserts and selects whose statements differ in
 * shape and parameter count, so that a server that let one connection bind
 * against another's prepared statement would fail or return someone else's rows.
 * postgres.js sends a statement with parameters in two steps (Parse and
 * Describe, then Bind and Execute once the parameter types are known), so
 * another connection's statement can come between them on a shared session.
 */
async function work(url: string, client: number): Promise<void> {
  // Unnamed statements are what the notifications worker sends (prepare: false); half the clients use named ones.
  const sql = postgres(url, { max: 1, prepare: client % 2 === 1, onnotice: () => {} });
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const label = `c${client}-r${round}`;
      const amount = `${client}.${round}`;

      const [inserted] = await sql`insert into items (client, round, label, amount, tags, note)
        values (${client}, ${round}, ${label}, ${amount}, ${[label, `t${round}`]}, ${round % 2 === 0 ? null : label})
        returning client, round, label, amount, tags, note`;
      expect(inserted).toEqual({
        client,
        round,
        label,
        amount,
        tags: [label, `t${round}`],
        note: round % 2 === 0 ? null : label,
      });

      const [short] = await sql`insert into items (client, round, label, amount, tags)
        values (${client}, ${-1 - round}, ${`${label}-short`}, ${0}, ${[]}) returning label`;
      expect(short).toEqual({ label: `${label}-short` });

      const byLabel = await sql`select client, round from items where label = ${label}`;
      expect(byLabel).toEqual([{ client, round }]);

      const mine =
        await sql`select round from items where client = ${client} and round >= ${0} and label like ${`c${client}-%`} order by round`;
      expect(mine.map((row) => row.round)).toEqual(Array.from({ length: round + 1 }, (_, index) => index));

      const [count] = await sql`select count(*)::int as n, ${label}::text as echo from items where client = ${client}`;
      expect(count).toEqual({ n: 2 * (round + 1), echo: label });

      const [sum] =
        await sql`select sum(amount)::text as total from items where client = ${client} and round between ${0} and ${round} and note is ${round % 2 === 0 ? sql`null` : sql`not null`}`;
      const expected = Array.from({ length: round + 1 }, (_, index) => index)
        .filter((index) => (index % 2 === 0) === (round % 2 === 0))
        .reduce((total, index) => total + Number(`${client}.${index}`), 0);
      expect(Number(sum?.total)).toBeCloseTo(expected, 6);
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}

describe("the embedded Postgres", () => {
  it("answers 50 concurrent connections running parameterised inserts and selects, every result exact", async () => {
    const outcomes = await Promise.allSettled(Array.from({ length: CLIENTS }, (_, client) => work(server.url, client)));
    const failures = outcomes.flatMap((outcome, client) =>
      outcome.status === "rejected" ? [`client ${client}: ${String(outcome.reason)}`] : [],
    );
    expect(failures).toEqual([]);

    const check = postgres(server.url, { max: 1, onnotice: () => {} });
    try {
      const [totals] = await check`select count(*)::int as rows, count(distinct client)::int as clients from items`;
      expect(totals).toEqual({ rows: CLIENTS * ROUNDS * 2, clients: CLIENTS });
    } finally {
      await check.end({ timeout: 5 });
    }
  }, 120_000);
});
