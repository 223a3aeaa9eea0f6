import type { BrowserVerifyReport } from "../../record/verify-export.ts";
import { BREAK_WORDS, scopeInWords, shortHash } from "./words.ts";

/** One row per chain the member reads: what it holds, how long it is, its head, and the verdict in words. */
export function ChainTable({
  report,
  partyName,
}: {
  report: BrowserVerifyReport;
  partyName: (id: string) => string;
}) {
  const order = ["shared", "public", "mediation"];
  const chains = [...report.chains].sort((a, b) => {
    const rank = (s: string) => (order.includes(s) ? order.indexOf(s) : order.length);
    return rank(a.scope) - rank(b.scope) || a.scope.localeCompare(b.scope);
  });
  return (
    <table className="chain-table">
      <caption className="visually-hidden">The chains you can read, verified in this browser</caption>
      <thead>
        <tr>
          <th scope="col">Chain</th>
          <th scope="col">Events</th>
          <th scope="col">Head</th>
          <th scope="col">Verified here</th>
          <th scope="col">Signed by the server</th>
        </tr>
      </thead>
      <tbody>
        {chains.map((chain) => (
          <tr key={chain.scope} className={chain.ok ? "chain-ok" : "chain-bad"}>
            <th scope="row">
              {scopeInWords(chain.scope, partyName)}
              <div className="muted mono">{chain.scope}</div>
            </th>
            <td>{chain.count}</td>
            <td>
              {chain.ok ? (
                <code title={chain.head}>{shortHash(chain.head)}</code>
              ) : (
                <span className="muted">n/a</span>
              )}
            </td>
            <td>
              {chain.ok ? (
                <span className="verdict verdict-ok">Verified</span>
              ) : (
                <span className="verdict verdict-bad">
                  Broken at event {chain.firstBad.scopeSeq}: it {BREAK_WORDS[chain.firstBad.reason]}
                  <span className="muted detail"> ({chain.firstBad.detail})</span>
                </span>
              )}
            </td>
            <td>
              {report.signatures === "unsupported"
                ? "Not checked in this browser"
                : chain.signedSeq === null || (chain.signedSeq === 0 && chain.count > 0)
                  ? chain.ok
                    ? "Not yet signed"
                    : "No receipt holds"
                  : chain.signedSeq === chain.count
                    ? "Up to its last event"
                    : `Up to event ${chain.signedSeq} of ${chain.count}`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
