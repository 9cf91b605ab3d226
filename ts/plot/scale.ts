/** Linear and log10 scales mapping data values to pixels, with "nice" tick positions. */

import { formatTicks, formatValue, powerOfTen } from './format.js';

/** A tick mark: major ticks carry a label (and a grid line), minor ticks do not. */
export interface Tick {
  value: number;
  label: string;
  major: boolean;
}

/** Maps a data interval (the domain) onto a pixel interval (the range). */
export interface Scale {
  readonly type: 'linear' | 'log';
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
  /** Whether `v` can be placed on this scale (finite, and > 0 on a log scale). */
  accepts(v: number): boolean;
  /** Pixel position of `v` (only meaningful when `accepts(v)`). */
  map(v: number): number;
  /** Tick marks inside the domain, with at most about `maxTicks` labelled ones. */
  ticks(maxTicks: number): Tick[];
}

/** Rounds away binary noise such as 0.6000000000000001. */
function clean(v: number): number {
  return Number(v.toPrecision(12));
}

/** The smallest step of the form {1,2,5}×10ⁿ giving at most `maxTicks` ticks in [lo, hi]. */
export function niceStep(lo: number, hi: number, maxTicks: number): number {
  const n = Math.max(1, Math.floor(maxTicks));
  const span = hi - lo;
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  let mag = 10 ** Math.floor(Math.log10(span / n));
  for (;;) {
    for (const m of [1, 2, 5]) {
      const step = m * mag;
      const count = Math.floor(hi / step + 1e-9) - Math.ceil(lo / step - 1e-9) + 1;
      if (count <= n) return step;
    }
    mag *= 10;
  }
}

/** Ticks at the multiples of a 1-2-5 step that lie in [lo, hi]. */
export function linearTicks(lo: number, hi: number, maxTicks: number): Tick[] {
  const step = niceStep(lo, hi, maxTicks);
  const first = Math.ceil(lo / step - 1e-9);
  const last = Math.floor(hi / step + 1e-9);
  const values: number[] = [];
  for (let i = first; i <= last; i++) values.push(clean(i * step));
  const labels = formatTicks(values, step);
  return values.map((value, i) => ({ value, label: labels[i] ?? '', major: true }));
}

/**
 * Ticks for a log10 axis on [lo, hi] (both > 0): decades labelled as powers of ten
 * (every k-th decade when there are too many), minor ticks at 2…9 × 10ⁿ when there is room;
 * a domain too narrow for two decades gets labelled 1-2-5 (or linear) ticks instead.
 */
export function logTicks(lo: number, hi: number, maxTicks: number): Tick[] {
  const n = Math.max(2, Math.floor(maxTicks));
  const e0 = Math.ceil(Math.log10(lo) - 1e-9);
  const e1 = Math.floor(Math.log10(hi) + 1e-9);
  const decades = e1 - e0 + 1;
  const inside = (v: number): boolean => v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9);
  if (decades >= 2) {
    let k = 1;
    for (const m of [1, 2, 3, 5, 10, 20, 25, 50, 100]) {
      k = m;
      if (Math.floor(e1 / k) - Math.ceil(e0 / k) + 1 <= n) break;
    }
    const ticks: Tick[] = [];
    // Minor ticks 2..9 only when decades are few enough to show them legibly.
    const minorMantissas = k === 1 && decades <= n ? [2, 3, 4, 5, 6, 7, 8, 9] : [];
    for (let e = e0 - 1; e <= e1; e++) {
      const v = clean(10 ** e);
      if (inside(v)) {
        if (e % k === 0) ticks.push({ value: v, label: powerOfTen(e), major: true });
        else ticks.push({ value: v, label: '', major: false });
      }
      for (const m of minorMantissas) {
        const mv = clean(m * 10 ** e);
        if (inside(mv)) ticks.push({ value: mv, label: '', major: false });
      }
    }
    return ticks;
  }
  // Less than two decades: label 1-2-5 multiples, else plain linear ticks.
  const candidates: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const v = clean(m * 10 ** e);
      if (inside(v)) candidates.push(v);
    }
  }
  if (candidates.length >= 3 && candidates.length <= n) {
    return candidates.map((value) => ({ value, label: formatValue(value), major: true }));
  }
  return linearTicks(lo, hi, Math.min(n, 6));
}

/** A linear scale; `domain` must satisfy lo < hi. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = (r1 - r0) / (d1 - d0);
  return {
    type: 'linear',
    domain,
    range,
    accepts: (v) => Number.isFinite(v),
    map: (v) => r0 + (v - d0) * k,
    ticks: (maxTicks) => linearTicks(d0, d1, maxTicks),
  };
}

/** A log10 scale; `domain` must satisfy 0 < lo < hi. */
export function logScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const l0 = Math.log10(d0);
  const k = (r1 - r0) / (Math.log10(d1) - l0);
  return {
    type: 'log',
    domain,
    range,
    accepts: (v) => Number.isFinite(v) && v > 0,
    map: (v) => r0 + (Math.log10(v) - l0) * k,
    ticks: (maxTicks) => logTicks(d0, d1, maxTicks),
  };
}

/** A scale of the given type. */
export function makeScale(
  type: 'linear' | 'log',
  domain: readonly [number, number],
  range: readonly [number, number],
): Scale {
  return type === 'log' ? logScale(domain, range) : linearScale(domain, range);
}
