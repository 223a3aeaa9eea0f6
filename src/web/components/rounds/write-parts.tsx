import { Link } from "@tanstack/react-router";
import { useEffect, useRef } from "react";
import type { Scope } from "../../../domain/scope.ts";
import { ApiError } from "../../api/client.ts";
import type { NegotiationSummary } from "../../api/types.ts";
import { FixedAudience } from "../scope-picker.tsx";

/** Who will read a write whose scope the command fixes, from the member's own `writableScopes`. */
export function AudienceOf({ summary, scope }: { summary: NegotiationSummary; scope: Scope }) {
  const audience = summary.you.writableScopes.find((a) => a.scope === scope);
  if (!audience) return null;
  return <FixedAudience audience={audience} />;
}

/** An API error said plainly, with its stable code for whoever has to look it up. */
export function ProblemLine({ error }: { error: unknown }) {
  if (!error) return null;
  const message =
    error instanceof ApiError
      ? `${error.message} (${error.code})`
      : error instanceof Error
        ? error.message
        : String(error);
  return (
    <p role="alert" className="error">
      {message}
    </p>
  );
}

/** The way back to the negotiation, above each of its screens. */
export function Crumbs({
  summary,
  negotiationId,
  here,
}: {
  summary: NegotiationSummary;
  negotiationId: string;
  here: string;
}) {
  return (
    <nav aria-label="Breadcrumb" className="crumbs">
      <Link to="/negotiations/$negotiationId" params={{ negotiationId }}>
        {summary.negotiation?.title ?? "Negotiation"}
      </Link>{" "}
      / {here}
    </nav>
  );
}

/**
 * A ref that takes the keyboard focus when its element appears: a form or a confirmation opened by a button
 * replaces that button, and focus must not fall back to the top of the page.
 */
export function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}
