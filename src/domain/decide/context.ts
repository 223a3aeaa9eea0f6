import type { CommandOf, CommandType } from "../commands.ts";
import type { Entity, EntityKind, EntityOf, Member, Side } from "../entities.ts";
import { DomainError, ensure, notFound } from "../errors.ts";
import type { DomainEvent } from "../events.ts";
import { partyOf, readableScopes, writableScopes } from "../policy.ts";
import { isAtLeastAsWide, type PartyId, type Scope } from "../scope.ts";
import type { NegotiationState } from "../state.ts";

/**
 * What every decide function gets: the state, the acting member (already checked against the policy
 * table) and helpers that apply the cross-cutting rules the same way everywhere.
 */
export class Ctx {
  readonly parties: PartyId[];
  readonly readable: Set<Scope>;
  readonly writable: Set<Scope>;

  constructor(
    readonly state: NegotiationState,
    readonly actor: Member,
    readonly at: string,
  ) {
    this.parties = state.partyIds();
    this.readable = readableScopes({ kind: "member", member: actor }, this.parties);
    this.writable = writableScopes(actor, this.parties);
  }

  /** The actor's party, or null for the mediation. */
  get party(): PartyId | null {
    return partyOf(this.actor);
  }

  /** Whom the actor speaks for: their party, or the mediation. */
  get side(): Side {
    return this.party ?? "mediation";
  }

  /** An entity the actor can read (and, for a provision, in the text); anything else is reported exactly as if it did not exist. */
  find<K extends EntityKind>(kind: K, id: string): EntityOf<K> {
    const entity = this.state.get(kind, id);
    if (!entity || !this.readable.has(entity.scope)) throw notFound(kind.replace("_", " "), id);
    // A provision withdrawn while drafting left the text: nothing may refer to it any more.
    if (entity.kind === "provision" && entity.withdrawn) throw notFound("provision", id);
    return entity;
  }

  /** True when an entity of this kind and id exists in any scope (ids are unique per negotiation). */
  exists(kind: EntityKind, id: string): boolean {
    return this.state.get(kind, id) !== undefined;
  }

  /** Refuses an id that is taken; the message does not say in which scope, so nothing leaks. */
  fresh(kind: EntityKind, id: string): void {
    ensure(!this.exists(kind, id), "conflict.exists", `The id ${id} is already taken.`, { kind, id });
  }

  /** The scope must be one the actor may write into. */
  writableScope(scope: Scope): Scope {
    ensure(this.writable.has(scope), "scope.not_writable", `You cannot write into the scope ${scope}.`, {
      scope,
    });
    return scope;
  }

  /** Content in `scope` may refer only to things at least as widely readable, or the filtered history breaks. */
  references(scope: Scope, target: Entity): void {
    ensure(
      isAtLeastAsWide(target.scope, scope, this.parties),
      "scope.reference_narrower",
      `Content visible in ${scope} cannot refer to this ${target.kind.replace("_", " ")}: fewer people can read it.`,
      { scope },
    );
  }

  /** Writes that change a shared object carry the version they were based on; a stale one is refused. */
  version(entity: Entity, baseVersion: number | undefined): void {
    if (baseVersion === undefined || baseVersion === entity.version) return;
    throw new DomainError("conflict.stale", `This ${entity.kind} changed since you read it.`, {
      baseVersion,
      currentVersion: entity.version,
      current: entity,
    });
  }

  /** One event in the given scope. */
  event<T extends DomainEvent["type"]>(
    type: T,
    scope: Scope,
    data: Extract<DomainEvent, { type: T }>["data"],
  ): DomainEvent {
    return { type, scope, data } as DomainEvent;
  }
}

export type Decider<T extends CommandType> = (ctx: Ctx, command: CommandOf<T>) => DomainEvent[];
export type Deciders<T extends CommandType> = { [K in T]: Decider<K> };
