import { type CommandInput, commandSchema } from "../domain/commands.ts";
import type { Proposal, Provision, ProvisionKind, Side } from "../domain/entities.ts";
import { parseScope, type Scope, scopeParts } from "../domain/scope.ts";
import type { NegotiationState } from "../domain/state.ts";
import { formulaChange } from "./import-formulas.ts";
import {
  type ImportedAlternative,
  type ImportedProvision,
  type ImportPreview,
  proposerMap,
} from "./import-model.ts";

/**
 * Turns an import preview into the domain commands that write it, without running them: the caller (CLI,
 * API) executes them in one go as the importing member, so the rules, the policy and the record apply as
 * to any other change. The domain attributes a proposal to whoever tables it, so an alternative that the
 * draft attributes to another side is marked `as` that side: the caller runs it as a member of that side
 * (for instance when the mediation imports a text the parties have agreed to load) or leaves it out.
 */
export interface ImportCommand {
  command: CommandInput;
  /** Who must issue it: the importing member, or the side an alternative is attributed to. */
  as: "importer" | Side;
}

export interface ImportPlan {
  commands: ImportCommand[];
  warnings: string[];
}

export interface ImportOptions {
  /** The importing member's view of the negotiation (an existing instrument is updated, not duplicated). */
  negotiationState: NegotiationState;
  /** Reads a proposer label as a party id or "mediation"; by default party names, ids and "Mediation". */
  mapProposer?: (label: string) => Side | null;
  /** Whom the importing member speaks for: "mediation" (the default) or their party's id. */
  importer?: Side;
  /** Whether the importer may table a draft (the mediation lead); without it, a draft's alternatives are left out. */
  mayTable?: boolean;
  /** Ids for new provisions and proposals; the server passes unguessable ones. By default, readable ids. */
  newId?: (hint: string) => string;
}

const LIMITS = { title: 500, number: 40, heading: 300, text: 100_000 };

const same = (a: string, b: string) => a.replace(/\s+/g, " ").trim() === b.replace(/\s+/g, " ").trim();

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);

class Planner {
  readonly commands: ImportCommand[] = [];
  readonly warnings: string[] = [];
  /**
   * While the text is a draft (no instrument yet, or not tabled), proposals wait here: the plan writes the
   * text, tables it, then proposes. Provisions that only a proposal brings in wait with them (`deferred`).
   */
  readonly later: ImportCommand[] = [];
  private readonly deferred = new Set<string>();
  /** Where each planned provision goes (after which sibling), to place later siblings of a deferred one. */
  private readonly placedAfter = new Map<string, string | undefined>();
  private readonly used = new Set<string>();
  private readonly parties: Set<string>;
  private readonly mapProposer: (label: string) => Side | null;
  private readonly importer: Side;

  constructor(
    private readonly state: NegotiationState,
    private readonly options: ImportOptions,
    readonly drafting: boolean,
  ) {
    this.parties = new Set(state.partyIds());
    this.mapProposer = options.mapProposer ?? proposerMap(state);
    this.importer = options.importer ?? "mediation";
  }

  private emit(command: CommandInput, as: "importer" | Side): void {
    const parsed = commandSchema.safeParse(command);
    if (!parsed.success) {
      this.warnings.push(`Left out a ${command.type}: ${parsed.error.issues[0]?.message ?? "not valid"}.`);
      return;
    }
    const planned = { command, as: as === this.importer ? "importer" : as } as const;
    if (this.drafting && command.type === "table-proposal") this.later.push(planned);
    else this.commands.push(planned);
  }

  /** The nearest sibling before `afterId` that is written with the draft (not brought in by a later proposal). */
  private placed(afterId: string | undefined): string | undefined {
    let at = afterId;
    while (at !== undefined && this.deferred.has(at)) at = this.placedAfter.get(at);
    return at;
  }

  /** A fresh id: unique among the entities the importer can see and the ids this plan already uses. */
  private id(kind: "provision" | "proposal", hint: string): string {
    const base = (this.options.newId ? this.options.newId(hint) : hint).slice(0, 60) || kind;
    let candidate = base;
    for (let n = 2; this.used.has(candidate) || this.state.get(kind, candidate); n++)
      candidate = `${base}-${n}`;
    this.used.add(candidate);
    return candidate;
  }

  private fit(value: string, limit: number, what: string, where: string): string {
    if (value.length <= limit) return value;
    this.warnings.push(`${where}: the ${what} was cut to ${limit} characters.`);
    return value.slice(0, limit);
  }

  /** The side and scope an alternative is tabled with, or null (with a warning) when it cannot be. */
  private sideOf(alternative: ImportedAlternative, where: string): { side: Side; scope: Scope } | null {
    const side = alternative.proposer === null ? this.importer : this.mapProposer(alternative.proposer);
    if (side === null || (side !== "mediation" && !this.parties.has(side))) {
      this.warnings.push(`${where}: the proposer "${alternative.proposer}" is not a party here; left out.`);
      return null;
    }
    const scope = alternative.scope === null ? "shared" : parseScope(alternative.scope);
    // A narrower scope must be one the proposer writes into; widening it would circulate a private text.
    const { kind, party } = scope ? scopeParts(scope) : { kind: null, party: null };
    const writable =
      scope === "shared" ||
      (side === "mediation" ? kind === "mediation" || kind === "caucus" : party === side && kind !== null);
    if (!scope || !writable) {
      this.warnings.push(
        `${where}: the alternative's scope "${alternative.scope}" cannot be kept; left out.`,
      );
      return null;
    }
    return { side, scope };
  }

