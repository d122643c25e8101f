import { describe, expect, it } from "vitest";
import { StakeLedger } from "../../sim/chain/local/stake.js";
import { Rng } from "../../sim/core/rng.js";

describe("stake share pools", () => {
  it("dividends to a hotkey raise every nominator pro rata", () => {
    const l = new StakeLedger();
    l.credit("a", "h", 1, 1000n);
    l.credit("b", "h", 1, 3000n);
    l.distribute("h", 1, 400n, "owner");
    expect(l.alpha("a", "h", 1)).toBe(1100n);
    expect(l.alpha("b", "h", 1)).toBe(3300n);
    expect(l.hotkeyAlpha("h", 1)).toBe(4400n);
    // a hotkey without stakers: the owner gets it
    l.distribute("g", 1, 50n, "owner");
    expect(l.alpha("owner", "g", 1)).toBe(50n);
  });

  it("keeps the hotkey total exact and each coldkey within a rao of its share over random ops", () => {
    const s = new Rng(3).stream("stake/random");
    const l = new StakeLedger();
    const cks = ["a", "b", "c", "d"];
    let total = 0n;
    for (let i = 0; i < 3000; i++) {
      const ck = cks[s.int(4)]!;
      const op = s.int(3);
      if (op === 0) {
        const amt = BigInt(1 + s.int(1e9));
        l.credit(ck, "h", 2, amt);
        total += amt;
      } else if (op === 1) {
        const have = l.alpha(ck, "h", 2);
        if (have > 0n) {
          const amt = s.bernoulli(0.2) ? have : 1n + BigInt(Math.floor(s.uniform() * Number(have - 1n)));
          l.debit(ck, "h", 2, amt);
          total -= amt;
        }
      } else {
        const amt = BigInt(s.int(1e7));
        l.distribute("h", 2, amt, "a");
        total += amt;
      }
      expect(l.hotkeyAlpha("h", 2)).toBe(total);
      const sum = cks.reduce((acc, c) => acc + l.alpha(c, "h", 2), 0n);
      expect(sum <= total && total - sum <= 4n).toBe(true);
    }
  });

  it("refuses to unstake more than held", () => {
    const l = new StakeLedger();
    l.credit("a", "h", 1, 10n);
    expect(() => l.debit("a", "h", 1, 11n)).toThrow(/NotEnoughStakeToWithdraw: coldkey a has 10 rao/);
    l.addRoot("a", "h", 5n);
    expect(l.rootStake("h")).toBe(5n);
    expect(() => l.removeRoot("b", "h", 1n)).toThrow(/NotEnoughStakeToWithdraw/);
  });
});
