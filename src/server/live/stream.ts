import websocket from "@fastify/websocket";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { parseScope, type Scope } from "../../domain/scope.ts";
import { countFactors } from "../../store/factors.ts";
import { findApiToken, findSession } from "../../store/sessions.ts";
import { type Principal, requirePrincipal } from "../auth/authenticate.ts";
import type { ServerContext } from "../context.ts";
import { memberOf } from "../membership.ts";
import { HttpError } from "../problem.ts";
import { idParam, parseResume } from "../routes/views.ts";
import type { LiveHub } from "./hub.ts";
import { PRESENCE_TIMINGS, PresenceExchange, type PresenceTimings } from "./presence.ts";
import { CLOSE_RESYNC, CLOSE_REVOKED, type LiveConnection, Room } from "./room.ts";

const clientMessage = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("presence"),
    provisionId: idParam.nullable(),
    scope: z.string().max(40).optional(),
  }),
  z.strictObject({ type: z.literal("ping") }),
]);

/**
 * The live stream: `GET /api/negotiations/:id/live` upgraded to a WebSocket, authenticated like every route
 * (cookie or API token), its Origin checked against the allowlist. It sends the backlog after `resume`, then
 * the live tail, filtered per connection by the scopes the member reads; and presence.
 */
export async function liveRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  hub: LiveHub,
  allowedOrigins: readonly string[],
  presenceTimings: PresenceTimings = PRESENCE_TIMINGS,
): Promise<void> {
  await app.register(websocket, { options: { maxPayload: 16 * 1024 } });
  // An upgrade refused by a hook that runs before the plugin's own (authentication throws on a bad bearer
  // token) leaves the raw socket unmarked, so the plugin would not destroy it after the error response: it
  // would stay open half-closed for ever, and keep the server from closing. End it here.
  app.addHook("onResponse", async (request) => {
    const upgrade = /\bupgrade\b/i.test(request.headers.connection ?? "") && request.headers.upgrade;
    if (upgrade && request.ws !== true) request.raw.socket.destroy();
  });
  const rooms = new Map<string, Room>();
  let nextId = 1;
  ctx.metrics.live.rooms = () => rooms.size;
  ctx.metrics.live.connections = () => {
    let open = 0;
    for (const room of rooms.values()) open += room.connections.size;
    return open;
  };
  ctx.metrics.live.listening = () => hub.hearsRevocations;
  const presence = new PresenceExchange(
    hub,
    presenceTimings,
    function* () {
      for (const [id, room] of rooms) yield [id, room.localEntries()];
    },
    (negotiationId) => rooms.get(negotiationId)?.broadcastPresence(),
    (error) => app.log.error({ err: error }, "presence announcement failed"),
  );
  // Before the sockets close: the others drop this server's members at once rather than at expiry.
  app.addHook("preClose", async () => presence.close());

  const recheck = async (conn: LiveConnection, room: Room) => {
    const { viewer, scopes, state } = await ctx.store.viewAs(room.negotiationId, conn.email);
    if (viewer.kind !== "member" || viewer.member.id !== conn.memberId) return revoke(conn, room);
    // The lead now requires a second factor, and this member has none: they are out until they set one up.
    if (
      state.negotiation?.requireSecondFactor &&
      (await countFactors(ctx.store.database, conn.accountId)) === 0
    )
      return revoke(conn, room);
    if (!sameScopes(scopes, conn.scopes)) {
      // What the member may read changed: make them start again from what they may now read.
      room.write(conn, { type: "resync", reason: "your access changed" });
      conn.socket.close(CLOSE_RESYNC, "resync");
    }
  };
  const revoke = (conn: LiveConnection, room: Room) => {
    room.leave(conn);
    if (conn.socket.readyState === conn.socket.OPEN) {
      conn.socket.send(JSON.stringify({ type: "revoked" }));
      conn.socket.close(CLOSE_REVOKED, "revoked");
    }
  };

  hub.onEvents(
    (negotiationId) =>
      void rooms
        .get(negotiationId)
        ?.poke()
        .catch((error) => app.log.error({ err: error }, "live delivery failed")),
  );
  hub.onReconnect(() => {
    for (const room of rooms.values())
      void room.poke().catch((error) => app.log.error({ err: error }, "live catch-up failed"));
  });
  hub.onRevocation((revocation) => {
    for (const room of rooms.values()) {
      for (const conn of [...room.connections.values()]) {
        const hit =
          "accountId" in revocation
            ? conn.accountId === revocation.accountId
            : conn.sessionHash === revocation.credentialHash;
        if (hit) revoke(conn, room);
      }
    }
  });

  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    "/api/negotiations/:negotiationId/live",
    {
      websocket: true,
      schema: {
        tags: ["live"],
        summary:
          "WebSocket: the events I may read as they happen, after `resume=scope:seq,…` (or only the `recent=N` last); presence",
        params: z.object({ negotiationId: idParam }),
        querystring: z.strictObject({
          resume: z.string().max(2_000).optional(),
          // Without `resume`: start now, after the last `recent` events, instead of sending the whole history.
          recent: z.coerce.number().int().min(0).max(200).optional(),
        }),
      },
      preValidation: async (request) => {
        // A plain HTTP request gets a problem, not the plugin's empty 404.
        if (!request.ws)
          throw new HttpError(
            "upgrade_required",
            426,
            "Open this as a WebSocket.",
            {},
            { upgrade: "websocket" },
          );
        const origin = request.headers.origin;
        // Browsers always send Origin on a WebSocket; a page of another site must not ride the user's cookie.
        if (origin !== undefined && !allowedOrigins.includes(origin))
          throw new HttpError("forbidden", 403, "This origin may not open the live stream.");
        requirePrincipal(request);
        await memberOf(ctx, request, (request.params as { negotiationId: string }).negotiationId);
      },
    },
    async (socket, request) => {
      const { negotiationId } = request.params;
      const principal = requirePrincipal(request);
      const { member, scopes } = await memberOf(ctx, request, negotiationId);
      const resume = parseResume(request.query.resume);
      let room = rooms.get(negotiationId);
      if (!room) {
        room = new Room(ctx.store, negotiationId, recheck, presence, (lag) =>
          ctx.metrics.fanoutLag.observe(lag),
        );
        rooms.set(negotiationId, room);
      }
      await room.initialised;
      const conn: LiveConnection = {
        id: nextId++,
        socket,
        accountId: principal.account.id,
        // The credential the stream was opened with: its revocation closes the stream.
        sessionHash: principal.sessionHash ?? principal.tokenHash,
        email: principal.account.email,
        memberId: member.id,
        scopes,
        seen: new Map(Object.entries(resume) as [Scope, number][]),
        ready: false,
        pending: [],
        presence: null,
        lastPresence: "",
      };
      room.connections.set(conn.id, conn);
      const current = room;
      const expiry =
        principal.expiresAt === undefined
          ? null
          : closeAt(
              principal.expiresAt,
              () => ctx.now().getTime(),
              () => revoke(conn, current),
            );
      socket.on("close", () => {
        expiry?.cancel();
        current.leave(conn);
        if (current.connections.size === 0 && rooms.get(negotiationId) === current)
          rooms.delete(negotiationId);
      });
      // Access may have been withdrawn while the stream was opening: after its request was authenticated and
      // its member looked up, before the connection joined the room, where revocations and membership changes
      // find it. Now that anything later will find it, look again (the credential in the store itself).
      if (!(await credentialStands(ctx, principal))) return revoke(conn, current);
      await recheck(conn, current);
      if (!current.connections.has(conn.id) || socket.readyState !== socket.OPEN) return;
      socket.on("message", (data) => {
        const parsed = clientMessage.safeParse(safeJson(data.toString()));
        if (!parsed.success) return void current.write(conn, { type: "error", code: "validation" });
        if (parsed.data.type === "ping") return void current.write(conn, { type: "pong" });
        const scope = parseScope(parsed.data.scope ?? "shared");
        if (!scope || !conn.scopes.has(scope) || scope === "public")
          return void current.write(conn, { type: "error", code: "scope.not_writable" });
        current.setPresence(conn, {
          memberId: member.id,
          name: member.name,
          provisionId: parsed.data.provisionId,
          scope,
          since: ctx.now().toISOString(),
        });
      });
      const recentCount = request.query.recent;
      if (recentCount !== undefined && Object.keys(resume).length === 0) {
        // Start now: the last few events, then resume after where every readable chain stands.
        const recent = await ctx.store.recent(negotiationId, scopes, recentCount);
        current.send(conn, recent.events);
        for (const [scope, seq] of Object.entries(recent.heads) as [Scope, number][])
          if (seq > (conn.seen.get(scope) ?? 0)) conn.seen.set(scope, seq);
      }
      const from = Object.fromEntries(conn.seen) as Partial<Record<Scope, number>>;
      current.write(conn, { type: "hello", memberId: member.id, scopes: [...scopes], resume: from });
      // Backlog first (anything committed meanwhile waits in `pending`), then the live tail.
      current.send(conn, await ctx.store.history(negotiationId, scopes, from));
      conn.ready = true;
      current.send(conn, conn.pending.splice(0));
      // Connecting changes no one else's list: only the newcomer is told who is here.
      current.sendPresence(conn);
    },
  );
}

/** Whether the session or API token a request was authenticated with is still live, read from the store. */
async function credentialStands(ctx: ServerContext, principal: Principal): Promise<boolean> {
  if (principal.sessionHash !== undefined)
    return (await findSession(ctx.store.database, principal.sessionHash, ctx.now())) !== null;
  if (principal.tokenHash !== undefined)
    return (await findApiToken(ctx.store.database, principal.tokenHash)) !== null;
  return false;
}

function sameScopes(a: ReadonlySet<Scope>, b: ReadonlySet<Scope>): boolean {
  return a.size === b.size && [...a].every((s) => b.has(s));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** Longest delay setTimeout takes (about 24.8 days); longer waits are taken in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Runs `close` at `at` (ms since the epoch): a stream must not outlive the session it was opened with. */
function closeAt(at: number, now: () => number, close: () => void): { cancel(): void } {
  let timer: ReturnType<typeof setTimeout>;
  const wait = () => {
    const left = at - now();
    if (left <= 0) return close();
    timer = setTimeout(wait, Math.min(left, MAX_TIMER_MS));
    timer.unref();
  };
  wait();
  return { cancel: () => clearTimeout(timer) };
}
