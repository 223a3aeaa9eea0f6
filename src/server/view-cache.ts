import type { FastifyReply } from "fastify";
import type { NegotiationState } from "../domain/state.ts";

/**
 * Presented bodies by the view they were made from. The store hands out one view object per (committed
 * state, readable-scope set) and replaces it on the next commit, so a body cached on a view holds exactly
 * what that view's readers may see and is dropped with it (weakly held).
 */
const bodies = new WeakMap<NegotiationState, Map<string, Buffer>>();

/**
 * Replies with `present(view)` as JSON, serialized once per view and presenter `name`: a presenter must
 * depend on the view alone (nothing of the caller beyond the scopes the view was filtered by).
 */
export function presentedJson(
  reply: FastifyReply,
  view: NegotiationState,
  name: string,
  present: (view: NegotiationState) => unknown,
): Buffer {
  let byName = bodies.get(view);
  if (!byName) {
    byName = new Map();
    bodies.set(view, byName);
  }
  let body = byName.get(name);
  if (body === undefined) {
    // Bytes, not a string: sent as they are, with no encoding or length scan per request.
    body = Buffer.from(JSON.stringify(present(view)), "utf8");
    byName.set(name, body);
  }
  reply.type("application/json; charset=utf-8");
  return body;
}
