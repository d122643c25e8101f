/** Turning the scenario's miner groups into miner agents (honest kinds; attacks add their own). */
import { draw, describeDistribution } from "../core/distribution.js";
import type { Rng } from "../core/rng.js";
import type { MinerGroup } from "../scenario/schema.js";
import { GENES, type Gene } from "../tasks/pharmacogenomics/panel.js";
import type { TaskSetup } from "../tasks/family.js";
import { HonestMiner } from "./honest-miner.js";
import type { MinerAgent } from "./miner.js";
import { LogisticModel } from "./models/logistic.js";
import type { ResponseModel } from "./models/model.js";
import { PriorModel } from "./models/prior.js";
import { RulesModel } from "./models/rules.js";
import { trainingSet } from "./models/training.js";
import { ATTACKS, createAdversaryMiner, isAdversary } from "../attacks/catalogue.js";

export function createMiner(
  group: MinerGroup,
  identity: { hotkey: string; coldkey: string; group: number },
  task: TaskSetup,
  rng: Rng,
  shared: Map<string, unknown> = new Map(),
): MinerAgent {
  if (isAdversary(group.strategy)) return createAdversaryMiner(group, identity, task, rng, shared);
  const own = (name: string) => rng.stream(`miner/${identity.hotkey}/${name}`);
  const seed = `miner/${identity.hotkey}/training`;
  let model: ResponseModel;
  switch (group.strategy) {
    default:
      throw new Error(`unknown miner strategy ${group.strategy}`);
    case "prior-only":
      model = new PriorModel(trainingSet(seed, group.training_samples, task.drugs));
      break;
    case "partial-rules": {
      const genes = own("known-genes").sample(GENES.length, group.known_genes).map((i) => GENES[i]!) as Gene[];
      model = new RulesModel(trainingSet(seed, group.training_samples, task.drugs), genes);
      break;
    }
    case "learned": {
      const samples = Math.max(50, Math.round(draw(group.training_samples, own("training-size"))));
      model = new LogisticModel(trainingSet(seed, samples, task.drugs), { epochs: group.epochs, l2: group.l2 });
      break;
    }
  }
  const latency = Math.max(0.01, draw(group.latency_s, own("latency-median")));
  return new HonestMiner(
    { ...identity, strategy: group.strategy, costUsdPerDay: group.cost_usd_per_day },
    model,
    latency,
    own("latency"),
  );
}

export function describeMinerGroup(g: MinerGroup): string {
  switch (g.strategy) {
    default:
      return `${g.strategy} (adversary: ${ATTACKS[g.strategy]?.attack ?? "?"})`;
    case "prior-only":
      return `prior-only (each drug's class frequencies from ${g.training_samples} self-made samples)`;
    case "partial-rules":
      return `partial-rules (knows ${g.known_genes} of ${GENES.length} genes' rules, learned from ${g.training_samples} self-made samples)`;
    case "learned":
      return `learned (multinomial logistic regression per drug, ${describeDistribution(g.training_samples)} self-made training samples, ${g.epochs} epochs)`;
  }
}
