import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { unreadQuery } from "../../api/inbox.ts";
import "./inbox.css";

/** The frame's way to the inbox, with the number of unread entries (read out as "Inbox 3 unread"). */
export function InboxLink() {
  const unread = useQuery(unreadQuery).data ?? 0;
  return (
    <Link to="/inbox" className="inbox-link">
      Inbox{" "}
      {unread > 0 ? (
        <span className="unread-badge">
          {unread > 99 ? "99+" : unread}
          <span className="visually-hidden"> unread</span>
        </span>
      ) : null}
    </Link>
  );
}
