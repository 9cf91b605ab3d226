/**
 * @internal Small dense helpers for the linear-response formulas (row-major `Float64Array`s).
 * The heavy algorithms (Lyapunov, Stein, expm, eigen, solves) are in WASM (`ts/linalg.ts`).
 */

/** `A B` for A m×k, B k×p. */
export function matmul(a: Float64Array, b: Float64Array, m: number, k: number, p: number): Float64Array {
  const c = new Float64Array(m * p);
  for (let i = 0; i < m; i++) {
    for (let l = 0; l < k; l++) {
      const x = a[i * k + l] as number;
      if (x === 0) continue;
      for (let j = 0; j < p; j++) c[i * p + j] = (c[i * p + j] as number) + x * (b[l * p + j] as number);
    }
  }
  return c;
}

/** `A B` for square n×n. */
export function mul(a: Float64Array, b: Float64Array, n: number): Float64Array {
  return matmul(a, b, n, n, n);
}

/** `A x`. */
export function matvec(a: Float64Array, x: ArrayLike<number>, n: number): Float64Array {
  return matmul(a, Float64Array.from(x), n, n, 1);
}

export function transpose(a: Float64Array, n: number): Float64Array {
  const t = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) t[j * n + i] = a[i * n + j] as number;
  return t;
}

/** `A B Aᵀ`. */
export function sandwich(a: Float64Array, b: Float64Array, n: number): Float64Array {
  return mul(mul(a, b, n), transpose(a, n), n);
}

export function add(a: Float64Array, b: Float64Array, s = 1): Float64Array {
  return a.map((x, i) => x + s * (b[i] as number));
}

export function scale(a: Float64Array, s: number): Float64Array {
  return a.map((x) => s * x);
}

export function identity(n: number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  return m;
}

export function trace(a: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i * n + i] as number;
  return s;
}

/** Trace of the diagonal block rows/columns `from..from+size` of an n×n matrix. */
export function blockTrace(a: Float64Array, n: number, from: number, size: number): number {
  let s = 0;
  for (let i = from; i < from + size; i++) s += a[i * n + i] as number;
  return s;
}

export function frobenius(a: Float64Array): number {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v));
  if (m === 0) return 0;
  let s = 0;
  for (const v of a) s += (v / m) ** 2;
  return m * Math.sqrt(s);
}

/** The `rows × cols` block at (r0, c0) of an n×n matrix. */
export function block(a: Float64Array, n: number, r0: number, c0: number, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = a[(r0 + i) * n + c0 + j] as number;
  return out;
}

/** The 2d×2d matrix [[a, b], [c, d]] from d×d blocks (null = zero block). */
export function blocks2(a: Float64Array | null, b: Float64Array | null, c: Float64Array | null, d: Float64Array | null, m: number): Float64Array {
  const n = 2 * m;
  const out = new Float64Array(n * n);
  const put = (x: Float64Array | null, r0: number, c0: number) => {
    if (!x) return;
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) out[(r0 + i) * n + c0 + j] = x[i * m + j] as number;
  };
  put(a, 0, 0); put(b, 0, m); put(c, m, 0); put(d, m, m);
  return out;
}

/** `Mᵏ` by repeated squaring. */
export function power(m: Float64Array, n: number, k: number): Float64Array {
  let result = identity(n);
  let base = m;
  let e = k;
  while (e > 0) {
    if (e & 1) result = mul(result, base, n);
    e = Math.floor(e / 2);
    if (e > 0) base = mul(base, base, n);
  }
  return result;
}

/** `(A + Aᵀ)/2`. */
export function symmetrise(a: Float64Array, n: number): Float64Array {
  const out = Float64Array.from(a);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) out[i * n + j] = out[j * n + i] = 0.5 * ((a[i * n + j] as number) + (a[j * n + i] as number));
  }
  return out;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}
