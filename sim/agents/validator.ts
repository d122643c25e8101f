/**
 * The validator interface and the honest validator: issue a fresh batch each query round to a
 * sample of miners, score the answers, smooth scores with an EMA, and turn them into weights
 * once per tempo. Adversarial validators (sim/attacks/) implement the same interface.
 *
 * Copy detection (a validator-side defence, TASKS.md "canary tasks … to detect copying and
 * relaying"): every miner sampled in a round gets the same batch. When the batch carries canaries
 * (known-answer items with a fingerprint), the validator compares answer vectors: independent
 * models do not give bit-identical answers to a whole batch, so a miner whose answers are
 * identical to another's and arrived later is flagged as a copier: its score is zeroed and it gets
 * no weight from this validator for `banBlocks` blocks. Batches without canaries are not checked,
 * so `canary_rate: 0` switches the defence off.
 */
import type { Metagraph } from "../chain/chain.js";
import type { Stream } from "../core/rng.js";
import {
  batchBrier,
  batchEce,
  batchScore,
  scoresToWeights,
  updateEma,
  type ScoringParams,
  type WeightRule,
} from "../tasks/scoring.js";
import type { BatchRequest, ChallengeBatch, TaskFamily } from "../tasks/task.js";

export interface RoundContext {
  block: number;
  day: number;
  /** UIDs currently held by miners, ascending. */
  minerUids: readonly number[];
  /** The metagraph after the last epoch (public chain state), or null before the first. */
  metagraph: Metagraph | null;
}

/** One round's answers: row block i (size × cMax) of `pred` belongs to `uids[i]`. */
export interface RoundAnswers {
  batch: ChallengeBatch;
  uids: readonly number[];
  pred: Float32Array;
  latencyS: Float32Array;
}

/** A defence firing: which miner, how, and which it copied. */
export interface Detection {
  uid: number;
  method: "canary-copy";
  /** The UID whose answers it matched. */
  matched: number;
}

export interface ValidatorSettings {
  batchSize: number;
  sampleMiners: number;
  canaryRate: number;
  emaAlpha: number;
  weightRule: WeightRule;
  scoring: ScoringParams;
  maxUids: number;
  /** Copy detection on canaries (needs canaryRate > 0). */
  copyDetection: boolean;
  /** Blocks a flagged copier gets no weight from this validator. */
  banBlocks: number;
  /** Calibration mechanism: which score, and its share of the weight (0 = off). */
  calibration: { metric: "none" | "brier" | "ece"; share: number };
}

export interface ValidatorAgent {
  readonly hotkey: string;
  readonly coldkey: string;
  readonly strategy: string;
  readonly group: number;
  /** The batch this validator poses this round, or null to skip the round. */
  issue(ctx: RoundContext): ChallengeBatch | null;
  /** The miner UIDs to query this round. */
  targets(ctx: RoundContext): number[];
  /** Scores one round's answers; returns the copiers it caught. */
  observeRound(answers: RoundAnswers, ctx: RoundContext): Detection[];
  /** Normalised weights over UIDs (length maxUids), or null to set none this tempo. */
  weights(ctx: RoundContext): Float64Array | null;
  /**
   * Validators that read other validators' weights off the chain set theirs last, from the chain
   * state as it stands then (ctx.metagraph is read live, after everyone else has set weights).
   */
  readonly readsChainWeights?: boolean;
  /** A UID changed hands: forget what was learned about its previous holder. */
  forget(uid: number): void;
  /** Mean EMA score this validator holds for a UID, or null if it never scored it. */
  scoreOf(uid: number): number | null;
}

export class HonestValidator implements ValidatorAgent {
  readonly hotkey: string;
  readonly coldkey: string;
  readonly strategy: string = "honest";
  readonly group: number;
  protected readonly task: TaskFamily;
  protected readonly settings: ValidatorSettings;
  protected readonly challengeStream: Stream;
  protected readonly sampleStream: Stream;
  readonly ema: Float64Array;
  /** EMA of the calibration score (1 − Brier/2, or 1 − ECE), when the calibration mechanism is on. */
  readonly calibrationEma: Float64Array;
  readonly seen: Uint8Array;
  /** Block until which a UID is banned as a copier (0 = not banned). */
  readonly bannedUntil: Float64Array;
  private readonly request: BatchRequest;
  protected readonly out: Float64Array;
  private readonly eligible: Uint8Array;
  private readonly calibrationOut: Float64Array;

  constructor(
    identity: { hotkey: string; coldkey: string; group: number },
    task: TaskFamily,
    settings: ValidatorSettings,
    streams: { challenges: Stream; sample: Stream },
  ) {
    this.hotkey = identity.hotkey;
    this.coldkey = identity.coldkey;
    this.group = identity.group;
    this.task = task;
    this.settings = settings;
    this.challengeStream = streams.challenges;
    this.sampleStream = streams.sample;
    this.ema = new Float64Array(settings.maxUids);
    this.calibrationEma = new Float64Array(settings.maxUids);
    this.calibrationOut = new Float64Array(settings.maxUids);
    this.seen = new Uint8Array(settings.maxUids);
    this.bannedUntil = new Float64Array(settings.maxUids);
    this.out = new Float64Array(settings.maxUids);
    this.eligible = new Uint8Array(settings.maxUids);
    this.request = { day: 0, size: settings.batchSize, canaryRate: settings.canaryRate };
  }

