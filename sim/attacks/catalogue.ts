/**
 * The attack catalogue: every adversarial strategy, the role it plays, the defence that should
 * stop it, and how to build its agents. Honest strategies are built in sim/agents/population.ts.
 */
import { draw } from "../core/distribution.js";
import type { Rng } from "../core/rng.js";
import type { MinerAgent } from "../agents/miner.js";
import { LogisticModel } from "../agents/models/logistic.js";
import type { ResponseModel } from "../agents/models/model.js";
import { PriorModel } from "../agents/models/prior.js";
import { trainingSet } from "../agents/models/training.js";
import { HonestValidator, type ValidatorAgent, type ValidatorSettings } from "../agents/validator.js";
import type { MinerGroup, ValidatorGroup } from "../scenario/schema.js";
import type { TaskSetup } from "../tasks/family.js";
import type { TaskFamily } from "../tasks/task.js";
import { generateBatch } from "../tasks/pharmacogenomics/generator.js";
import { CachingMiner } from "./caching.js";
import { CartelValidator } from "./cartel.js";
import { CopierMiner } from "./copier.js";
import { DivergentValidator } from "./divergent-validator.js";
import { LateMoverValidator } from "./late-mover.js";
import { LatencyGamerMiner } from "./latency-gamer.js";
import { LazyValidator } from "./lazy-validator.js";
import { LookupTableMiner } from "./lookup-table.js";
import { OverconfidentMiner } from "./overconfident.js";
import { CartelMemberMiner, SybilMiner } from "./sybil.js";
import { WeightCopierValidator } from "./weight-copier.js";

export interface AttackInfo {
  role: "miner" | "validator";
  /** What the adversary does, in a sentence. */
  attack: string;
  /** The defence that should stop it (a scenario switch or a chain setting). */
  defence: string;
}

export const ATTACKS: Readonly<Record<string, AttackInfo>> = {
  caching: {
    role: "miner",
    attack: "replays the reference answers of revealed batches when a challenge comes back",
    defence: "fresh validator seeds (task.defences.fresh_seeds)",
  },
  "lookup-table": {
    role: "miner",
    attack: "answers from a table of exact feature rows precomputed with the public generator",
    defence: "perturbations (decoys, covariate jitter), drug rotation, population shift",
  },
  copier: {
    role: "miner",
    attack: "relays the best miner's answers as its own",
    defence: "canary copy detection (task.defences.canary_rate, copy_detection) and the latency penalty",
  },
  overconfident: {
    role: "miner",
    attack: "reports its model's top class with near certainty",
    defence: "clipped cross-entropy, a proper scoring rule",
  },
  "latency-gamer": {
    role: "miner",
    attack: "answers instantly with the cheapest model",
    defence: "latency is only penalised past the deadline, never rewarded",
  },
  sybil: {
    role: "miner",
    attack: "one owner serves one model from many UIDs, paying a burn for each",
    defence: "registration burns and canary copy detection",
  },
  "cartel-member": {
    role: "miner",
    attack: "a cheap miner owned by a validator cartel that weights it",
    defence: "κ-clipping (subnet.kappa) and bonds penalty",
  },
  cartel: {
    role: "validator",
    attack: "weights its own miners whatever they answer",
    defence: "κ-clipping: below κ of stake it cannot lift its miners above consensus",
  },
  "weight-copier": {
    role: "validator",
    attack: "copies the weights on chain instead of scoring",
    defence: "commit-reveal (subnet.commit_reveal) with Yuma 3 liquid alpha",
  },
  lazy: {
    role: "validator",
    attack: "sets random or constant weights without querying",
    defence: "κ-clipping and bonds: dividends follow consensus",
  },
  divergent: {
    role: "validator",
    attack: "honest but with a buggy scorer",
    defence: "κ-clipping; validator trust shows the divergence",
  },
  "late-mover": {
    role: "validator",
    attack: "copies the last epoch's consensus a tempo late",
    defence: "Yuma 3 with liquid alpha (early movers buy bonds fast)",
  },
};

export function isAdversary(strategy: string): boolean {
  return strategy in ATTACKS;
}

export interface Identity {
  hotkey: string;
  coldkey: string;
  group: number;
}