  private proposals(
    provisionId: string,
    existing: Provision | null,
    p: ImportedProvision,
    where: string,
  ): void {
    const live = existing
      ? this.state
          .all("proposal")
          .filter((x: Proposal) => x.provisionId === existing.id && x.state === "live")
      : [];
    for (const alternative of p.alternatives) {
      const who = this.sideOf(alternative, where);
      if (!who) continue;
      if (
        live.some(
          (x) => x.by === who.side && x.proposalKind === alternative.kind && same(x.text, alternative.text),
        )
      ) {
        continue;
      }
      this.emit(
        {
          type: "table-proposal",
          proposalId: this.id("proposal", `p-${provisionId}-${slug(who.side)}`),
          provisionId,
          proposalKind: alternative.kind,
          text:
            alternative.kind === "delete"
              ? ""
              : this.fit(alternative.text, LIMITS.text, "alternative", where),
          scope: who.scope,
        },
        who.side,
      );
    }
  }

  private update(existing: Provision, p: ImportedProvision, where: string): void {
    if (p.heading !== "" && !same(p.heading, existing.heading)) {
      this.warnings.push(`${where}: the heading differs from the current one, which was kept.`);
    }
    const locked = existing.status === "agreed" || existing.status === "agreed_ad_referendum";
    const changed = !same(p.text, existing.text);
    if (locked && (changed || p.alternatives.length > 0)) {
      this.warnings.push(`${where} is agreed: reopen it before importing changes to it.`);
      return;
    }
    const alternatives = changed
      ? [
          { text: p.text, kind: "replace" as const, proposer: null, scope: null, line: p.line },
          ...p.alternatives,
        ]
      : p.alternatives;
    if (changed && this.drafting && this.importer === "mediation") {
      // The text is still the mediation's draft: the new wording replaces the old one directly.
      this.warnings.push(`${where}: the text differs; the draft now reads as imported.`);
      this.emit(
        {
          type: "edit-provision",
          provisionId: existing.id,
          text: this.fit(p.text, LIMITS.text, "text", where),
          baseVersion: existing.version,
        },
        "importer",
      );
      this.proposals(existing.id, existing, p, where);
      return;
    }
    if (changed) this.warnings.push(`${where}: the text differs; it is tabled as your proposal.`);
    this.proposals(existing.id, existing, { ...p, alternatives }, where);
  }

  private create(p: ImportedProvision, kind: ProvisionKind, placement: Placement, where: string): string {
    const id = this.id("provision", placement.hint);
    this.placedAfter.set(id, placement.afterId);
    const underDeferred = placement.parentId !== undefined && this.deferred.has(placement.parentId);
    const at = {
      provisionKind: kind,
      ...(placement.parentId ? { parentId: placement.parentId } : {}),
      number: this.fit(p.number, LIMITS.number, "number", where),
      heading: this.fit(p.heading.replace(/\s+/g, " ").trim(), LIMITS.heading, "heading", where),
      ...(placement.afterId ? { afterId: placement.afterId } : {}),
    };
    const text = this.fit(p.text, LIMITS.text, "text", where);
    // Without a base text, the first shared alternative is the proposal that creates the provision.
    const opener =
      text.trim() === ""
        ? p.alternatives.find((a) => a.kind === "replace" && a.text.trim() !== "" && a.scope === null)
        : undefined;
    const openerSide = opener ? this.sideOf(opener, where) : null;
    if (opener && openerSide) {
      if (this.drafting) this.deferred.add(id);
      this.emit(
        {
          type: "table-proposal",
          proposalId: this.id("proposal", `p-${id}-${slug(openerSide.side)}`),
          provisionId: id,
          proposalKind: "new",
          text: this.fit(opener.text, LIMITS.text, "alternative", where),
          newProvision: at,
        },
        openerSide.side,
      );
      this.proposals(id, null, { ...p, alternatives: p.alternatives.filter((a) => a !== opener) }, where);
    } else if (this.drafting && !underDeferred) {
      const afterId = this.placed(placement.afterId);
      const { afterId: _, ...rest } = at;
      this.emit(
        { type: "add-provision", provisionId: id, ...rest, ...(afterId ? { afterId } : {}), text },
        "importer",
      );
      this.proposals(id, null, p, where);
    } else if (text.trim() !== "") {
      // A party's text, or a paragraph of a provision that only a proposal brings in: proposed as new.
      if (underDeferred) {
        this.deferred.add(id);
        this.warnings.push(`${where} belongs to a provision that is only proposed: it is proposed with it.`);
      }
      this.emit(
        {
          type: "table-proposal",
          proposalId: this.id("proposal", `p-${id}`),
          provisionId: id,
          proposalKind: "new",
          text,
          newProvision: at,
        },
        "importer",
      );
      this.proposals(id, null, p, where);
    } else {
      this.warnings.push(`${where} has no text: only the draft can hold an empty provision; left out.`);
    }
    return id;
  }

