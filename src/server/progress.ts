import type { RecordedEvent } from "../domain/envelope.ts";
import type { Scope } from "../domain/scope.ts";
import type { NegotiationState } from "../domain/state.ts";
import { countsInText } from "../domain/view.ts";
import type { Store } from "../store/store.ts";
import {
  computeProgress,
  convergenceTrend,
  countBlanks,
  type ProgressReport,
  type ProvisionProgressInput,
} from "../text/index.ts";

/**
 * The live alternatives of each provision on the shared text: the base text (when there is one) and every
 * live shared proposal. Proposals kept in a caucus or inside a delegation are not on the table, so they do
 * not count towards how close the deal is, even for a viewer who can read them.
 */
export function alternativesOf(view: NegotiationState): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const provision of view.all("provision")) {
    if (!countsInText(provision)) continue;
    out.set(provision.id, provision.text ? [provision.text] : []);
  }
  for (const proposal of view.all("proposal")) {
    if (proposal.state !== "live" || proposal.scope !== "shared") continue;
    out.get(proposal.provisionId)?.push(proposal.proposalKind === "delete" ? "" : proposal.text);
  }
  return out;
}

/** The progress inputs of a viewer's state: provisions with status, alternatives and key issues. */
export function progressInputs(view: NegotiationState): ProvisionProgressInput[] {
  const alternatives = alternativesOf(view);
  const issues = new Map<string, string[]>();
  for (const issue of view.all("key_issue")) {
    for (const id of issue.provisionIds) issues.set(id, [...(issues.get(id) ?? []), issue.title]);
  }
  return view
    .all("provision")
    .filter(countsInText)
    .map((p) => ({
      id: p.id,
      number: p.number || p.provisionKind,
      status: p.status,
      alternatives: alternatives.get(p.id) ?? [],
      keyIssues: issues.get(p.id) ?? [],
      // The base text: the agreed text once agreed. Blanks in a proposal are that proposal's to fill.
      blanks: countBlanks(p.text),
    }));
}

const closeOf = (roundId: string) => (e: RecordedEvent) =>
  e.type === "round.closed" && (e.data as { roundId?: string }).roundId === roundId;

/** The viewer's state at the close of each closed round, oldest first. */
export async function roundStates(
  store: Store,
  negotiationId: string,
  view: NegotiationState,
  scopes: ReadonlySet<Scope>,
): Promise<{ roundId: string; name: string; state: NegotiationState }[]> {
  const closed = view.all("round").filter((r) => r.state === "closed");
  const out = [];
  for (const round of closed) {
    const state = await store.viewAt(negotiationId, scopes, closeOf(round.id));
    if (state) out.push({ roundId: round.id, name: round.name, state });
  }
  return out;
}

/** Progress per closed round and now, for the viewer. */
export function progressByRound(
  store: Store,
  negotiationId: string,
  view: NegotiationState,
  scopes: ReadonlySet<Scope>,
): Promise<Progress> {
  // Worked out once per view: the store hands out one view per (committed state, readable-scope set) and a
  // new one after each commit, so every member reading the same scopes shares one computation per commit
  // (at 5,000 provisions it takes ~100 ms), and it is dropped with the view.
  let progress = progressByView.get(view);
  if (!progress) {
    progress = computeByRound(store, negotiationId, view, scopes);
    progressByView.set(view, progress);
    progress.catch(() => progressByView.delete(view));
  }
  return progress;
}

interface Progress {
  rounds: { roundId: string; name: string; progress: ProgressReport }[];
  current: ProgressReport;
}

const progressByView = new WeakMap<NegotiationState, Promise<Progress>>();

async function computeByRound(
  store: Store,
  negotiationId: string,
  view: NegotiationState,
  scopes: ReadonlySet<Scope>,
): Promise<Progress> {
  const deadline = { budgetMs: 200, now: () => performance.now() };
  const rounds = (await roundStates(store, negotiationId, view, scopes)).map(({ roundId, name, state }) => ({
    roundId,
    name,
    progress: computeProgress(progressInputs(state), { deadline }),
  }));
  return { rounds, current: computeProgress(progressInputs(view), { deadline }) };
}

/** Convergence of one provision at each round's close and now. */
export async function provisionTrend(
  store: Store,
  negotiationId: string,
  view: NegotiationState,
  scopes: ReadonlySet<Scope>,
  provisionId: string,
) {
  const series = (await roundStates(store, negotiationId, view, scopes)).map(({ name, state }) => ({
    round: name,
    alternatives: alternativesOf(state).get(provisionId) ?? [],
  }));
  series.push({ round: "now", alternatives: alternativesOf(view).get(provisionId) ?? [] });
  return convergenceTrend(series, { deadline: { budgetMs: 200, now: () => performance.now() } });
}
