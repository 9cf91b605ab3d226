/** Small statistics helpers for the tests (moments, normal CDF, Kolmogorov–Smirnov). */

export function mean(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] as number;
  return s / a.length;
}

/** Central moments 2..4 about the sample mean. */
export function centralMoments(a: ArrayLike<number>): { mean: number; m2: number; m3: number; m4: number } {
  const m = mean(a);
  let m2 = 0, m3 = 0, m4 = 0;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] as number) - m;
    const d2 = d * d;
    m2 += d2; m3 += d2 * d; m4 += d2 * d2;
  }
  const n = a.length;
  return { mean: m, m2: m2 / n, m3: m3 / n, m4: m4 / n };
}

/** Φ(x) from erfc by the Chebyshev fit of Numerical Recipes (Press et al. 2007, §6.2.2), |relative error| < 1.2e-7. */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? 1 - 0.5 * r : 0.5 * r;
}

/** The Kolmogorov–Smirnov statistic D = sup |F_n − F| of a sample against a CDF. */
export function ksStatistic(sample: ArrayLike<number>, cdf: (x: number) => number): number {
  const s = Float64Array.from(sample).sort();
  const n = s.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(s[i] as number);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  return d;
}

/** Pearson correlation of two equally long samples. */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ma = mean(a), mb = mean(b);
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = (a[i] as number) - ma, y = (b[i] as number) - mb;
    sab += x * y; saa += x * x; sbb += y * y;
  }
  return sab / Math.sqrt(saa * sbb);
}
