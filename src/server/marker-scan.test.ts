import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Scope } from "../domain/scope.ts";
import { openDocx } from "../formats/import-docx-zip.ts";
import { DIALECTS } from "../store/test-stores.ts";
import { NEGOTIATION, ROLE_EMAILS, startTestApp, type TestApp, type TestRole } from "./test-app.ts";
import {
  type Actor,
  ALL_ROLES,
  actorOf,
  actorsOf,
  type Built,
  cookieOf,
  everyObject,
  ghostOf,
  MEMBER_ROLES,
  negotiationRoute,
  type Obj,
  objOf,
  openLive,
  receivedText,
  requestOf,
  until,
} from "./test-leak.ts";
import { startTestSmtp, type TestSmtp } from "./testing/test-smtp.ts";

/**
 * Issue 3, "How it is checked": the marker scan. Unique markers are written into every party-internal,
 * caucus and mediation item the API can create; then every role calls every route, reads every object and
 * provokes every kind of error, and no byte it receives (headers included) may carry a marker of a scope it
 * cannot read. Each role must also see every marker it may read, so the scan is known to look where they are.
 */

type Method = "GET" | "HEAD" | "POST" | "DELETE";
const N = NEGOTIATION;
const commandUrl = (type: string) => `/api/negotiations/${N}/commands/${type}`;

interface Marker {
  text: string;
  scope: Scope;
}

