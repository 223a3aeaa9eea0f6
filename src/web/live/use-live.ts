import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { LiveClient, type PresenceEntry, type SocketLike } from "../../client/live-client.ts";
import type { RecordedEvent } from "../../domain/envelope.ts";

export type LiveStatus = "connecting" | "live" | "reconnecting" | "revoked" | "closed";

const KEEP = 50;

/**
 * The negotiation's live stream (the session cookie authenticates the browser's WebSocket): the latest events
 * the member may read, newest first, and presence. Every event also marks the negotiation's queries stale, so
 * open screens refetch what changed without a reload.
 */
export function useLive(
  negotiationId: string,
  /** Present this member to the others, looking at this provision (null: at the negotiation, no provision). */
  here?: { provisionId: string | null },
): {
  events: RecordedEvent[];
  presence: PresenceEntry[];
  status: LiveStatus;
} {
  const queryClient = useQueryClient();
  const [events, setEvents] = useState<RecordedEvent[]>([]);
  const [presence, setPresence] = useState<PresenceEntry[]>([]);
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const clientRef = useRef<LiveClient | null>(null);
  const lookingAt = here === undefined ? undefined : here.provisionId;
  const lookingRef = useRef(lookingAt);
  lookingRef.current = lookingAt;

  useEffect(() => {
    let invalidate: ReturnType<typeof setTimeout> | undefined;
    // Events arrive one frame each, thousands at once in the backlog of a large negotiation: they are kept
    // aside and handed to React in one update per burst, with one refetch, so the screen renders once.
    let arrived: RecordedEvent[] = [];
    // At most one update per 300 ms however steadily events arrive.
    const schedule = () => {
      invalidate ??= setTimeout(() => {
        invalidate = undefined;
        flush();
      }, 300);
    };
    const flush = () => {
      const batch = arrived;
      arrived = [];
      setEvents((previous) => [...batch.slice(-KEEP).reverse(), ...previous].slice(0, KEEP));
      void queryClient.invalidateQueries({ queryKey: ["negotiation", negotiationId] });
      // New events may mean new inbox entries: the unread badge and the inbox refetch.
      void queryClient.invalidateQueries({ queryKey: ["inbox"] });
    };
    const client = new LiveClient({
      baseUrl: window.location.origin,
      negotiationId,
      // The browser's WebSocket is a SocketLike; only its handlers' parameter types are narrower (Event).
      open: (url) => new WebSocket(url) as unknown as SocketLike,
      // Only the latest events, not the whole history: screens read their data from the API.
      recent: KEEP,
      onEvent: (event) => {
        arrived.push(event);
        if (arrived.length > KEEP * 4) arrived = arrived.slice(-KEEP);
        schedule();
      },
      onPresence: setPresence,
      onStatus: (next) => {
        setStatus(next);
        // Refused for good: if the session itself ended (not just this membership), the frame signs out.
        if (next === "revoked") void queryClient.invalidateQueries({ queryKey: ["session"] });
        // Connected (again): whatever changed between the screen's read and the stream's start is refetched.
        // The recent events came before the server's hello, so they are all here: shown at once rather than
        // after the batching delay, or a screen would briefly say there is nothing when there is.
        if (next === "live") {
          clearTimeout(invalidate);
          invalidate = undefined;
          flush();
        }
      },
      // Signed out, the session expired, or no longer a member: the server refuses the stream; stop trying.
      stillAllowed: async () => {
        const response = await fetch(`/api/negotiations/${encodeURIComponent(negotiationId)}`, {
          credentials: "same-origin",
          headers: { accept: "application/json" },
        });
        return response.status !== 401 && response.status !== 404;
      },
    });
    client.connect();
    clientRef.current = client;
    // Presence in the shared scope: every member of the negotiation may know who is at the table. The client
    // repeats it after every reconnection.
    if (lookingRef.current !== undefined) client.setPresence(lookingRef.current, "shared");
    return () => {
      clearTimeout(invalidate);
      clientRef.current = null;
      client.close();
    };
  }, [negotiationId, queryClient]);

  useEffect(() => {
    if (lookingAt !== undefined) clientRef.current?.setPresence(lookingAt, "shared");
  }, [lookingAt]);

  return { events, presence, status };
}

const PHRASES: Record<string, string> = {
  "negotiation.created": "Negotiation created",
  "party.added": "Party added",
  "member.added": "Member added",
  "member.removed": "Member removed",
  "round.scheduled": "Round scheduled",
  "round.opened": "Round opened",
  "round.closed": "Round closed",
  "session.scheduled": "Session scheduled",
  "instrument.created": "Instrument created",
  "provision.added": "Provision added",
  "provision.renumbered": "Provision renumbered",
  "provision.edited": "Draft provision edited",
  "provision.moved": "Draft provision moved",
  "provision.withdrawn": "Draft provision withdrawn",
  "instrument.edited": "Title or formulas edited",
  "instrument.tabled": "Text tabled",
  "proposal.tabled": "Proposal tabled",
  "proposal.withdrawn": "Proposal withdrawn",
  "position.taken": "Position taken",
  "provision.agreed_ad_referendum": "Agreed ad referendum",
  "provision.agreed": "Provision agreed",
  "provision.reopened": "Provision reopened",
  "instrument.adopted": "Instrument adopted",
  "key_issue.raised": "Key issue raised",
  "key_issue.linked": "Key issue linked",
  "statement.drafted": "Statement drafted",
  "statement.revised": "Statement revised",
  "statement.approved": "Statement approved",
  "statement.released": "Statement released",
  "incident.recorded": "Incident recorded",
  "note.written": "Note written",
};

/** An event type in words ("proposal.tabled" → "Proposal tabled"). */
export function eventInWords(type: string): string {
  const known = PHRASES[type];
  if (known) return known;
  const words = type.replace(/[._]/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
