import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { ApiError } from "../../api/client.ts";
import { securitySettingsQuery, setRequireSecondFactor } from "../../api/factors.ts";
import { ProblemLine } from "../rounds/write-parts.tsx";
import "./factor-policy-toggle.css";

/** The operator's switch: every account must have a second factor (those without one are asked to set it up). */
export function FactorPolicyToggle() {
  const queryClient = useQueryClient();
  const settings = useQuery(securitySettingsQuery);
  const change = useMutation({
    mutationFn: setRequireSecondFactor,
    onSuccess: (next) => queryClient.setQueryData(securitySettingsQuery.queryKey, next),
  });
  const mine = change.error instanceof ApiError && change.error.code === "second_factor.setup_required";
  return (
    <section className="panel factor-policy" aria-labelledby="factor-policy-heading">
      <h2 id="factor-policy-heading">Sign-in security</h2>
      <label className="check">
        <input
          type="checkbox"
          checked={settings.data?.requireSecondFactor ?? false}
          disabled={!settings.data || change.isPending}
          onChange={(e) => change.mutate(e.target.checked)}
        />
        Require a second factor (passkey or authenticator app) of every account
      </label>
      <p className="muted">
        Accounts without one can then only set one up until they have; removing the last one is refused.
      </p>
      {mine ? (
        <p role="alert" className="error">
          Set up your own second factor first (<Link to="/account">your account</Link>), or you would lock
          yourself out.
        </p>
      ) : (
        <ProblemLine error={change.error ?? settings.error} />
      )}
    </section>
  );
}
