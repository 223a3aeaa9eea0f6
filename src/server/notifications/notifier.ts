import {
  claimDigest,
  digestCandidates,
  emailModesOf,
  followChoices,
  lastDigest,
  releaseDigest,
} from "../../store/notification-settings.ts";
import {
  advanceNotificationCursor,
  eventsToNotify,
  hasUnreadSince,
  insertNotifications,
  invitersOf,
  type NotificationRow,
  notificationCursor,
} from "../../store/notifications.ts";
import type { Store } from "../../store/store.ts";
import type { LiveHub } from "../live/hub.ts";
import { sendLinkMail } from "../mail/link-mail.ts";
import type { Mailer } from "../mail/mailer.ts";
import { deriveEntries } from "./derive.ts";
import { membershipsOf } from "./memberships.ts";

export interface NotifierTimings {
  /** How often the daily digest is looked for (default every 10 minutes). */
  digestEveryMs?: number;
}

export interface NotifierLog {
  warn(details: object, message: string): void;
}

interface NotifierOptions {
  store: Store;
  hub: LiveHub;
  mailer: Mailer | null;
  now: () => Date;
  /** Read when a mail is made: the server learns its address only once it listens (a port of 0, say). */
  publicUrl: () => string;
  log: NotifierLog;
  timings?: NotifierTimings | undefined;
}

const BATCH = 500;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Turns new events into inbox entries. Every instance hears of every commit (the live hub) and derives the
 * entries from the events after the negotiation's stored position; inserts are keyed per event and recipient, so
 * instances racing over the same events insert each entry once, and only the instance that inserted an entry mails
 * it. Work is serialised per negotiation within an instance and done in bounded batches.
 */
export class Notifier {
  private readonly chains = new Map<string, Promise<void>>();
  /** Work started outside the per-negotiation chains (catch-ups, mails), awaited by `settled`. */
  private readonly tasks = new Set<Promise<void>>();
  private readonly stops: (() => void)[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private closed = false;

  private constructor(private readonly o: NotifierOptions) {}

  static start(options: NotifierOptions): Notifier {
    const notifier = new Notifier(options);
    notifier.stops.push(options.hub.onEvents((id) => notifier.schedule(id)));
    // Notifications sent while the listener was down were missed: catch up on everything.
    notifier.stops.push(options.hub.onReconnect(() => notifier.track(notifier.catchUp())));
    notifier.track(notifier.catchUp());
    notifier.timer = setInterval(
      () => void notifier.runDigests().catch((error) => notifier.warn(error, "digest failed")),
      options.timings?.digestEveryMs ?? 10 * 60 * 1000,
    );
    notifier.timer.unref();
    return notifier;
  }

  /** Looks at every negotiation: what was committed while no server ran (or this one was not listening). */
  async catchUp(): Promise<void> {
    try {
      for (const id of await this.o.store.negotiationIds()) this.schedule(id);
    } catch (error) {
      this.warn(error, "notification catch-up failed");
    }
  }

  /** Queues a pass over the negotiation's new events (after any pass already queued). */
  schedule(negotiationId: string): void {
    if (this.closed) return;
    const previous = this.chains.get(negotiationId) ?? Promise.resolve();
    const next = previous
      .then(() => this.process(negotiationId))
      .catch((error) => this.warn(error, "notifications not derived"));
    this.chains.set(negotiationId, next);
    void next.then(() => {
      if (this.chains.get(negotiationId) === next) this.chains.delete(negotiationId);
    });
  }

  /**
   * Resolves once the passes queued now are done: what a reader waits for before reading its inbox, so a
   * write it just made is there. Bounded: passes queued meanwhile are not waited for.
   */
  async caughtUp(): Promise<void> {
    await Promise.all([...this.chains.values()]);
  }

  /** Resolves once every pass and mail, including those queued meanwhile, is done (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.chains.size > 0 || this.tasks.size > 0)
      await Promise.all([...this.chains.values(), ...this.tasks]);
  }

  private track(task: Promise<void>): void {
    this.tasks.add(task);
    void task.then(() => this.tasks.delete(task));
  }

  private async process(negotiationId: string): Promise<void> {
    const { store } = this.o;
    const db = store.database;
    for (;;) {
      const after = await notificationCursor(db, negotiationId);
      const events = await eventsToNotify(db, negotiationId, after, BATCH);
      const last = events.at(-1);
      if (!last) return;
      const added = events.filter((e) => e.type === "member.added").map((e) => String(e.data.memberId));
      const rows = deriveEntries({
        negotiationId,
        state: await store.fullState(negotiationId),
        events,
        choices: await followChoices(db, negotiationId),
        invitedBy: await invitersOf(db, negotiationId, added),
        now: this.o.now().toISOString(),
      });
      const inserted = await insertNotifications(db, rows);
      await advanceNotificationCursor(db, negotiationId, last.pos);
      this.mailEach(inserted);
      if (events.length < BATCH) return;
    }
  }

  /**
   * One mail per entry to those who chose "each". Only for recent events: a catch-up over old history must not
   * flood anyone's mailbox. The mail names nothing: it links to the inbox (see mail/link-mail.ts).
   */
  private mailEach(inserted: readonly NotificationRow[]): void {
    const mailer = this.o.mailer;
    if (!mailer || inserted.length === 0) return;
    const recent = this.o.now().getTime() - DAY_MS;
    const due = inserted.filter((r) => Date.parse(r.at) >= recent);
    if (due.length === 0) return;
    const job = (async () => {
      const modes = await emailModesOf(
        this.o.store.database,
        due.map((r) => r.email),
      );
      for (const row of due) {
        // Shutting down: what is not sent yet stays unsent (the entry is in the inbox), rather than hold the exit.
        if (this.closed) break;
        if (modes.get(row.email)?.mode !== "each") continue;
        const outcome = await sendLinkMail(mailer, "notification", row.email, `${this.o.publicUrl()}/inbox`);
        if (outcome.mail === "failed")
          this.o.log.warn({ detail: outcome.detail }, "notification mail not sent");
      }
    })().catch((error) => this.warn(error, "notification mails failed"));
    this.track(job);
  }

  /**
   * Sends the day's digest to each account that wants one and has unread entries since its last digest (or the
   * last day). The account's row for the day is claimed in the store first, so of several instances (or ticks)
   * exactly one sends it; a failed mail gives the claim back for a later tick. Returns the digests sent.
   */
  async runDigests(): Promise<number> {
    const { mailer, store } = this.o;
    if (!mailer || this.closed) return 0;
    const now = this.o.now();
    const dayAgo = new Date(now.getTime() - DAY_MS).toISOString();
    const day = now.toISOString().slice(0, 10);
    let sent = 0;
    for (const account of await digestCandidates(store.database, dayAgo)) {
      const previous = await lastDigest(store.database, account.id);
      const since = previous && previous > dayAgo ? previous : dayAgo;
      const memberships = await membershipsOf(store, account.email);
      if (!(await hasUnreadSince(store.database, memberships, since))) continue;
      if (!(await claimDigest(store.database, account.id, day, now))) continue;
      const outcome = await sendLinkMail(mailer, "digest", account.email, `${this.o.publicUrl()}/inbox`);
      if (outcome.mail === "sent") sent += 1;
      else {
        await releaseDigest(store.database, account.id, day);
        if (outcome.mail === "failed") this.o.log.warn({ detail: outcome.detail }, "digest mail not sent");
      }
    }
    return sent;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    for (const stop of this.stops) stop();
    await this.settled();
  }

  private warn(error: unknown, message: string): void {
    this.o.log.warn({ detail: error instanceof Error ? error.message : String(error) }, message);
  }
}
