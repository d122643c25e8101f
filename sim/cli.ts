/** The `subnet-sim` command line (work in progress: commands are added as they land). */
export async function main(argv: string[]): Promise<number> {
  process.stderr.write(`subnet-sim: no commands yet (${argv.join(" ")})\n`);
  return 2;
}
