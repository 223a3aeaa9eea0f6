import { useQuery } from "@tanstack/react-query";
import { activityQuery } from "../../api/factors.ts";
import { formatWhen } from "../../format.ts";
import { QueryState } from "../app-frame.tsx";
import { describeBrowser } from "./user-agent.ts";

const FACTORS: Record<string, string> = {
  password: "password only",
  "password+totp": "password and app code",
  "password+recovery": "password and recovery code",
  "password+passkey": "password and passkey",
  passkey: "passkey",
};

/** Activity on this account: notices (new factors, tokens, devices, a copied passkey) and my last sign-ins. */
export function ActivityPanel() {
  const activity = useQuery(activityQuery);
  if (!activity.data)
    return (
      <section className="panel" aria-labelledby="activity-heading">
        <h2 id="activity-heading">Activity on this account</h2>
        <QueryState error={activity.error} what="your account's activity" />
      </section>
    );
  const { notices, signIns } = activity.data;
  return (
    <section className="panel account-activity" aria-labelledby="activity-heading">
      <h2 id="activity-heading">Activity on this account</h2>
      {notices.length > 0 ? (
        <ul className="account-list notices">
          {notices.slice(0, 10).map((n) => (
            <li key={n.id} className={n.kind === "passkey.cloned" ? "alarm" : undefined}>
              <div>
                {n.detail}
                <div className="muted">{formatWhen(n.createdAt)}</div>
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Nothing to report.</p>
      )}
      <h3>Last sign-ins</h3>
      <table className="sign-ins">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Device</th>
            <th scope="col">From</th>
            <th scope="col">With</th>
          </tr>
        </thead>
        <tbody>
          {signIns.map((s) => (
            <tr key={`${s.at}-${s.userAgent ?? ""}-${s.address ?? ""}`}>
              <td>{formatWhen(s.at)}</td>
              <td>{describeBrowser(s.userAgent)}</td>
              <td>{s.address ?? "unknown"}</td>
              <td>{FACTORS[s.factor ?? "password"] ?? s.factor}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
