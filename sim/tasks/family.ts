/**
 * The task family a scenario names, as the engine sees it (sim/tasks/task.ts), plus the
 * settings validators and miners share. Family A, pharmacogenomics, wraps the generator in
 * sim/tasks/pharmacogenomics/ with the scenario's defences: fresh seeds (or a reused pool),
 * drug rotation, population shift, perturbations, canaries, rare-variant bursts.
 */
import type { Rng, Stream } from "../core/rng.js";
import type { Scenario } from "../scenario/schema.js";
import { batchDigest, commitBatch, drawBatchSeed } from "./pharmacogenomics/commitment.js";
import { normalizeBatchParams } from "./pharmacogenomics/batch.js";
import { generateBatch } from "./pharmacogenomics/generator.js";
import type { BatchParamsInput } from "./pharmacogenomics/batch.js";
import { ANCESTRIES, type Ancestry } from "./pharmacogenomics/panel.js";
import { normalizeMix, shiftMix, type PopulationMix } from "./pharmacogenomics/population.js";
import { MAX_CLASSES, type Drug } from "./pharmacogenomics/response.js";
import { rotateDrugs } from "./pharmacogenomics/population.js";
import type { ScoringParams, WeightRule } from "./scoring.js";
import type { BatchRequest, ChallengeBatch, TaskFamily } from "./task.js";

export interface TaskSetup {
  drugs: Drug[];
  canaryRate: number;
  emaAlpha: number;
  weightRule: WeightRule;
  scoring: ScoringParams;
  skillEvaluationSize: number;
}

function mixOf(m: Partial<Record<Ancestry, number | undefined>>): PopulationMix | null {
  const entries = ANCESTRIES.filter((a) => (m[a] ?? 0) > 0);
  if (entries.length === 0) return null;
  const w: Partial<Record<Ancestry, number>> = {};
  for (const a of ANCESTRIES) w[a] = m[a] ?? 0;
  return normalizeMix(w);
}

export class PharmacogenomicsTask implements TaskFamily {
  readonly name = "pharmacogenomics";
  private readonly t: Scenario["task"];
  private readonly days: number;
  private readonly tempo: number;
  private readonly baseMix: PopulationMix | null;
  private readonly shiftTo: Partial<Record<Ancestry, number>> | null;

  constructor(scenario: Scenario) {
    this.t = scenario.task;
    this.days = scenario.horizon.days;
    this.tempo = scenario.subnet.tempo;
    this.baseMix = mixOf(this.t.population_mix);
    const to = this.t.shift_to ? mixOf(this.t.shift_to) : null;
    this.shiftTo = to;
  }

  /** The active drugs on a given day under the rotation defence. */
  drugsOn(day: number): Drug[] {
    const d = this.t.defences;
    const all = this.t.drugs as Drug[];
    if (d.drug_rotation === "none" || d.drugs_per_period >= all.length) return [...all];
    const period =
      d.drug_rotation === "tempo"
        ? Math.floor((day * 7200) / this.tempo)
        : d.drug_rotation === "daily"
          ? Math.floor(day)
          : Math.floor(day / 7);
    return rotateDrugs(period, d.drugs_per_period, all);
  }

  /** The ancestry mix on a given day (drifting toward shift_to when set). */
  mixOn(day: number): PopulationMix | undefined {
    const base = this.baseMix ?? undefined;
    if (!this.shiftTo || this.t.shift_amount === 0) return base;
    const amount = this.t.shift_amount * Math.min(1, day / Math.max(1e-9, this.days));
    return shiftMix(base ?? normalizeMix({ european: 1, african: 1, east_asian: 1, south_asian: 1, latino: 1 }), this.shiftTo, amount);
  }

  params(request: BatchRequest): BatchParamsInput {
    const d = this.t.defences;
    return {
      batch_size: request.size,
      drugs: this.drugsOn(request.day),
      population_mix: this.mixOn(request.day),
      label_noise: this.t.label_noise,
      include_derived: this.t.include_derived,
      decoy_rate: d.perturbation ? d.decoy_rate : 0,
      covariate_jitter: d.perturbation ? 1 : 0,
      canary_rate: request.canaryRate,
      rare_variant_burst: { rate: this.t.rare_variant_burst },
    };
  }

  newBatch(stream: Stream, request: BatchRequest): ChallengeBatch {
    const d = this.t.defences;
    // Fresh seeds: a new 128-bit seed per batch. Otherwise the validator cycles through a small
    // pool of seeds, so the same challenges come back (what a caching miner exploits).
    const seed = d.fresh_seeds ? drawBatchSeed(stream) : `${stream.name}/pool/${stream.int(d.batch_pool)}`;
    const params = this.params(request);
    const b = generateBatch(seed, params);
    const canary = new Uint8Array(b.size);
    for (let k = 0; k < b.size; k++) canary[k] = b.canary[k]! >= 0 ? 1 : 0;
    return {
      id: seed,
      size: b.size,
      cMax: MAX_CLASSES,
      width: b.layout.width,
      features: b.features,
      classCount: b.classCount,
      context: b.drug,
      labels: b.label,
      truth: b.probs,
      canary,
      ...(this.t.log_batches
        ? { reveal: { seed, params: normalizeBatchParams(params), commitment: commitBatch(seed, params), digest: batchDigest(b) } }
        : {}),
    };
  }
}

export function createTask(scenario: Scenario, _rng: Rng): { task: TaskFamily; setup: TaskSetup } {
  const t = scenario.task;
  const w = t.scoring.weights;
  return {
    task: new PharmacogenomicsTask(scenario),
    setup: {
      drugs: t.drugs as Drug[],
      canaryRate: t.defences.canary_rate,
      emaAlpha: t.scoring.ema_alpha,
      weightRule: w,
      scoring: {
        clip: t.scoring.clip,
        deadlineS: t.scoring.deadline_s,
        timeoutS: t.scoring.timeout_s,
        latencyLambda: t.scoring.latency_lambda,
      },
      skillEvaluationSize: t.skill_evaluation_size,
    },
  };
}

export function describeTask(s: Scenario): string {
  const t = s.task;
  const d = t.defences;
  return (
    `pharmacogenomics (NIOME-style): ${t.drugs.length} drugs (${t.drugs.join(", ")}), batches of ${t.batch_size} every ${t.query_every_blocks} blocks to ${t.sample_miners} sampled miners per validator, label noise ${t.label_noise}; ` +
    `defences: ${d.fresh_seeds ? "fresh seeds" : `reused pool of ${d.batch_pool} batches`}, ${d.perturbation ? `perturbations (decoy rate ${d.decoy_rate}, covariate jitter)` : "no perturbations"}, canary rate ${d.canary_rate}, drug rotation ${d.drug_rotation}${d.drug_rotation !== "none" ? ` (${d.drugs_per_period} drugs at a time)` : ""}; scoring: normalised cross-entropy, EMA α ${t.scoring.ema_alpha}, weights ${t.scoring.weights.kind}.`
  );
}