  /** Plans one provision (and its paragraphs); returns the id it has or will have. */
  provision(p: ImportedProvision, kind: ProvisionKind, placement: Placement, where: string): string {
    const existing = placement.match(p.number);
    const id = existing ? existing.id : this.create(p, kind, placement, where);
    if (existing) this.update(existing, p, where);
    let afterId: string | undefined;
    for (const child of p.children) {
      const childWhere = `${where}, paragraph ${child.number || child.line}`;
      afterId = this.provision(
        child,
        "paragraph",
        {
          hint: `${id}-${slug(child.number) || `p${child.line}`}`,
          parentId: id,
          afterId,
          match: (number) => this.find(id, "paragraph", number),
        },
        childWhere,
      );
    }
    return id;
  }

  /**
   * A visible, live provision under a parent with this number. One withdrawn from the draft is as if absent:
   * an article the draft still has under its number is added again, not matched to what left the text.
   */
  find(parentId: string | null, kind: "preamble" | "body" | "paragraph", number: string): Provision | null {
    if (number === "") return null;
    const group = (k: ProvisionKind) => (k === "preamble" || k === "paragraph" ? k : "body");
    return (
      this.state
        .all("provision")
        .find(
          (x) =>
            x.parentId === parentId &&
            !x.deleted &&
            !x.withdrawn &&
            group(x.provisionKind) === kind &&
            x.number === number,
        ) ?? null
    );
  }
}

interface Placement {
  hint: string;
  parentId?: string;
  afterId?: string | undefined;
  match: (number: string) => Provision | null;
}

/** The commands that import a previewed draft into the negotiation, in the order they must run. */
export function importCommands(preview: ImportPreview, options: ImportOptions): ImportPlan {
  const instrument = options.negotiationState.all("instrument")[0];
  const importer = options.importer ?? "mediation";
  if (instrument && instrument.stage !== "negotiating") {
    return { commands: [], warnings: ["The instrument has been adopted; its text can no longer change."] };
  }
  if (!instrument && importer !== "mediation") {
    return { commands: [], warnings: ["There is no instrument yet, and only the mediation can create it."] };
  }
  const drafting = !instrument || instrument.tabledAt === null;
  if (drafting && importer !== "mediation") {
    return {
      commands: [],
      warnings: ["The mediation is still drafting the text: proposals can be imported once it is tabled."],
    };
  }
  const planner = new Planner(options.negotiationState, options, drafting);
  const title = (preview.title ?? "").replace(/\s+/g, " ").trim();
  if (!instrument) {
    planner.commands.push({
      command: { type: "create-instrument", title: title.slice(0, LIMITS.title) || "Imported draft" },
      as: "importer",
    });
  } else if (title !== "" && !same(title, instrument.title)) {
    planner.warnings.push("The title differs from the instrument's, which was kept.");
  }
  const formulas = formulaChange(preview, instrument);
  if (formulas && drafting)
    planner.commands.push({ command: { type: "edit-instrument", ...formulas }, as: "importer" });
  else if (formulas) planner.warnings.push("The formulas differ from the tabled text's, which were kept.");
  let afterId: string | undefined;
  preview.preamble.forEach((p, index) => {
    const number = p.number || `PP${index + 1}`;
    afterId = planner.provision(
      { ...p, number },
      "preamble",
      {
        hint: `pp${index + 1}`,
        afterId,
        match: (n) => planner.find(null, "preamble", n),
      },
      `Preamble paragraph ${number}`,
    );
  });
  preview.articles.forEach((p, index) => {
    afterId = planner.provision(
      p,
      p.kind === "final" ? "final" : "article",
      {
        hint: `art-${slug(p.number) || index + 1}`,
        afterId,
        match: (n) => planner.find(null, "body", n),
      },
      `Article ${p.number || `at line ${p.line}`}`,
    );
  });
  const statuses = [...preview.preamble, ...preview.articles].filter(
    (p) => p.status !== null && p.status !== "open" && p.status !== "bracketed",
  );
  if (statuses.length > 0) {
    planner.warnings.push(
      "Statuses in the draft (agreed, reopened…) are not imported: agreement is recorded in Parley from the parties' positions.",
    );
  }
  if (planner.later.length > 0 && options.mayTable === false) {
    planner.warnings.push(
      `The draft carries ${planner.later.length} alternative(s): only the mediation lead can table the text so they can be proposed; they were left out.`,
    );
  } else if (planner.later.length > 0) {
    // Alternatives are proposals, and nobody proposes on a text still being drafted: the draft is tabled.
    planner.warnings.push(
      "The draft carries alternatives: it is tabled with them, and from then on every change is a proposal.",
    );
    planner.commands.push({ command: { type: "table-text" }, as: "importer" }, ...planner.later);
  }
  return { commands: planner.commands, warnings: planner.warnings };
}
