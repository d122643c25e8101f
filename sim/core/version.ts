/** The package version and, when run from a git checkout, the commit (for run manifests). */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The project root: the nearest folder above this module whose package.json is subnet-sim's. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "subnet-sim") return dir;
    dir = dirname(dir);
  }
  throw new Error("cannot find subnet-sim's package.json above its modules");
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;
}

/** HEAD of the checkout the package runs from, or null outside git. */
export function gitCommit(): string | null {
  try {
    const out = execFileSync("git", ["rev-parse", "HEAD"], {
      cwd: packageRoot(),
      stdio: ["ignore", "pipe", "ignore"],
      encoding: "utf8",
    });
    return /^[0-9a-f]{40}$/.test(out.trim()) ? out.trim() : null;
  } catch {
    return null;
  }
}
