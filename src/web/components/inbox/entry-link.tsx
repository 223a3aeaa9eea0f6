import { Link } from "@tanstack/react-router";
import type { ReactNode } from "react";
import type { InboxEntry } from "../../api/inbox.ts";

/** A link to what an entry is about: the provision, the statements, the rounds or the table of members. */
export function EntryLink({
  entry,
  onOpen,
  children,
}: {
  entry: InboxEntry;
  onOpen: () => void;
  children: ReactNode;
}) {
  const negotiationId = entry.negotiationId;
  switch (entry.target.kind) {
    case "provision":
      return (
        <Link
          to="/negotiations/$negotiationId/provisions/$provisionId"
          params={{ negotiationId, provisionId: entry.target.id }}
          onClick={onOpen}
        >
          {children}
        </Link>
      );
    case "statement":
      return (
        <Link to="/negotiations/$negotiationId/statements" params={{ negotiationId }} onClick={onOpen}>
          {children}
        </Link>
      );
    case "round":
      return (
        <Link to="/negotiations/$negotiationId/rounds" params={{ negotiationId }} onClick={onOpen}>
          {children}
        </Link>
      );
    case "member":
      return (
        <Link to="/negotiations/$negotiationId/members" params={{ negotiationId }} onClick={onOpen}>
          {children}
        </Link>
      );
    default:
      return (
        <Link to="/negotiations/$negotiationId" params={{ negotiationId }} onClick={onOpen}>
          {children}
        </Link>
      );
  }
}
