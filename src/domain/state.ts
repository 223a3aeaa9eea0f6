import type { Entity, EntityKind, EntityOf, Member, Negotiation, Party } from "./entities.ts";
import type { PartyId, Scope } from "./scope.ts";

/** Stable key of an entity: used by projections and by the touched-set that evolve returns. */
export function entityKey(kind: EntityKind, id: string): string {
  return `${kind}/${id}`;
}

/**
 * The projected state of one negotiation: entities by kind. It is mutable on purpose: replaying 100k
 * events must be linear, so `evolve` updates it in place. `decide` only reads it.
 */
export class NegotiationState {
  private readonly kinds = new Map<EntityKind, Map<string, Entity>>();

  /** Looks an entity up by kind and id. */
  get<K extends EntityKind>(kind: K, id: string): EntityOf<K> | undefined {
    return this.kinds.get(kind)?.get(id) as EntityOf<K> | undefined;
  }

  /** Every entity of a kind, in insertion order. */
  all<K extends EntityKind>(kind: K): EntityOf<K>[] {
    const map = this.kinds.get(kind);
    return map ? ([...map.values()] as EntityOf<K>[]) : [];
  }

  /** Inserts or replaces an entity. */
  put(entity: Entity): void {
    let map = this.kinds.get(entity.kind);
    if (!map) {
      map = new Map();
      this.kinds.set(entity.kind, map);
    }
    map.set(entity.id, entity);
  }

  /** Every entity, kind by kind. */
  *entities(): Iterable<Entity> {
    for (const map of this.kinds.values()) yield* map.values();
  }

  get negotiation(): Negotiation | undefined {
    return this.all("negotiation")[0];
  }

  /** Party ids in the order they were added. */
  partyIds(): PartyId[] {
    return this.all("party").map((p: Party) => p.id);
  }

  /** Active members only: a removed member keeps their history but no longer acts or reads. */
  activeMembers(): Member[] {
    return this.all("member").filter((m) => m.active);
  }

  /** A new state holding only the entities of the given scopes: a viewer's state. */
  filtered(readable: ReadonlySet<Scope>): NegotiationState {
    const out = new NegotiationState();
    for (const entity of this.entities()) if (readable.has(entity.scope)) out.put(entity);
    return out;
  }

  /** A state from stored entities (the projection table), without replaying events. */
  static fromEntities(entities: Iterable<Entity>): NegotiationState {
    const state = new NegotiationState();
    for (const entity of entities) state.put(entity);
    return state;
  }

  /** Entities sorted by key: a canonical form for comparing two states. */
  snapshot(): Entity[] {
    return [...this.entities()].sort((a, b) =>
      entityKey(a.kind, a.id) < entityKey(b.kind, b.id)
        ? -1
        : entityKey(a.kind, a.id) > entityKey(b.kind, b.id)
          ? 1
          : 0,
    );
  }
}
