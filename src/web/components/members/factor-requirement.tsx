import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { ApiError } from "../../api/client.ts";
import { sendCommand } from "../../api/statements.ts";
import type { NegotiationSummary } from "../../api/types.ts";
import { ProblemLine } from "../rounds/write-parts.tsx";
import "./factor-requirement.css";

/**
 * Whether every member must sign in with a second factor: shown to all (it is a shared rule), changed by the
 * mediation lead. Members without one are asked to set it up before they enter.
 */
export function FactorRequirement({
  summary,
  negotiationId,
}: {
  summary: NegotiationSummary;
  negotiationId: string;
}) {
  const queryClient = useQueryClient();
  const required = summary.negotiation?.requireSecondFactor === true;
  const change = useMutation({
    mutationFn: (next: boolean) => sendCommand(negotiationId, "require-second-factor", { required: next }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["negotiation", negotiationId] }),
  });
  const mine = change.error instanceof ApiError && change.error.code === "second_factor.setup_required";
  if (!summary.you.abilities["require-second-factor"])
    return required ? (
      <p className="muted factor-requirement">
        Every member signs in with a second factor (the mediation lead's rule).
      </p>
    ) : null;
  return (
    <div className="factor-requirement">
      <label className="check">
        <input
          type="checkbox"
          checked={required}
          disabled={change.isPending}
          onChange={(e) => change.mutate(e.target.checked)}
        />
        Require a second factor (passkey or authenticator app) of every member
      </label>
      {mine ? (
        <p role="alert" className="error">
          Set up your own second factor first (<Link to="/account">your account</Link>).
        </p>
      ) : (
        <ProblemLine error={change.error} />
      )}
    </div>
  );
}
