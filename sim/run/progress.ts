/** A progress bar on stderr (only when stderr is a terminal; CI logs stay clean). */
import cliProgress from "cli-progress";

export class Progress {
  private readonly bar: cliProgress.SingleBar | null;
  private started = false;

  /** `unit` names what is counted, e.g. "day" or "run". */
  constructor(label: string, unit = "day") {
    this.bar = process.stderr.isTTY
      ? new cliProgress.SingleBar(
          {
            format: `${label} [{bar}] {percentage}% | ${unit} {value}/{total} | eta {eta_formatted}`,
            stream: process.stderr,
            hideCursor: true,
            clearOnComplete: true,
          },
          cliProgress.Presets.shades_classic,
        )
      : null;
  }

  update(done: number, total: number): void {
    if (!this.bar) return;
    if (!this.started) {
      this.bar.start(total, 0);
      this.started = true;
    }
    this.bar.setTotal(total);
    this.bar.update(Math.floor(done));
  }

  stop(): void {
    if (this.bar && this.started) this.bar.stop();
    this.started = false;
  }
}
