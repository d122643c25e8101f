/**
 * The validator interface and the honest validator: issue a fresh batch each query round to a
 * sample of miners, score the answers, smooth scores with an EMA, and turn them into weights
 * once per tempo.
 */
import type { Stream } from "../core/rng.js";
import { batchScore, scoresToWeights, updateEma, type ScoringParams, type WeightRule } from "../tasks/scoring.js";
import type { BatchRequest, ChallengeBatch, TaskFamily } from "../tasks/task.js";

export interface RoundContext {
  block: number;
  day: number;
  /** UIDs currently held by miners, ascending. */
  minerUids: readonly number[];
}

export interface ValidatorSettings {
  batchSize: number;
  sampleMiners: number;
  canaryRate: number;
  emaAlpha: number;
  weightRule: WeightRule;
  scoring: ScoringParams;
  maxUids: number;
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
  /** Records one miner's answers to the batch. */
  observe(uid: number, batch: ChallengeBatch, pred: Float32Array, latencyS: Float32Array): void;
  /** Normalised weights over UIDs (length maxUids), or null to set none this tempo. */
  weights(ctx: RoundContext): Float64Array | null;
  /** A UID changed hands: forget what was learned about its previous holder. */
  forget(uid: number): void;
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
  readonly seen: Uint8Array;
  private readonly request: BatchRequest;
  private readonly out: Float64Array;

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
    this.seen = new Uint8Array(settings.maxUids);
    this.out = new Float64Array(settings.maxUids);
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

  observe(uid: number, batch: ChallengeBatch, pred: Float32Array, latencyS: Float32Array): void {
    const score = batchScore(pred, batch.cMax, batch.classCount, batch.labels, latencyS, this.settings.scoring);
    updateEma(this.ema, uid, score, this.settings.emaAlpha);
    this.seen[uid] = 1;
  }

  weights(_ctx: RoundContext): Float64Array | null {
    scoresToWeights(this.ema, this.settings.weightRule, this.seen, this.out);
    let any = false;
    for (let i = 0; i < this.out.length; i++) if (this.out[i]! > 0) any = true;
    return any ? this.out : null;
  }

  forget(uid: number): void {
    this.ema[uid] = 0;
    this.seen[uid] = 0;
  }
}
