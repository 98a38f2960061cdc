// The decision log's writer: decisions are buffered in memory and written in batches, one
// multi-row INSERT per MAX_ROWS_PER_STATEMENT, FLUSH_AFTER_MS after the first of a batch (sooner
// once a batch is full), when the server stops, and before this process answers a read of the
// log. The request path never waits for the database. The buffer is bounded: when it is full a
// decision is dropped and counted, and the count is logged once per flush, so a database that
// cannot keep up costs decisions, never memory, latency or a crash. A failed write keeps its
// rows (they stay counted against the bound) and is retried after RETRY_AFTER_MS, as
// src/auth/key-usage.ts does.
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { logSafeError } from '../../log-safe-error.ts';
import type { DecisionSink, PendingDecision } from './decision-entry.ts';
import { toJsonRows } from './decision-rows.ts';

export const DEFAULT_DECISION_LOG_SETTINGS: DecisionLogSettings = Object.freeze({ enabled: false, retentionDays: 30 });
const FLUSH_AFTER_MS = 250;
const RETRY_AFTER_MS = 5000;
const MAX_BUFFERED = 10_000;
const MAX_ROWS_PER_STATEMENT = 500;

export interface DecisionLogSettings {
  /** GATEHOUSE_DECISION_LOG: whether decisions are recorded at all. */
  readonly enabled: boolean;
  /** GATEHOUSE_DECISION_LOG_RETENTION_DAYS: how long a row is kept (decision-retention.ts). */
  readonly retentionDays: number;
  /** Tests: how many decisions may wait to be written; MAX_BUFFERED otherwise. */
  readonly maxBuffered?: number;
  /** Tests: how long the first decision of a batch waits; FLUSH_AFTER_MS otherwise. */
  readonly flushAfterMs?: number;
}

interface Warn {
  warn(fields: object, message: string): void;
}

export class DecisionLog implements DecisionSink {
  #pending: PendingDecision[] = [];
  /** Rows taken by the write in progress: they count against the bound until written. */
  #writingRows = 0;
  #dropped = 0;
  #droppedSinceLog = 0;
  /** After a failed write, no other is tried before this time (Date.now()): a database that is down sees one attempt per RETRY_AFTER_MS. */
  #retryAt = 0;
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();
  #stopped = false;
  readonly #maxBuffered: number;
  readonly #flushAfterMs: number;

  constructor(
    private readonly prisma: PrismaClient,
    settings: DecisionLogSettings,
    private readonly log: Warn,
  ) {
    this.#maxBuffered = settings.maxBuffered ?? MAX_BUFFERED;
    this.#flushAfterMs = settings.flushAfterMs ?? FLUSH_AFTER_MS;
  }

  /** Decisions dropped because the buffer was full, since the server started. */
  get dropped(): number {
    return this.#dropped;
  }

  record(entry: PendingDecision): void {
    if (this.#pending.length + this.#writingRows >= this.#maxBuffered) {
      this.#dropped++;
      this.#droppedSinceLog++;
      return;
    }
    this.#pending.push(entry);
    if (this.#pending.length >= MAX_ROWS_PER_STATEMENT) this.#schedule(0);
    else this.#schedule(this.#flushAfterMs);
  }

  /** Writes every buffered decision; resolves once they are in the database (rejects, keeping them, if not). */
  flush(): Promise<void> {
    // One write at a time, so that rows reach the table in the order they were decided.
    const write = this.#writing.then(() => this.#write());
    this.#writing = write.catch(() => {});
    return write;
  }

  /** Stops the timer and writes what is buffered; never throws (a failure is logged). */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.flush().catch((error: unknown) => this.log.warn({ error: logSafeError(error), lost: this.#pending.length }, 'could not write the decision log on stop'));
  }

  #schedule(afterMs: number): void {
    if (this.#stopped) return;
    const delay = Math.max(afterMs, this.#retryAt - Date.now());
    if (this.#timer) {
      if (delay > 0) return;
      clearTimeout(this.#timer);
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.flush().catch((error: unknown) => this.log.warn({ error: logSafeError(error), buffered: this.#pending.length }, 'could not write the decision log; will retry'));
    }, delay);
    // Buffered decisions must not keep a process alive that has nothing else to do.
    this.#timer.unref();
  }

  async #write(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#droppedSinceLog > 0) {
      this.log.warn({ dropped: this.#droppedSinceLog, maxBuffered: this.#maxBuffered }, 'decision log buffer full: decisions were dropped');
      this.#droppedSinceLog = 0;
    }
    if (this.#pending.length === 0) return;
    const batch = this.#pending;
    this.#pending = [];
    this.#writingRows = batch.length;
    let written = 0;
    try {
      for (; written < batch.length; written += MAX_ROWS_PER_STATEMENT) {
        await this.#insert(batch.slice(written, written + MAX_ROWS_PER_STATEMENT));
      }
      this.#retryAt = 0;
    } catch (error) {
      // What was not written goes back in front of what came meanwhile; the bound held for both.
      this.#pending = [...batch.slice(written), ...this.#pending];
      this.#retryAt = Date.now() + RETRY_AFTER_MS;
      this.#schedule(RETRY_AFTER_MS);
      throw error;
    } finally {
      this.#writingRows = 0;
    }
  }

  // One statement, one parameter, whatever the number of rows: far less work for this process
  // than a VALUES list of 11 parameters a row (Prisma's createMany) or an array per column.
  async #insert(entries: readonly PendingDecision[]): Promise<void> {
    await this.prisma.$executeRaw`
      INSERT INTO "DecisionLogEntry" ("accountId", "time", "requestId", "callerArn", "principalArn", "action", "resource", "decision", "source", "field", "decidingStatements")
      SELECT v->>0, (v->>1)::timestamptz, v->>2, v->>3, v->>4, v->>5, v->>6, v->>7, v->>8, v->>9, j
      FROM jsonb_to_recordset(${toJsonRows(entries)}::jsonb) AS r(v jsonb, j jsonb)`;
  }
}
