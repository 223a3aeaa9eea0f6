/**
 * A map that keeps at most `limit` entries, dropping the least recently used: the store's negotiation states,
 * so memory stays bounded however many negotiations a server has touched. A dropped state is read again
 * from the projection when next needed.
 */
export class BoundedCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly limit: number) {
    if (!(limit >= 1)) throw new Error(`A cache holds at least one entry, not ${limit}`);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The entry, now the most recently used (a Map keeps insertion order: moved to the end). */
  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.limit) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }
}
