import type { LoggerService } from '@nestjs/common';
import { type BackoffSettings, idlePollDelayMs, pause, retryDelayMs } from '@app/common';
import type { StreamMetrics } from '../metrics/stream-metrics';
import { type DeadLetterSink, settleRecords } from '../record-processing/failure-policy';
import type { ShardRecordProcessor } from '../record-processing/shard-record-processor.port';
import { Checkpoint } from './lease';
import type { ShardStalls } from './shard-stalls';
import {
  ExpiredIteratorError,
  ShardNotFoundError,
  type StartPosition,
  type StreamSource,
  StreamThrottledError,
  TrimmedDataError,
} from './stream-source.port';

export interface ShardReaderSettings {
  batchSize: number;
  pollIntervalMs: number;
  idlePoll: BackoffSettings;
  errorBackoff: BackoffSettings;
  /** A record that fails retryably is tried again within these bounds, for as long as it fails. */
  recordRetry: BackoffSettings;
}

export interface ShardReaderDeps {
  source: StreamSource;
  processor: ShardRecordProcessor;
  deadLetters: DeadLetterSink;
  stalls: Pick<ShardStalls, 'read' | 'waitingOn' | 'caughtUp'>;
  /** Conditional checkpoint write; false when the lease is no longer this worker's. */
  checkpoint(shardId: string, checkpoint: string): Promise<boolean>;
  /** Whether this worker still holds the shard's lease (renewed within the lease duration). */
  isHeld(shardId: string): boolean;
  metrics: Pick<StreamMetrics, 'checkpoints' | 'trimmedData' | 'expiredIterators'>;
  logger: LoggerService;
  settings: ShardReaderSettings;
}

const GONE = Symbol('shard gone');
const STOPPED = Symbol('stopped');

/**
 * Why a shard reader stopped. `checkpoint-failed`: a batch was handled but its checkpoint could not
 * be written (after retrying), so the reader goes no further; the scheduler reads the shard again from
 * the last checkpoint written (the batch replays, which pattern E makes harmless).
 */
export type ShardReadEnd = 'shard-ended' | 'lease-lost' | 'stopped' | 'checkpoint-failed';

/** How a checkpoint write ended: written, refused (the lease is someone else's), stopped, or given up on. */
type CheckpointWrite = 'written' | 'lease-lost' | 'stopped' | 'failed';

/** Makes the reader of one leased shard, starting after `checkpoint` (the scheduler's only way to get one). */
export type ShardReaderFactory = (streamArn: string, shardId: string, checkpoint: string) => Pick<ShardReader, 'run'>;

/** The factory of real readers sharing `deps`. */
export function shardReaderFactory(deps: ShardReaderDeps): ShardReaderFactory {
  return (streamArn, shardId, checkpoint) => new ShardReader(deps, streamArn, shardId, checkpoint);
}

/**
 * Reads one leased shard from its checkpoint to its end (the KCL's ShardConsumer): GetRecords in a
 * loop, each batch handed to the record processor under the failure policy, then checkpointed, so
 * a crash replays the batch (harmless, pattern E is idempotent) and never skips it. A record that
 * keeps failing retryably holds the shard (this shard only: each has its own reader) until it
 * applies, the worker stops or the lease is lost; the checkpoint never passes it. A record that can
 * never apply is dead-lettered first and passed after.
 *
 * Polls again soon while records flow and ever less often while the shard is idle; throttling and
 * other transient errors back off with jitter. An expired iterator is reopened from the checkpoint;
 * a checkpoint already trimmed from the stream is reported loudly, counted, and reading resumes at
 * the oldest record still there. A closed shard read to its end is checkpointed SHARD_END, which
 * lets its children start.
 */
export class ShardReader {
  private checkpointed: string;

  constructor(
    private readonly deps: ShardReaderDeps,
    private readonly streamArn: string,
    readonly shardId: string,
    checkpoint: string,
  ) {
    this.checkpointed = checkpoint;
  }