/** Writes markers as the roles who may write each scope; returns the markers and the ids of what holds them. */
async function seed(t: TestApp): Promise<{ markers: Marker[]; ids: Set<string> }> {
  const markers: Marker[] = [];
  const ids = new Set<string>();
  const mark = (scope: Scope) => {
    // Letters and digits only, so no format escapes or splits it (Markdown escapes brackets, XML quotes…).
    const text = `MRK${scope.replace(/[^a-z]/g, "")}${String(markers.length + 1).padStart(3, "0")}X`;
    markers.push({ text, scope });
    return text;
  };
  const run = async (role: TestRole, type: string, body: Record<string, unknown>) => {
    const response = await (await t.as(role)).request({
      method: "POST",
      url: commandUrl(type),
      payload: body,
    });
    if (response.statusCode !== 201)
      throw new Error(`${role} ${type}: ${response.statusCode} ${response.body}`);
    const created = (response.json() as { ids: Record<string, string> }).ids;
    for (const id of Object.values(created)) ids.add(id);
    return created;
  };
  const version = async (provisionId: string) =>
    (await t.store.fullState(N)).get("provision", provisionId)?.version ?? 0;

  // A round with a caucus for each side, their outcomes and attendance.
  const { roundId = "" } = await run("mediation-lead", "schedule-round", {
    name: `Round 4 ${mark("shared")}`,
    venue: "Vienna",
    startsOn: "2023-06-01",
    endsOn: "2023-06-02",
  });
  const caucus: Record<string, string> = {};
  for (const party of ["am", "az"]) {
    const created = await run("mediation-lead", "schedule-session", {
      roundId,
      sessionKind: "caucus",
      partyId: party,
      title: `Caucus ${mark(`caucus:${party}`)}`,
      date: "2023-06-01",
    });
    caucus[party] = created.sessionId ?? "";
    await run("mediation-member", "record-outcome", {
      sessionId: caucus[party],
      outcome: `Outcome ${mark(`caucus:${party}`)}`,
      provisionIds: ["art-13"],
    });
  }
  await run("mediation-member", "record-attendance", {
    sessionId: caucus.am,
    memberIds: ["blinken", "mirzoyan"],
  });
  await run("mediation-lead", "record-outcome", { sessionId: "r3-caucus-am", outcome: mark("caucus:am") });

  // Proposals on art-13 in every narrow scope (text and rationale), and positions on them.
  const proposals: Record<string, string> = {};
  const tablers: [TestRole, Scope][] = [
    ["am-head", "party:am"],
    ["am-member", "caucus:am"],
    ["az-head", "party:az"],
    ["az-member", "caucus:az"],
    ["mediation-lead", "mediation"],
    ["mediation-member", "caucus:az"],
    ["am-head", "shared"],
  ];
  for (const [role, scope] of tablers) {
    const created = await run(role, "table-proposal", {
      provisionId: "art-13",
      proposalKind: "replace",
      text: `Text ${mark(scope)}`,
      rationale: `Because ${mark(scope)}`,
      scope,
      baseVersion: await version("art-13"),
    });
    proposals[`${role} ${scope}`] = created.proposalId ?? "";
  }
  await run("am-member", "take-position", {
    provisionId: "art-13",
    proposalId: proposals["am-member caucus:am"],
    stance: "reserve",
    comment: mark("caucus:am"),
    scope: "caucus:am",
  });
  await run("am-head", "take-position", {
    provisionId: "art-13",
    proposalId: null,
    stance: "reject",
    comment: mark("party:am"),
    scope: "party:am",
  });
  await run("az-member", "take-position", {
    provisionId: "art-13",
    proposalId: proposals["az-head party:az"],
    stance: "accept",
    comment: mark("party:az"),
    scope: "party:az",
  });
  await run("az-head", "take-position", {
    provisionId: "art-13",
    proposalId: null,
    stance: "counter_propose",
    comment: mark("caucus:az"),
    scope: "caucus:az",
    counter: { text: `Counter ${mark("caucus:az")}` },
  });

  // Key-issue positions kept inside a delegation or told the mediation in caucus.
  for (const [role, scope] of [
    ["am-head", "party:am"],
    ["am-member", "caucus:am"],
    ["az-head", "caucus:az"],
    ["az-member", "party:az"],
  ] as [TestRole, Scope][]) {
    await run(role, "state-key-issue-position", { keyIssueId: "ki-border", text: mark(scope), scope });
  }

  // Notes in every scope, attached to things of their own or wider scopes.
  const notes: [TestRole, Scope, { kind: string; id: string } | undefined][] = [
    ["am-member", "party:am", { kind: "provision", id: "art-13" }],
    ["am-member", "caucus:am", { kind: "session", id: caucus.am ?? "" }],
    ["am-head", "party:am", { kind: "proposal", id: proposals["am-head party:am"] ?? "" }],
    ["am-head", "shared", undefined],
    ["az-member", "party:az", { kind: "key_issue", id: "ki-border" }],
    ["az-member", "caucus:az", { kind: "session", id: "r3-caucus-az" }],
    ["az-head", "party:az", { kind: "statement", id: "st-az" }],
    ["mediation-member", "mediation", { kind: "proposal", id: proposals["mediation-lead mediation"] ?? "" }],
    ["mediation-member", "caucus:am", { kind: "provision", id: "art-7" }],
    ["mediation-lead", "mediation", undefined],
  ];
  for (const [role, scope, target] of notes) {
    await run(role, "write-note", { text: `Note ${mark(scope)}`, scope, ...(target ? { target } : {}) });
  }

  // Statement drafts, each revised once; and one party statement released, the public's control.
  const drafts: [TestRole, TestRole, "party" | "mediator", Scope][] = [
    ["am-head", "am-member", "party", "party:am"],
    ["az-member", "az-head", "party", "party:az"],
    ["mediation-lead", "mediation-member", "mediator", "mediation"],
  ];
  for (const [author, reviser, statementKind, scope] of drafts) {
    const { statementId } = await run(author, "draft-statement", {
      statementKind,
      title: `Readout ${mark(scope)}`,
      text: `Draft ${mark(scope)}`,
    });
    await run(reviser, "revise-statement", { statementId, text: `Revised ${mark(scope)}` });
  }
  const { statementId: released } = await run("am-head", "draft-statement", {
    statementKind: "party",
    title: `Released ${mark("public")}`,
    text: `Released text ${mark("public")}`,
  });
  await run("am-head", "release-statement", { statementId: released });

  // Incidents and claims in narrow scopes, a response among them.
  const incidents: [TestRole, Scope][] = [
    ["am-head", "party:am"],
    ["az-member", "caucus:az"],
    ["mediation-member", "mediation"],
    ["az-head", "party:az"],
  ];
  const incidentOf: Partial<Record<Scope, string>> = {};
  for (const [role, scope] of incidents) {
    const { incidentId } = await run(role, "record-incident", {
      title: `Incident ${mark(scope)}`,
      occurredOn: "2023-05-20",
      location: `At ${mark(scope)}`,
      description: `Seen ${mark(scope)}`,
      keyIssueIds: ["ki-border"],
      scope,
    });
    incidentOf[scope] = incidentId;
  }
  const claims: [TestRole, Scope, string, string | undefined][] = [
    ["am-member", "caucus:am", "inc-checkpoint", undefined],
    ["az-head", "party:az", "inc-checkpoint", "claim-checkpoint-am"],
    ["mediation-lead", "mediation", incidentOf.mediation ?? "", undefined],
    ["am-head", "party:am", incidentOf["party:am"] ?? "", undefined],
  ];
  for (const [role, scope, incidentId, respondsTo] of claims) {
    await run(role, "record-claim", {
      incidentId,
      claimKind: respondsTo ? "response" : "claim",
      source: `Source ${mark(scope)}`,
      text: `Claim ${mark(scope)}`,
      statedOn: "2023-05-21",
      scope,
      ...(respondsTo ? { respondsTo } : {}),
    });
  }

  // The round closes (receipts for every chain), and a checkpoint on demand.
  await run("mediation-lead", "open-round", { roundId });
  await run("mediation-lead", "close-round", { roundId, summary: `Summary ${mark("shared")}` });
  const checkpoint = await (await t.as("mediation-lead")).request({
    method: "POST",
    url: `/api/negotiations/${N}/checkpoints`,
  });
  if (checkpoint.statusCode !== 201) throw new Error(`checkpoint: ${checkpoint.body}`);
  return { markers, ids };
}

