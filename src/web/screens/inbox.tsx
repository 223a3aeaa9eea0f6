import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { type InboxEntry, inboxQuery, markRead } from "../api/inbox.ts";
import { QueryState } from "../components/app-frame.tsx";
import { EmailPreference } from "../components/inbox/email-preference.tsx";
import { EntryLink } from "../components/inbox/entry-link.tsx";
import { ProblemLine } from "../components/rounds/write-parts.tsx";
import { formatWhen } from "../format.ts";
import "../components/inbox/inbox.css";

/** What needs me, across my negotiations: newest first, unread marked, each entry a link to what it is about. */
export function InboxScreen() {
  const queryClient = useQueryClient();
  const [negotiationId, setNegotiationId] = useState("");
  const [unreadOnly, setUnreadOnly] = useState(false);
  const inbox = useQuery(inboxQuery({ negotiationId: negotiationId || undefined, unreadOnly }));
  // The list of negotiations with entries comes from the unfiltered inbox, so the filter keeps its choices.
  const all = useQuery(inboxQuery({ unreadOnly: false }));
  const read = useMutation({
    mutationFn: markRead,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["inbox"] }),
  });
  const markOne = (entry: InboxEntry) => {
    if (!entry.read) read.mutate({ entries: [{ negotiationId: entry.negotiationId, id: entry.id }] });
  };

  return (
    <article className="inbox-screen">
      <header className="page-head">
        <h1>Inbox</h1>
        <p className="muted">
          What needs you: joint statements awaiting your approval, new proposals and positions on provisions
          you follow, rounds scheduled or opened, invitations accepted. Each entry shows only what you may
          read.
        </p>
      </header>
      <div className="inbox-layout">
        <section className="panel" aria-labelledby="entries-heading">
          <div className="inbox-tools">
            <h2 id="entries-heading">{inbox.data ? `${inbox.data.unread} unread` : "Entries"}</h2>
            <button
              type="button"
              disabled={read.isPending || !inbox.data || inbox.data.unread === 0}
              onClick={() => read.mutate(negotiationId ? { negotiationId } : {})}
            >
              Mark all read
            </button>
          </div>
          <div className="inbox-tools filters">
            <label>
              Negotiation{" "}
              <select value={negotiationId} onChange={(e) => setNegotiationId(e.target.value)}>
                <option value="">All my negotiations</option>
                {(all.data?.negotiations ?? []).map((n) => (
                  <option key={n.negotiationId} value={n.negotiationId}>
                    {n.title} ({n.unread} unread)
                  </option>
                ))}
              </select>
            </label>
            <label className="choice">
              <input type="checkbox" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} />
              Unread only
            </label>
          </div>
          <ProblemLine error={read.error} />
          {!inbox.data ? (
            <QueryState error={inbox.error} what="your inbox" />
          ) : inbox.data.entries.length === 0 ? (
            <p className="muted">{unreadOnly ? "Nothing unread." : "Nothing here yet."}</p>
          ) : (
            <ol className="inbox-entries">
              {inbox.data.entries.map((entry) => (
                <li key={`${entry.negotiationId} ${entry.id}`} className={entry.read ? "read" : "unread"}>
                  <span className="entry-dot" aria-hidden="true" />
                  <div className="entry-body">
                    <EntryLink entry={entry} onOpen={() => markOne(entry)}>
                      {entry.text}
                    </EntryLink>
                    <span className="muted small">
                      {entry.negotiationTitle} · {formatWhen(entry.at)}
                      {entry.read ? "" : " · unread"}
                    </span>
                  </div>
                  {entry.read ? null : (
                    <button
                      type="button"
                      className="quiet"
                      onClick={() => markOne(entry)}
                      disabled={read.isPending}
                    >
                      Mark read
                    </button>
                  )}
                </li>
              ))}
            </ol>
          )}
        </section>
        <aside className="panel">
          <EmailPreference />
        </aside>
      </div>
    </article>
  );
}