  async run(signal: AbortSignal): Promise<ShardReadEnd> {
    const { source, settings, logger } = this.deps;
    if (this.checkpointed === Checkpoint.ShardEnd) return 'shard-ended';
    let iterator = await this.open(this.positionFromCheckpoint(), signal);
    let idlePolls = 0;
    let errors = 0;
    for (;;) {
      if (iterator === GONE) return this.end(signal);
      if (iterator === STOPPED || signal.aborted) return 'stopped';
      if (!this.deps.isHeld(this.shardId)) return 'lease-lost';
      let page;
      const polledAt = Date.now();
      try {
        page = await source.getRecords(iterator, settings.batchSize);
        errors = 0;
      } catch (error) {
        if (error instanceof ExpiredIteratorError) {
          this.deps.metrics.expiredIterators.inc();
          logger.warn?.(`shard ${this.shardId}: iterator expired, reopening after ${this.checkpointed}`);
          iterator = await this.open(this.positionFromCheckpoint(), signal);
        } else if (error instanceof TrimmedDataError) {
          this.reportTrimmed(error);
          iterator = await this.open({ type: 'TRIM_HORIZON' }, signal);
        } else if (error instanceof ShardNotFoundError) {
          iterator = this.gone();
        } else {
          if (!(error instanceof StreamThrottledError))
            logger.warn?.(`shard ${this.shardId}: GetRecords failed: ${(error as Error).message}`);
          if (!(await pause(retryDelayMs(errors++, settings.errorBackoff), signal))) return 'stopped';
        }
        continue;
      }

      if (page.records.length > 0) {
        const started = Date.now();
        this.deps.stalls.read(this.shardId, page.records[page.records.length - 1]);
        let settlement;
        try {
          settlement = await settleRecords(page.records, {
            processor: this.deps.processor,
            deadLetters: this.deps.deadLetters,
            source: this.shardId,
            backoff: settings.recordRetry,
            signal,
            keepTrying: () => !signal.aborted && this.deps.isHeld(this.shardId),
            onWaiting: (first, attempts) => {
              if (signal.aborted) return;
              this.deps.stalls.waitingOn(this.shardId, first.record, first.reason);
              if (attempts === 1 || attempts % 25 === 0) {
                logger.warn?.(
                  `shard ${this.shardId} holds at record ${first.record.sequenceNumber} (try ${attempts}, retrying): ${first.reason}`,
                );
              }
            },
          });
        } catch (error) {
          // Only an abort gets here: the batch is left unfinished and unacknowledged, so it replays.
          if (signal.aborted) return 'stopped';
          throw error;
        }
        // Still waiting means the reader may not go on (stopping, or the lease is no longer surely ours): nothing is checkpointed.
        if (settlement.unsettled.length > 0) return signal.aborted ? 'stopped' : 'lease-lost';
        this.deps.stalls.caughtUp(this.shardId);
        logger.debug?.(
          `shard ${this.shardId}: ${page.records.length} records in ${Date.now() - started} ms (${settlement.deadLettered} dead-lettered)`,
        );
        const last = page.records[page.records.length - 1].sequenceNumber;
        const written = await this.writeCheckpoint(last, signal);
        if (written !== 'written') return written === 'failed' ? 'checkpoint-failed' : written;
      }
      if (page.nextIterator === null) return this.end(signal);
      iterator = page.nextIterator;

      // While records flow, the poll interval is a minimum gap between reads (handling a batch counts towards it).
      const wait =
        page.records.length > 0 ? settings.pollIntervalMs - (Date.now() - polledAt) : idlePollDelayMs(idlePolls, settings.idlePoll);
      idlePolls = page.records.length > 0 ? 0 : idlePolls + 1;
      if (wait > 0 && !(await pause(wait, signal))) return 'stopped';
    }
  }

  private positionFromCheckpoint(): StartPosition {
    if (this.checkpointed === Checkpoint.TrimHorizon) return { type: 'TRIM_HORIZON' };
    if (this.checkpointed === Checkpoint.Latest) return { type: 'LATEST' };
    return { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: this.checkpointed };
  }

  /** An iterator at `position`, or GONE when the shard no longer exists, or STOPPED. */
  private async open(position: StartPosition, signal: AbortSignal): Promise<string | typeof GONE | typeof STOPPED> {
    for (let attempt = 0; !signal.aborted; attempt++) {
      try {
        return await this.deps.source.shardIterator(this.streamArn, this.shardId, position);
      } catch (error) {
        if (error instanceof TrimmedDataError) {
          this.reportTrimmed(error);
          position = { type: 'TRIM_HORIZON' };
          continue;
        }
        if (error instanceof ShardNotFoundError) return this.gone();
        this.deps.logger.warn?.(`shard ${this.shardId}: GetShardIterator failed: ${(error as Error).message}`);
        if (!(await pause(retryDelayMs(attempt, this.deps.settings.errorBackoff), signal))) return STOPPED;
      }
    }
    return STOPPED;
  }

  private gone(): typeof GONE {
    this.deps.logger.warn?.(`shard ${this.shardId} is gone from the stream (trimmed, or the stream was disabled): treating it as ended`);
    return GONE;
  }

  private reportTrimmed(error: Error): void {
    this.deps.metrics.trimmedData.inc();
    this.deps.logger.error(
      `shard ${this.shardId}: records after checkpoint ${this.checkpointed} were trimmed from the stream before they ` +
        `were handled (more than 24 h behind?) — they are lost to this worker; continuing from the oldest record left. ` +
        `(${error.message})`,
    );
  }

  /** The shard is read to its end: checkpoint SHARD_END (retrying), which releases its children. */
  private async end(signal: AbortSignal): Promise<ShardReadEnd> {
    const written = await this.writeCheckpoint(Checkpoint.ShardEnd, signal, Infinity);
    if (written !== 'written') return written === 'failed' ? 'checkpoint-failed' : written;
    return 'shard-ended';
  }

  /**
   * Writes a checkpoint, retrying transient failures up to `maxAttempts` times. `failed` when it
   * could not be written: the checkpoint has not advanced, and the caller must not act as if it had.
   */
  private async writeCheckpoint(checkpoint: string, signal: AbortSignal, maxAttempts = 5): Promise<CheckpointWrite> {
    let lastError = '';
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      try {
        if (!(await this.deps.checkpoint(this.shardId, checkpoint))) return signal.aborted ? 'stopped' : 'lease-lost';
        this.checkpointed = checkpoint;
        this.deps.metrics.checkpoints.inc();
        return 'written';
      } catch (error) {
        lastError = (error as Error).message;
        this.deps.logger.warn?.(`shard ${this.shardId}: checkpoint ${checkpoint} failed: ${lastError}`);
        if (!(await pause(retryDelayMs(attempt, this.deps.settings.errorBackoff), signal))) return 'stopped';
      }
    }
    this.deps.logger.error(
      `shard ${this.shardId}: checkpoint ${checkpoint} could not be written after ${maxAttempts} tries (${lastError}); ` +
        `reading again from ${this.checkpointed}`,
    );
    return 'failed';
  }
}