/** Builds an adversarial miner. `shared` caches what a group shares (a sybil farm's one model). */
export function createAdversaryMiner(
  group: MinerGroup,
  id: Identity,
  task: TaskSetup,
  rng: Rng,
  shared: Map<string, unknown>,
): MinerAgent {
  const own = (name: string) => rng.stream(`miner/${id.hotkey}/${name}`);
  const identity = { ...id, strategy: group.strategy, costUsdPerDay: group.cost_usd_per_day };
  const latencyMedian = Math.max(0.01, draw(group.latency_s, own("latency-median")));
  const prior = (samples = 2000): ResponseModel => new PriorModel(trainingSet(`miner/${id.hotkey}/training`, samples, task.drugs));
  switch (group.strategy) {
    case "caching":
      return new CachingMiner(identity, prior(group.training_samples), group.match, latencyMedian, own("latency"));
    case "lookup-table": {
      // The generator makes at most 65,536 challenges per batch: fill the table in chunks.
      const tables = [];
      for (let done = 0, part = 0; done < group.table_samples; part++) {
        const size = Math.min(50_000, group.table_samples - done);
        tables.push(generateBatch(`miner/${id.hotkey}/table/${part}`, { batch_size: size, drugs: [...task.drugs] }));
        done += size;
      }
      return new LookupTableMiner(identity, tables, prior(), latencyMedian, own("latency"));
    }
    case "copier":
      return new CopierMiner(identity, group.target, group.delay_s, prior(), latencyMedian, own("latency"));
    case "overconfident": {
      const samples = Math.max(50, Math.round(draw(group.training_samples, own("training-size"))));
      const model = new LogisticModel(trainingSet(`miner/${id.hotkey}/training`, samples, task.drugs), { epochs: 8, l2: 0.0001 });
      // Each miner picks its own confidence just under the group's (identical rows would look like copies).
      const confidence = group.confidence * (1 - 0.02 * own("confidence").uniform());
      return new OverconfidentMiner(identity, model, confidence, latencyMedian, own("latency"));
    }
    case "latency-gamer":
      return new LatencyGamerMiner(identity, prior(), own("latency"));
    case "sybil": {
      const key = `sybil/${id.group}`;
      let model = shared.get(key) as ResponseModel | undefined;
      if (model === undefined) {
        const farm = rng.stream(`miner-group/${id.group}/training-size`);
        const samples = Math.max(50, Math.round(draw(group.training_samples, farm)));
        model = new LogisticModel(trainingSet(`miner-group/${id.group}/training`, samples, task.drugs), { epochs: 8, l2: 0.0001 });
        shared.set(key, model);
      }
      return new SybilMiner(identity, model, latencyMedian, own("latency"));
    }
    case "cartel-member":
      return new CartelMemberMiner(identity, prior(), latencyMedian, own("latency"));
    default:
      throw new Error(`miner strategy ${group.strategy} is not an adversary`);
  }
}

/** Builds any validator (honest or adversarial). */
export function createValidator(
  group: ValidatorGroup,
  id: Identity,
  task: TaskFamily,
  settings: ValidatorSettings,
  rng: Rng,
  minerUidsOfGroup: (group: number) => readonly number[],
): ValidatorAgent {
  const base: ConstructorParameters<typeof HonestValidator> = [
    id,
    task,
    settings,
    { challenges: rng.stream(`validator/${id.hotkey}/challenges`), sample: rng.stream(`validator/${id.hotkey}/sample`) },
  ];
  switch (group.strategy) {
    case "honest":
      return new HonestValidator(...base);
    case "cartel":
      return new CartelValidator(base, group.weight_share, () => minerUidsOfGroup(group.miner_group));
    case "weight-copier":
      return new WeightCopierValidator(...base);
    case "lazy":
      return new LazyValidator(base, group.mode, rng.stream(`validator/${id.hotkey}/lazy-weights`));
    case "divergent":
      return new DivergentValidator(base, group.bug, group.noise_sd, rng.stream(`validator/${id.hotkey}/score-noise`));
    case "late-mover":
      return new LateMoverValidator(base, group.lag_epochs);
  }
}
