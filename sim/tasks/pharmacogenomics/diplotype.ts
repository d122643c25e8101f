/**
 * Parsing star-allele diplotypes such as `*1/*4`, `*1/*1x2`, `*36+*10/*4` or
 * `c.1905+1G>A/Reference` into panel alleles.
 *
 * A name is looked up first as written (canonical name or alias). For CYP2D6 a name not in the
 * drawable list may still be composed from known haplotypes: `*2x3` (three copies of *2),
 * `*1x≥3` (read as three copies, CPIC's lower bound), `*68+*4` (a tandem). Copy multipliers
 * and tandems are only accepted for CYP2D6.
 */
import { compositeFunction, compositeSums, PANEL, type Allele, type AlleleComponent, type Gene } from "./panel.js";

/** Thrown for a diplotype or allele the panel cannot read; the message names the problem. */
export class DiplotypeError extends Error {
  override name = "DiplotypeError";
  /** The message without the offending value, for callers that print the value themselves. */
  readonly detail: string;
  constructor(message: string, detail?: string) {
    super(message);
    this.detail = detail ?? message;
  }
}

const COMPONENT = /^(\*\d+[A-Z]?)(?:x(\d+|≥3|>=3))?$/;

/** The panel allele for `name` in `gene`, composing CYP2D6 duplications and tandems if needed. */
export function parseAllele(gene: Gene, name: string): Allele {
  const panel = PANEL[gene];
  const trimmed = name.trim();
  const known = panel.byName.get(trimmed);
  if (known) return known;
  if (gene === "CYP2D6" && trimmed.length > 0) {
    const comps: AlleleComponent[] = [];
    for (const part of trimmed.split("+")) {
      const m = COMPONENT.exec(part);
      if (!m) return unknown(gene, trimmed);
      const hap = panel.haplotypes.get(m[1]!);
      if (!hap) return unknown(gene, trimmed);
      const mult = m[2] === undefined ? 1 : m[2] === "≥3" || m[2] === ">=3" ? 3 : Number(m[2]);
      if (!Number.isInteger(mult) || mult < 1 || mult > 8) {
        throw new DiplotypeError(`allele "${trimmed}" has copy number ${m[2]}; expected 1 to 8 copies`);
      }
      comps.push({ haplotype: hap, copies: mult });
    }
    return composite(trimmed, comps);
  }
  return unknown(gene, trimmed);
}

function unknown(gene: Gene, name: string): never {
  const names = PANEL[gene].alleles.map((a) => a.name).join(", ");
  const extra = gene === "CYP2D6" ? " (or a duplication such as *2x3, or a tandem such as *36+*10)" : "";
  throw new DiplotypeError(`allele "${name}" is not in the ${gene} panel; known alleles: ${names}${extra}`);
}

function composite(name: string, comps: AlleleComponent[]): Allele {
  const { activity, copies, dosage } = compositeSums(comps);
  return {
    name,
    aliases: [],
    index: -1,
    components: comps,
    function: compositeFunction(comps),
    activityValue: activity,
    geneCopies: copies,
    isReference: false,
    frequency: { european: 0, african: 0, east_asian: 0, south_asian: 0, latino: 0 },
    variantDosage: dosage,
  };
}

/** Splits `a/b` and parses both alleles. */
export function parseDiplotype(gene: Gene, diplotype: string): [Allele, Allele] {
  const parts = diplotype.split("/");
  if (parts.length !== 2 || parts[0]!.trim() === "" || parts[1]!.trim() === "") {
    const expected = `expected two alleles separated by "/", such as "${exampleDiplotype(gene)}"`;
    throw new DiplotypeError(`"${diplotype}" is not a diplotype; ${expected}`, expected);
  }
  return [parseAllele(gene, parts[0]!), parseAllele(gene, parts[1]!)];
}

/** A valid example diplotype for a gene, for error messages. */
export function exampleDiplotype(gene: Gene): string {
  const p = PANEL[gene];
  const other = p.alleles.find((a) => !a.isReference) ?? p.referenceAllele;
  return `${p.referenceAllele.name}/${other.name}`;
}
