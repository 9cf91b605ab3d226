/**
 * Pure-TypeScript twin of crate/src/rng: SplitMix64 stream derivation, xoshiro256++
 * (on 32-bit halves, since JS has no fast 64-bit integers) and the 256-layer ziggurat.
 * Its integer stream is bit-identical to the WASM one (tested); it exists as the honest
 * baseline in `bench/` and as a cross-check.
 */
import { ZIG_F, ZIG_R, ZIG_X } from './zigguratTables.js';

const MASK64 = (1n << 64n) - 1n;
const GOLDEN_GAMMA = 0x9e3779b97f4a7c15n;
const TWO_POW_M53 = 1 / 9007199254740992;

/** SplitMix64's output function (seeding only, so BigInt is fine here). */
export function mix64(z: bigint): bigint {
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

/** xoshiro256++ with each 64-bit word held as (hi, lo) u32 halves. */
export class BaselineStream {
  private s0h = 0; private s0l = 0; private s1h = 0; private s1l = 0;
  private s2h = 0; private s2l = 0; private s3h = 0; private s3l = 0;
  /** High and low halves of the last `next()` output. */
  hi = 0;
  lo = 0;

  /** Stream `index` of `seed`, exactly as crate/src/rng/stream.rs `stream_for`. */
  constructor(seed: bigint, index: bigint) {
    const key = mix64((seed + GOLDEN_GAMMA) & MASK64);
    const base = (index * 4n) & MASK64;
    const w = [0n, 1n, 2n, 3n].map((j) => mix64((key + ((base + j + 1n) & MASK64) * GOLDEN_GAMMA) & MASK64));
    if (w.every((x): boolean => x === 0n)) w[0] = 1n;
    const [a, b, c, d] = w as [bigint, bigint, bigint, bigint];
    this.s0h = Number(a >> 32n); this.s0l = Number(a & 0xffffffffn);
    this.s1h = Number(b >> 32n); this.s1l = Number(b & 0xffffffffn);
    this.s2h = Number(c >> 32n); this.s2l = Number(c & 0xffffffffn);
    this.s3h = Number(d >> 32n); this.s3l = Number(d & 0xffffffffn);
  }

  /** Advances; the output is in `hi`/`lo`. `rotl(s0 + s3, 23) + s0`, then the state update. */
  next(): void {
    const s0h = this.s0h, s0l = this.s0l, s1h = this.s1h, s1l = this.s1l;
    const s2h = this.s2h, s2l = this.s2l, s3h = this.s3h, s3l = this.s3l;
    // sum = s0 + s3
    let lo = (s0l + s3l) >>> 0;
    let hi = (s0h + s3h + (lo < s0l ? 1 : 0)) >>> 0;
    // rotl 23
    const rh = ((hi << 23) | (lo >>> 9)) >>> 0;
    const rl = ((lo << 23) | (hi >>> 9)) >>> 0;
    // + s0
    lo = (rl + s0l) >>> 0;
    hi = (rh + s0h + (lo < rl ? 1 : 0)) >>> 0;
    this.hi = hi;
    this.lo = lo;
    // t = s1 << 17
    const th = ((s1h << 17) | (s1l >>> 15)) >>> 0;
    const tl = (s1l << 17) >>> 0;
    const n2h = (s2h ^ s0h) >>> 0, n2l = (s2l ^ s0l) >>> 0;
    const n3h = (s3h ^ s1h) >>> 0, n3l = (s3l ^ s1l) >>> 0;
    const n1h = (s1h ^ n2h) >>> 0, n1l = (s1l ^ n2l) >>> 0;
    this.s0h = (s0h ^ n3h) >>> 0; this.s0l = (s0l ^ n3l) >>> 0;
    this.s1h = n1h; this.s1l = n1l;
    this.s2h = (n2h ^ th) >>> 0; this.s2l = (n2l ^ tl) >>> 0;
    // s3 = rotl(s3, 45) = swap halves, then rotl 13
    this.s3h = ((n3l << 13) | (n3h >>> 19)) >>> 0;
    this.s3l = ((n3h << 13) | (n3l >>> 19)) >>> 0;
  }

  /** The last output as a bigint (tests only). */
  bits(): bigint {
    this.next();
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }

  /** Uniform on [0, 1): `(bits >> 11) · 2⁻⁵³`. */
  uniform(): number {
    this.next();
    return (this.hi * 2097152 + (this.lo >>> 11)) * TWO_POW_M53;
  }

  /** Uniform on (0, 1): `((bits >> 11) + ½) · 2⁻⁵³`. */
  uniformOpen(): number {
    this.next();
    return (this.hi * 2097152 + (this.lo >>> 11) + 0.5) * TWO_POW_M53;
  }

  /** N(0, 1) by the 256-layer ziggurat, the same algorithm and bits as crate/src/rng/ziggurat.rs. */
  normal(): number {
    for (;;) {
      this.next();
      const i = this.lo & 0xff;
      const x = (2 * ((this.hi * 2097152 + (this.lo >>> 11) + 0.5) * TWO_POW_M53) - 1) * (ZIG_X[i] as number);
      if (Math.abs(x) < (ZIG_X[i + 1] as number)) return x;
      if (i === 0) {
        for (;;) {
          const t = -Math.log(this.uniformOpen()) / ZIG_R;
          const e = -Math.log(this.uniformOpen());
          if (2 * e >= t * t) return x < 0 ? -(ZIG_R + t) : ZIG_R + t;
        }
      }
      const fi = ZIG_F[i] as number, fi1 = ZIG_F[i + 1] as number;
      const y = fi1 + (fi - fi1) * this.uniform();
      if (y < Math.exp(-0.5 * x * x)) return x;
    }
  }
}