  issue(ctx: RoundContext): ChallengeBatch | null {
    this.request.day = ctx.day;
    return this.task.newBatch(this.challengeStream, this.request);
  }

  targets(ctx: RoundContext): number[] {
    const picks = this.sampleStream.sample(ctx.minerUids.length, this.settings.sampleMiners);
    return picks.map((i) => ctx.minerUids[i]!).sort((a, b) => a - b);
  }

  /** The labels this validator scores against (a buggy scorer may see others). */
  protected labelsOf(b: ChallengeBatch): ArrayLike<number> {
    return b.labels;
  }

  /** A batch score as this validator records it (a noisy scorer adds noise). */
  protected recordedScore(score: number): number {
    return score;
  }

  observeRound(a: RoundAnswers, ctx: RoundContext): Detection[] {
    const b = a.batch;
    const block = b.size * b.cMax;
    const labels = this.labelsOf(b);
    for (let i = 0; i < a.uids.length; i++) {
      const uid = a.uids[i]!;
      const score = this.recordedScore(
        batchScore(
          a.pred.subarray(i * block, (i + 1) * block),
          b.cMax,
          b.classCount,
          labels,
          a.latencyS.subarray(i * b.size, (i + 1) * b.size),
          this.settings.scoring,
        ),
      );
      updateEma(this.ema, uid, score, this.settings.emaAlpha);
      const cal = this.settings.calibration;
      if (cal.metric !== "none" && cal.share > 0) {
        const p = a.pred.subarray(i * block, (i + 1) * block);
        const c = cal.metric === "brier" ? 1 - batchBrier(p, b.cMax, b.classCount, b.labels) / 2 : 1 - batchEce(p, b.cMax, b.classCount, b.labels);
        updateEma(this.calibrationEma, uid, c, this.settings.emaAlpha);
      }
      this.seen[uid] = 1;
    }
    if (!this.settings.copyDetection) return [];
    const found = detectCopies(a);
    for (const d of found) {
      this.ema[d.uid] = 0;
      this.bannedUntil[d.uid] = ctx.block + this.settings.banBlocks;
    }
    return found;
  }

  weights(ctx: RoundContext): Float64Array | null {
    for (let i = 0; i < this.eligible.length; i++) this.eligible[i] = this.seen[i]! && this.bannedUntil[i]! <= ctx.block ? 1 : 0;
    scoresToWeights(this.ema, this.settings.weightRule, this.eligible, this.out);
    // The calibration mechanism's weights, blended in at its share (see README, Scoring).
    const cal = this.settings.calibration;
    if (cal.metric !== "none" && cal.share > 0) {
      scoresToWeights(this.calibrationEma, this.settings.weightRule, this.eligible, this.calibrationOut);
      for (let i = 0; i < this.out.length; i++) this.out[i] = (1 - cal.share) * this.out[i]! + cal.share * this.calibrationOut[i]!;
    }
    let any = false;
    for (let i = 0; i < this.out.length; i++) if (this.out[i]! > 0) any = true;
    return any ? this.out : null;
  }

  forget(uid: number): void {
    this.ema[uid] = 0;
    this.calibrationEma[uid] = 0;
    this.seen[uid] = 0;
    this.bannedUntil[uid] = 0;
  }

  scoreOf(uid: number): number | null {
    return this.seen[uid] ? this.ema[uid]! : null;
  }
}

/**
 * Pairs of miners whose answers to a canary-carrying batch are bit-identical on every row; the
 * later of each pair (higher total latency; the higher position on a tie) is the copier.
 */
export function detectCopies(a: RoundAnswers): Detection[] {
  const b = a.batch;
  let canaries = 0;
  for (let k = 0; k < b.size; k++) canaries += b.canary[k]!;
  if (canaries === 0 || a.uids.length < 2) return [];
  const block = b.size * b.cMax;
  const out: Detection[] = [];
  const flagged = new Set<number>();
  for (let i = 0; i < a.uids.length; i++) {
    for (let j = i + 1; j < a.uids.length; j++) {
      let same = true;
      for (let k = 0; k < b.size && same; k++) {
        for (let c = 0; c < b.classCount[k]!; c++) {
          if (a.pred[i * block + k * b.cMax + c] !== a.pred[j * block + k * b.cMax + c]) {
            same = false;
            break;
          }
        }
      }
      if (!same) continue;
      let li = 0;
      let lj = 0;
      for (let k = 0; k < b.size; k++) {
        li += a.latencyS[i * b.size + k]!;
        lj += a.latencyS[j * b.size + k]!;
      }
      const [copier, source] = lj >= li ? [j, i] : [i, j];
      const uid = a.uids[copier]!;
      if (flagged.has(uid)) continue;
      flagged.add(uid);
      out.push({ uid, method: "canary-copy", matched: a.uids[source]! });
    }
  }
  return out;
}