/** The text inside an exported DOCX (every part of the package) or PDF (with poppler's pdftotext, if present). */
function documentText(format: "docx" | "pdf", bytes: Buffer): string {
  if (format === "docx") return [...openDocx(bytes).values()].map((part) => part.toString("utf8")).join("\n");
  try {
    return execFileSync("pdftotext", ["-enc", "UTF-8", "-", "-"], { input: bytes }).toString("utf8");
  } catch {
    return "";
  }
}

/** Everything one role receives while calling every route, naming every object and provoking errors. */
async function sweep(
  t: TestApp,
  actor: Actor,
  routes: readonly { method: string; url: string }[],
  objects: readonly Obj[],
  marked: ReadonlySet<string>,
  versions: ReadonlyMap<string, number>,
): Promise<{ texts: string[]; requests: number }> {
  const role = actor.role;
  const agent = await t.as(role);
  const texts: string[] = [];
  const ask = async (method: Method, url: string, payload?: unknown, headers?: Record<string, string>) => {
    const options: InjectOptions = { method, url };
    if (payload !== undefined) options.payload = payload as InjectOptions["payload"];
    if (headers) options.headers = headers;
    const response: LightMyRequestResponse = await agent.request(options);
    texts.push(`${method} ${url}\n${receivedText(response)}`);
    return response;
  };
  const askBuilt = async (method: Method, pattern: string, built: Built) => {
    const options = requestOf(method, pattern, N, built);
    const response = await agent.request(options);
    texts.push(`${method} ${String(options.url)}\n${receivedText(response)}`);
    return response;
  };
  const unique = () => randomUUID();
  const provisions = objects.filter((o) => o.kind === "provision").map((o) => o.id);

  for (const route of routes) {
    const method = route.method as Method;
    const recipe = negotiationRoute(route.method, route.url);
    if (!recipe) {
      // Outside a negotiation: every page and document, with stand-in values for its parameters.
      if (method !== "GET" && method !== "HEAD") continue;
      const url = route.url
        .replace("*", "index.html")
        .replace(":tokenId", randomUUID())
        .replace(":token", "inv_not-a-token");
      await ask(method, url);
      continue;
    }
    if (recipe.member(actor).kind === "websocket") continue;
    // As it comes, then naming each object of the kinds it takes, then a missing and a malformed id.
    const base = recipe.build({ actor, versions, unique: unique() });
    await askBuilt(method, route.url, base);
    if (method === "HEAD") continue;
    for (const [name, kinds] of Object.entries(recipe.refs)) {
      const inPath = route.url.includes(`:${name}`);
      // Every marked object of the kinds it names; in a path, also one marked object of each other kind.
      const otherKinds = new Map<string, Obj>();
      if (inPath)
        for (const o of objects) if (marked.has(o.id) && !kinds.includes(o.kind)) otherKinds.set(o.kind, o);
      const named = [
        ...objects.filter((o) => kinds.includes(o.kind) && marked.has(o.id)),
        ...otherKinds.values(),
      ];
      // A write on something one reads only answers with one's own events: one such write per field is enough.
      const isCommand = recipe.member(actor).kind === "command";
      const readable = named.filter((o) => actor.readable.has(o.scope));
      const writes = isCommand ? new Set(readable.slice(1)) : new Set<Obj>();
      for (const obj of named) {
        if (writes.has(obj)) continue;
        // Releasing a statement one may read would publish its markers: the only write kept out of the sweep.
        if (route.url.endsWith("/release-statement") && actor.readable.has(obj.scope)) continue;
        const built = recipe.build({ actor, focus: { name, obj }, versions, unique: unique() });
        await askBuilt(method, route.url, built);
      }
      const sample = named[0];
      if (sample) {
        const ghost = { ...sample, id: ghostOf(sample.id) };
        const built = recipe.build({ actor, focus: { name, obj: ghost }, versions, unique: unique() });
        await askBuilt(method, route.url, built);
      }
      if (inPath) {
        const built = recipe.build({ actor, versions, unique: unique() });
        await askBuilt(method, route.url, { ...built, params: { ...built.params, [name]: "bad id!" } });
      }
    }
  }

  // Every provision, with its convergence; the record from several resume points.
  for (const id of provisions) await ask("GET", `/api/negotiations/${N}/provisions/${id}`);
  for (const id of ["art-13", "art-7"])
    await ask("GET", `/api/negotiations/${N}/provisions/${id}/convergence`);
  for (const after of ["shared:1", "party:am:0,party:az:0,caucus:am:0,caucus:az:0,mediation:0", "nonsense"])
    await ask("GET", `/api/negotiations/${N}/history?after=${encodeURIComponent(after)}`);
  await ask("GET", `/api/negotiations/${N}/instrument/compare?from=r1&to=current`);

  // Documents: the instrument in every format, now, at a round's close and at the checkpoints; DOCX and PDF
  // read back as text, since their bytes are compressed.
  const receipts = await ask("GET", `/api/negotiations/${N}/receipts`);
  const checkpoints =
    receipts.statusCode === 200
      ? [
          ...new Set(
            (receipts.json() as { receipts: { checkpointId: string }[] }).receipts.map((r) => r.checkpointId),
          ),
        ]
      : [];
  for (const format of ["md", "akn", "docx", "pdf"] as const) {
    const response = await ask("GET", `/api/negotiations/${N}/export?format=${format}&footnotes=true`);
    if (response.statusCode === 200 && (format === "docx" || format === "pdf"))
      texts.push(`${format} export, as text\n${documentText(format, response.rawPayload)}`);
  }
  for (const at of ["r3", ...checkpoints.slice(-2), randomUUID()])
    await ask("GET", `/api/negotiations/${N}/export?format=md&footnotes=true&at=${at}`);

  // Errors: a stale write, a scope one may not write, unknown and mistyped fields, bad JSON, no CSRF token,
  // an unknown route.
  const art13 = versions.get("art-13") ?? 0;
  for (const scope of ["shared", "party:am", "party:az", "caucus:am", "caucus:az", "mediation"]) {
    await ask("POST", commandUrl("table-proposal"), {
      provisionId: "art-13",
      proposalKind: "replace",
      text: "Stale.",
      scope,
      baseVersion: art13 - 1,
    });
    await ask("POST", commandUrl("table-proposal"), {
      provisionId: "art-13",
      proposalKind: "replace",
      text: "Current.",
      scope,
      baseVersion: art13,
    });
  }
  await ask("POST", commandUrl("write-note"), { text: "x", scope: "shared", extra: 1 });
  await ask("POST", commandUrl("write-note"), { text: 42, scope: "party:zz zz" });
  await ask("POST", commandUrl("write-note"), "{not json", { "content-type": "application/json" });
  await ask("POST", commandUrl("mark-agreed"), {
    provisionId: "art-13",
    proposalId: null,
    baseVersion: art13,
  });
  await ask("GET", `/api/negotiations/${N}/nothing-here`);
  await ask("DELETE", `/api/negotiations/${N}`);
  const forged = await t.app.inject({
    method: "POST",
    url: commandUrl("write-note"),
    payload: { text: "x", scope: "shared" },
    headers: role === "anonymous" ? {} : { cookie: await cookieOf(t, role) },
  });
  texts.push(`POST write-note without CSRF\n${receivedText(forged)}`);

  // The live stream: a member gets (at least) the backlog of the record it reads, only of scopes it reads.
  if (role !== "anonymous") {
    const history = await ask("GET", `/api/negotiations/${N}/history`);
    const key = (e: { scope: string; scopeSeq: number }) => `${e.scope}:${e.scopeSeq}`;
    const expected =
      history.statusCode === 200
        ? (history.json() as { events: { scope: string; scopeSeq: number }[] }).events.map(key)
        : [];
    const outcome = await openLive(t, `/api/negotiations/${N}/live`, await cookieOf(t, role)).then(
      async (stream) => {
        try {
          const got = () => new Set(stream.events().map(key));
          await until(() => expected.every((k) => got().has(k)));
          texts.push(...stream.messages.map((m) => `live frame\n${m}`));
          const foreign = stream.events().filter((e) => !actor.readable.has(e.scope as Scope));
          return foreign.length === 0 ? "backlog" : `events of ${foreign.map(key).join(", ")}`;
        } finally {
          stream.close();
        }
      },
      (error: Error) => error.message,
    );
    texts.push(outcome);
    if (actor.member && outcome !== "backlog") texts.push(`LIVE MISMATCH ${outcome}`);
  }
  return { texts, requests: texts.length };
}

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`marker scan on ${dialect.name}`, () => {
    let t: TestApp;
    let markers: Marker[];
    let results: Map<TestRole, { texts: string[]; requests: number }>;
    let actors: Map<TestRole, Actor>;
    let smtp: TestSmtp;

    beforeAll(async () => {
      // Every mail the app sends goes to a real SMTP server, and every member wants a mail per inbox entry.
      smtp = await startTestSmtp();
      t = await startTestApp(dialect, { mail: smtp.settings });
      for (const role of MEMBER_ROLES) {
        const set = await (await t.as(role)).request({
          method: "PUT",
          url: "/api/account/notification-preferences",
          payload: { email: "each" },
        });
        if (set.statusCode !== 200) throw new Error(`preferences of ${role}: ${set.body}`);
      }
      const seeded = await seed(t);
      markers = seeded.markers;
      actors = await actorsOf(t);
      const objects = await everyObject(t);
      // What holds a marker: the seeded items and the positions, notes and copies created alongside them.
      const full = await t.store.fullState(N);
      const marked = new Set(
        [...full.entities()].filter((e) => /MRK[a-z]+\d{3}X/.test(JSON.stringify(e))).map((e) => objOf(e).id),
      );
      for (const id of seeded.ids) marked.add(id);
      const versions = new Map(full.all("provision").map((p) => [p.id, p.version]));
      // The roles sweep side by side, as real clients would.
      results = new Map();
      await Promise.all(
        ALL_ROLES.map(async (role) =>
          results.set(role, await sweep(t, actorOf(actors, role), t.routes, objects, marked, versions)),
        ),
      );
      await t.context.notifier.settled();
    }, 180_000);
    afterAll(async () => {
      await t?.dispose();
      await smtp?.close();
    });

    it("every e-mail sent carries no marker of any scope but the public one, whoever it went to", () => {
      const leaked = smtp.received.flatMap((mail) =>
        markers
          .filter((m) => m.scope !== "public" && (mail.raw.includes(m.text) || mail.text.includes(m.text)))
          .map((m) => `${m.text} in a mail to ${mail.to.join(", ")}: ${mail.subject}`),
      );
      expect(leaked).toEqual([]);
      // The scan looks where mail is: every member was mailed about its inbox, and invitations went out.
      for (const role of MEMBER_ROLES)
        expect(
          smtp.received.some((m) => m.to.includes(ROLE_EMAILS[role])),
          `mail to ${role}`,
        ).toBe(true);
      expect(smtp.received.some((m) => m.subject.includes("invited"))).toBe(true);
    });

    it("seeds a marker into every narrow scope through the API", () => {
      const scopes = new Set(markers.map((m) => m.scope));
      expect(scopes).toEqual(
        new Set(["shared", "public", "party:am", "party:az", "caucus:am", "caucus:az", "mediation"]),
      );
      expect(markers.length).toBeGreaterThan(60);
    });

    for (const role of ALL_ROLES) {
      it(`${role} receives no marker of a scope it cannot read, in any byte of any response`, () => {
        const actor = actorOf(actors, role);
        const { texts, requests } = results.get(role) ?? { texts: [], requests: 0 };
        const leaked = new Map<string, string>();
        for (const text of texts) {
          for (const marker of markers) {
            if (!actor.readable.has(marker.scope) && text.includes(marker.text) && !leaked.has(marker.text))
              leaked.set(marker.text, text.split("\n")[0] ?? "");
          }
        }
        expect([...leaked].map(([marker, where]) => `${marker} in ${where}`)).toEqual([]);
        expect(texts.filter((x) => x.startsWith("LIVE MISMATCH"))).toEqual([]);
        expect(requests).toBeGreaterThan((MEMBER_ROLES as readonly TestRole[]).includes(role) ? 300 : 80);
      });

      it(`${role} finds every marker of the scopes it reads (the scan looks where they are)`, () => {
        const actor = actorOf(actors, role);
        const all = (results.get(role)?.texts ?? []).join("\n");
        const missing = markers.filter((m) => actor.readable.has(m.scope) && !all.includes(m.text));
        expect(missing.map((m) => m.text)).toEqual([]);
      });
    }
  });
}
