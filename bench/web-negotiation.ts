/**
 * A large negotiation for the browser bench and the browser tests: N provisions (articles of three
 * paragraphs), some bracketed with two or three alternatives, some agreed, a closed round, then changes in
 * the round after it. Built through Store.executeAll with the domain's commands, as users would.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { buildWeb, PASSWORD } from "../e2e/web-server.ts";
import { DEMO_NEGOTIATION_ID, demoMembers, demoScenario } from "../src/demo/scenario.ts";
import { buildApp } from "../src/server/app.ts";
import { setAccount } from "../src/store/accounts.ts";
import { Store } from "../src/store/store.ts";

export const LARGE_NEGOTIATION = "bench-text";
export const LARGE_ACCOUNTS = {
  lead: { memberId: "lead", name: "Mira Lead", email: "lead@bench.parley.test" },
  amHead: { memberId: "am-head", name: "Aram Head", email: "am-head@bench.parley.test" },
  azHead: { memberId: "az-head", name: "Aysel Head", email: "az-head@bench.parley.test" },
} as const;

const WORDS = (
  "the parties shall respect each other's sovereignty territorial integrity and the inviolability of " +
  "borders settle any dispute by peaceful means cooperate in good faith on transport links energy water " +
  "and the rights and security of residents within a joint commission that meets at least twice a year"
).split(" ");

/** A deterministic sentence of `length` words, different for each `seed`. */
export function sentence(seed: number, length: number): string {
  const words = Array.from({ length }, (_, i) => WORDS[(seed * 7 + i * 3) % WORDS.length]);
  const text = words.join(" ");
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

interface Step {
  command: unknown;
  actor: string;
}

/** Every provision id of the large text, in document order. */
export const provisionIds = (count: number): string[] => Array.from({ length: count }, (_, i) => `p${i + 1}`);

/** Which provisions are bracketed, with how many alternatives, and which are agreed: shared with the tests. */
export const shape = {
  bracketed: (i: number) => i % 7 === 3,
  threeWays: (i: number) => i % 21 === 3,
  agreed: (i: number) => i % 5 === 1 && i % 7 !== 3,
  /** Changed in the open round, after the last round closed: a new Armenian proposal. */
  changedLater: (i: number) => i % 50 === 10,
};

/** Seeds the large negotiation into `store`; returns how many provisions it holds. */
export async function seedLargeNegotiation(store: Store, provisions = 1_000): Promise<number> {
  const { lead, amHead, azHead } = LARGE_ACCOUNTS;
  let clock = Date.UTC(2024, 0, 8, 9);
  const run = async (steps: Step[]) => {
    clock += 60_000;
    // A few hundred commands a transaction: the state is decided step by step inside it.
    for (let i = 0; i < steps.length; i += 250)
      await store.executeAll(LARGE_NEGOTIATION, steps.slice(i, i + 250), {
        at: new Date(clock).toISOString(),
      });
  };
  await run([
    {
      actor: "system",
      command: {
        type: "create-negotiation",
        negotiationId: LARGE_NEGOTIATION,
        title: "Framework agreement talks (1,000 provisions)",
        lead: { memberId: lead.memberId, name: lead.name, email: lead.email, title: "Lead mediator" },
      },
    },
  ]);
  await run([
    { actor: lead.memberId, command: { type: "add-party", partyId: "am", name: "Armenia" } },
    { actor: lead.memberId, command: { type: "add-party", partyId: "az", name: "Azerbaijan" } },
    ...[amHead, azHead].map((m, i) => ({
      actor: lead.memberId,
      command: {
        type: "add-member",
        memberId: m.memberId,
        name: m.name,
        email: m.email,
        role: "delegation",
        rank: "head",
        partyId: i === 0 ? "am" : "az",
      },
    })),
    {
      actor: lead.memberId,
      command: {
        type: "schedule-round",
        roundId: "r1",
        name: "First round",
        venue: "Geneva",
        startsOn: "2024-01-08",
        endsOn: "2024-01-10",
      },
    },
    { actor: lead.memberId, command: { type: "open-round", roundId: "r1" } },
    { actor: lead.memberId, command: { type: "create-instrument", title: "Framework Agreement" } },
  ]);

  const ids = provisionIds(provisions);
  const text: Step[] = [];
  let parent = "";
  ids.forEach((id, i) => {
    const article = i % 4 === 0;
    if (article) parent = id;
    const article_no = Math.floor(i / 4) + 1;
    text.push({
      actor: lead.memberId,
      command: {
        type: "add-provision",
        provisionId: id,
        provisionKind: article ? "article" : "paragraph",
        ...(article ? {} : { parentId: parent }),
        number: article ? String(article_no) : String(i % 4),
        heading: article ? `Article heading ${article_no}` : "",
        text: sentence(i, article ? 24 : 40 + (i % 5) * 8),
      },
    });
  });
  // The draft is complete: tabled, so that the talks below negotiate it by proposals and positions.
  text.push({ actor: lead.memberId, command: { type: "table-text" } });
  await run(text);

  const talks: Step[] = [];
  ids.forEach((id, i) => {
    if (shape.bracketed(i)) {
      talks.push(
        ...(["am", "az"] as const).map((party) => ({
          actor: party === "am" ? amHead.memberId : azHead.memberId,
          command: {
            type: "table-proposal",
            proposalId: `${id}-${party}`,
            provisionId: id,
            proposalKind: "replace",
            text: sentence(i + (party === "am" ? 11 : 23), 36),
          },
        })),
      );
      if (shape.threeWays(i))
        talks.push({
          actor: lead.memberId,
          command: {
            type: "table-proposal",
            proposalId: `${id}-bridge`,
            provisionId: id,
            proposalKind: "replace",
            text: sentence(i + 5, 40),
          },
        });
    } else if (shape.agreed(i)) {
      for (const m of [amHead, azHead])
        talks.push({
          actor: m.memberId,
          command: {
            type: "take-position",
            positionId: `${id}-${m.memberId}`,
            provisionId: id,
            stance: "accept",
          },
        });
      talks.push({ actor: lead.memberId, command: { type: "mark-agreed", provisionId: id } });
    }
  });
  await run(talks);
  await run([
    { actor: lead.memberId, command: { type: "close-round", roundId: "r1", summary: "Progress." } },
  ]);

  const later: Step[] = [
    {
      actor: lead.memberId,
      command: {
        type: "schedule-round",
        roundId: "r2",
        name: "Second round",
        venue: "Geneva",
        startsOn: "2024-02-12",
        endsOn: "2024-02-14",
      },
    },
    { actor: lead.memberId, command: { type: "open-round", roundId: "r2" } },
  ];
  ids.forEach((id, i) => {
    if (shape.changedLater(i))
      later.push({
        actor: amHead.memberId,
        command: {
          type: "table-proposal",
          proposalId: `${id}-am-r2`,
          provisionId: id,
          proposalKind: "replace",
          text: sentence(i + 31, 30),
        },
      });
  });
  await run(later);
  return provisions;
}

export interface LargeServer {
  url: string;
  app: FastifyInstance;
  dispose(): Promise<void>;
}

/**
 * The Parley server on port 0 over a fresh SQLite store holding the large negotiation (and the demo when
 * asked), with an account for each of its members, the password being e2e's. `beforeListen` may add routes.
 */
export async function startLargeServer(options: {
  provisions?: number;
  demo?: boolean;
  beforeListen?: (app: FastifyInstance) => void;
}): Promise<LargeServer> {
  const dir = await mkdtemp(join(tmpdir(), "parley-web-bench-"));
  const webDir = join(dir, "web");
  await buildWeb(webDir);
  process.env.PARLEY_WEB_DIR = webDir;
  const store = await Store.open({ file: join(dir, "parley.db") });
  await seedLargeNegotiation(store, options.provisions);
  const accounts: { email: string; name: string }[] = Object.values(LARGE_ACCOUNTS);
  if (options.demo) {
    for (const step of demoScenario())
      await store.execute(DEMO_NEGOTIATION_ID, step.command, step.actor, { at: step.at });
    accounts.push(...demoMembers());
  }
  for (const account of accounts)
    await setAccount(store.database, { ...account, password: PASSWORD }, new Date());
  const origins: string[] = [];
  const { app } = await buildApp({
    store,
    allowedOrigins: origins,
    limits: { perAccount: 1000, perAddress: 1000, windowSeconds: 60, blockSeconds: 60 },
  });
  options.beforeListen?.(app);
  const url = await app.listen({ port: 0, host: "127.0.0.1" });
  origins.push(url);
  return {
    url,
    app,
    dispose: async () => {
      await app.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The web build the server serves (startLargeServer sets it). */
export const webDirOf = (): string | undefined => process.env.PARLEY_WEB_DIR;
