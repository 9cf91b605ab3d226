import { describe, it, expect } from 'vitest';
import { heatmapPlot, histogramPlot, linePlot, type LinePlotOptions, type Series } from '../ts/plot/index.js';
import { contourLines } from '../ts/plot/contour.js';
import { decimate } from '../ts/plot/decimate.js';
import { linearTicks, logTicks, niceStep } from '../ts/plot/scale.js';
import { escapeXml } from '../ts/plot/svg.js';

/** Throws unless `xml` is one well-formed element: balanced tags, quoted attributes, valid entities. */
function assertWellFormed(xml: string): void {
  const token =
    /<\/([A-Za-z_][\w.:-]*)\s*>|<([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_:][\w.:-]*\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/y;
  const badAmp = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;
  const stack: string[] = [];
  let roots = 0;
  let pos = 0;
  while (pos < xml.length) {
    token.lastIndex = pos;
    const m = token.exec(xml);
    if (m === null) throw new Error(`not well-formed at ${pos}: ${JSON.stringify(xml.slice(pos, pos + 40))}`);
    pos = token.lastIndex;
    const [, close, open, attrs, selfClose, text] = m;
    if (close !== undefined) {
      const top = stack.pop();
      if (top !== close) throw new Error(`</${close}> closes <${top ?? 'nothing'}> at ${pos}`);
    } else if (open !== undefined) {
      if (stack.length === 0 && ++roots > 1) throw new Error(`second root element <${open}>`);
      const names = [...(attrs ?? '').matchAll(/([A-Za-z_:][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)];
      const seen = new Set<string>();
      for (const [, name, dq, sq] of names) {
        const value = dq ?? sq ?? '';
        if (seen.has(name ?? '')) throw new Error(`duplicate attribute ${name} on <${open}>`);
        seen.add(name ?? '');
        if (value.includes('<') || badAmp.test(value)) throw new Error(`bad attribute value ${JSON.stringify(value)}`);
      }
      if (selfClose !== '/') stack.push(open);
    } else if (text !== undefined) {
      if (stack.length === 0 && text.trim() !== '') throw new Error(`text outside the root: ${JSON.stringify(text)}`);
      if (badAmp.test(text)) throw new Error(`unescaped & in ${JSON.stringify(text)}`);
    }
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('>, <')}>`);
  if (roots !== 1) throw new Error('no root element');
}

/** Text content of all <text> elements, entities decoded. */
function texts(svg: string): string[] {
  const decode = (s: string): string =>
    s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  return [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => decode(m[1] ?? ''));
}

/** The `d` of the first path stroked in `color` with fill none (a series line). */
function linePathD(svg: string, color: string): string {
  const m = svg.match(new RegExp(`<path d="([^"]*)" fill="none" stroke="${color}" stroke-width="1.8"`));
  if (m === null || m[1] === undefined) throw new Error(`no line path in ${color}`);
  return m[1];
}

const base: LinePlotOptions = { xLabel: 'time t (s)', yLabel: 'energy E (J)' };
const range = (n: number, f: (i: number) => number): number[] => Array.from({ length: n }, (_, i) => f(i));

describe('svg output', () => {
  const series: Series[] = [
    { kind: 'line', label: 'theory', x: range(50, (i) => i / 10), y: range(50, (i) => Math.sin(i / 10)) },
    {
      kind: 'scatter',
      label: 'runs <n=8> & mean',
      x: range(10, (i) => i / 2),
      y: range(10, (i) => Math.sin(i / 2) + 0.05),
      yErr: range(10, () => 0.1),
    },
    { kind: 'line', label: 'bound', x: [0, 5], y: [1, 1], dash: true },
  ];
  const svg = linePlot(series, { ...base, title: 'Energy & "decay" <test>' });

  it('is a well-formed standalone svg with xmlns, viewBox and sans-serif text', () => {
    assertWellFormed(svg);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toMatch(/viewBox="0 0 640 420"/);
    expect(svg).toContain('font-family="sans-serif"');
    expect(svg.endsWith('</svg>')).toBe(true);
  });

  it('contains the axis labels, title and legend labels, escaped', () => {
    const t = texts(svg);
    expect(t).toContain('time t (s)');
    expect(t).toContain('energy E (J)');
    expect(t).toContain('Energy & "decay" <test>');
    expect(t).toEqual(expect.arrayContaining(['theory', 'runs <n=8> & mean', 'bound']));
    expect(svg).toContain('runs &lt;n=8&gt; &amp; mean');
    expect(svg).not.toContain('<n=8>');
    expect(svg).toContain('stroke-dasharray');
  });

  it('rounds numbers to at most 2 decimals', () => {
    expect(svg).not.toMatch(/\d\.\d{3,}/);
  });

  it('is deterministic', () => {
    expect(linePlot(series, { ...base, title: 'Energy & "decay" <test>' })).toBe(svg);
  });

  it('honours size, legend none and explicit domains', () => {
    const small = linePlot(series, { ...base, width: 300, height: 200, legend: 'none', xDomain: [0, 2], yDomain: [-1, 1] });
    assertWellFormed(small);
    expect(small).toMatch(/viewBox="0 0 300 200"/);
    expect(texts(small)).not.toContain('theory');
  });

  it('puts the legend in a corner free of data by default', () => {
    // data only in the top-right quadrant: the legend must go elsewhere
    const svg = linePlot(
      [
        { kind: 'scatter', label: 'corner', x: range(20, (i) => 8 + i / 10), y: range(20, (i) => 8 + (i % 5) / 2) },
        { kind: 'scatter', label: 'anchor', x: [0], y: [0] },
      ],
      base,
    );
    const box = svg.match(/<rect x="([\d.]+)" y="([\d.]+)" width="[\d.]+" height="[\d.]+" rx="3"/);
    expect(box).not.toBeNull();
    expect(Number(box?.[1])).toBeLessThan(320); // left half of a 640 px figure
  });

  it('thins dense lines but keeps their extremes', () => {
    const { x, y } = decimate([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 1.5], [5, 9, 1, 4, 7, 6, 3]);
    expect(x).toEqual([0.1, 0.2, 0.3, 0.6, 1.5]);
    expect(y).toEqual([5, 9, 1, 6, 3]);
    const n = 100_000;
    const big = linePlot(
      [{ kind: 'line', label: 'walk', x: range(n, (i) => i), y: range(n, (i) => Math.sin(i / 300)) }],
      base,
    );
    assertWellFormed(big);
    expect(big.length).toBeLessThan(60_000);
  });

  it('escapes text and drops characters XML does not allow', () => {
    expect(escapeXml(`a<b>&"'\u0001`)).toBe('a&lt;b&gt;&amp;&quot;&apos;\uFFFD');
    const weird = linePlot([{ kind: 'line', label: 'x\u0000y', x: [1, 2], y: [1, 2] }], { xLabel: '<', yLabel: '&' });
    assertWellFormed(weird);
    expect(weird).not.toContain('\u0000');
  });
});

describe('ticks', () => {
  it('are decades labelled as powers of ten on a log axis over 1..1e4', () => {
    const major = logTicks(1, 1e4, 8).filter((t) => t.major);
    expect(major.map((t) => t.value)).toEqual([1, 10, 100, 1000, 10000]);
    expect(major.map((t) => t.label)).toEqual(['10⁰', '10¹', '10²', '10³', '10⁴']);
    // minor ticks are unlabelled and inside the domain
    const minor = logTicks(1, 1e4, 8).filter((t) => !t.major);
    expect(minor.length).toBeGreaterThan(0);
    expect(minor.every((t) => t.label === '' && t.value > 1 && t.value < 1e4)).toBe(true);
  });

  it('appear as decade labels in a log-log plot', () => {
    const x = range(41, (i) => 10 ** (i / 10));
    const svg = linePlot([{ kind: 'line', label: 'power law', x, y: x.map((v) => 1 / v) }], {
      ...base,
      xScale: 'log',
      yScale: 'log',
      xDomain: [1, 1e4],
      yDomain: [1e-4, 1],
    });
    assertWellFormed(svg);
    const t = texts(svg);
    expect(t).toEqual(expect.arrayContaining(['10⁰', '10¹', '10²', '10³', '10⁴', '10⁻¹', '10⁻⁴']));
  });

  it('use 1-2-5 steps on a linear axis: [0, 0.97] gives 0, 0.2, ..., 0.8', () => {
    const ticks = linearTicks(0, 0.97, 6);
    expect(ticks.map((t) => t.value)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(ticks.map((t) => t.label)).toEqual(['0', '0.2', '0.4', '0.6', '0.8']);
    for (const [lo, hi, n] of [[0, 0.97, 3], [-3, 1234, 7], [1e-6, 3e-6, 5], [0, 1e9, 4]] as const) {
      const step = niceStep(lo, hi, n);
      const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-9);
      expect([1, 2, 5]).toContain(Math.round(mantissa * 1e9) / 1e9);
      expect(linearTicks(lo, hi, n).length).toBeLessThanOrEqual(n);
    }
  });

  it('label a plot of data on [0, 0.97] with 0, 0.2, ..., 1 (padded domain)', () => {
    const svg = linePlot([{ kind: 'line', label: 'p', x: [0, 1, 2, 3], y: [0, 0.5, 0.8, 0.97] }], base);
    expect(texts(svg)).toEqual(expect.arrayContaining(['0', '0.2', '0.4', '0.6', '0.8', '1']));
  });
});

describe('bad points', () => {
  it('split a line at NaN into two subpaths', () => {
    const svg = linePlot(
      [{ kind: 'line', label: 'gap', color: '#123456', x: [0, 1, 2, 3, 4, 5], y: [1, 2, 3, NaN, 2, 1] }],
      base,
    );
    assertWellFormed(svg);
    expect(linePathD(svg, '#123456').match(/M/g)).toHaveLength(2);
  });

  it('split a line at Infinity and at values <= 0 on a log axis', () => {
    const inf = linePlot([{ kind: 'line', label: 'inf', color: '#123456', x: [0, 1, 2, 3], y: [1, Infinity, 3, 4] }], base);
    expect(linePathD(inf, '#123456').match(/M/g)).toHaveLength(2);
    const log = linePlot(
      [{ kind: 'line', label: 'log', color: '#123456', x: [1, 2, 3, 4, 5, 6, 7], y: [1, 2, 0, 3, 4, -1, 5] }],
      { ...base, yScale: 'log' },
    );
    assertWellFormed(log);
    expect(linePathD(log, '#123456').match(/M/g)).toHaveLength(3);
  });

  it('clip error bars reaching <= 0 on a log axis to the plot bottom', () => {
    const svg = linePlot(
      [{ kind: 'scatter', label: 'err', color: '#abcdef', x: [1, 2, 3], y: [1, 2, 3], yErr: [5, 0.5, 0.5] }],
      { ...base, yScale: 'log' },
    );
    assertWellFormed(svg);
    const clip = svg.match(/<clipPath[^>]*><rect x="[^"]*" y="([^"]*)" width="[^"]*" height="([^"]*)"/);
    const bottom = Number(clip?.[1]) + Number(clip?.[2]);
    const bars = svg.match(/<path d="([^"]*)" fill="none" stroke="#abcdef" stroke-width="1.1"/)?.[1] ?? '';
    const ends = [...bars.matchAll(/V([\d.-]+)/g)].map((m) => Number(m[1]));
    expect(ends).toHaveLength(3);
    expect(ends[0]).toBeCloseTo(bottom, 1);
    expect(ends[1]).toBeLessThan(bottom);
  });

  it('throw an Error naming the series when lengths differ', () => {
    expect(() => linePlot([{ kind: 'line', label: 'short series', x: [1, 2, 3], y: [1, 2] }], base)).toThrow(/short series/);
    expect(() =>
      linePlot([{ kind: 'scatter', label: 'bad errors', x: [1, 2], y: [1, 2], yErr: [1] }], base),
    ).toThrow(/bad errors/);
    expect(() =>
      histogramPlot({ edges: [0, 1], counts: [3] }, [{ kind: 'line', label: 'overlay x', x: [1], y: [] }], base),
    ).toThrow(/overlay x/);
  });
});

describe('no data', () => {
  it('empty series list gives a valid "no data" svg', () => {
    const svg = linePlot([], { ...base, title: 'nothing <here>' });
    assertWellFormed(svg);
    expect(texts(svg)).toContain('no data');
    expect(texts(svg)).toContain('nothing <here>');
  });

  it('all non-finite (or non-positive on log) data gives "no data"', () => {
    const nan = linePlot([{ kind: 'line', label: 'nan', x: [NaN, 1], y: [1, NaN] }], base);
    assertWellFormed(nan);
    expect(texts(nan)).toContain('no data');
    const log = linePlot([{ kind: 'scatter', label: 'neg', x: [1, 2], y: [0, -1] }], { ...base, yScale: 'log' });
    expect(texts(log)).toContain('no data');
    const hist = histogramPlot({ edges: [0, 1, 2], counts: [0, 0] }, [], base);
    assertWellFormed(hist);
    expect(texts(hist)).toContain('no data');
  });
});

describe('histogramPlot', () => {
  it('draws density bars with an overlaid curve and legend', () => {
    const edges = range(11, (i) => i / 10);
    const counts = [1, 2, 4, 8, 10, 10, 8, 4, 2, 1];
    const x = range(21, (i) => i / 20);
    const svg = histogramPlot({ edges, counts }, [{ kind: 'line', label: 'model pdf', x, y: x.map(() => 1) }], {
      ...base,
      title: 'histogram',
    });
    assertWellFormed(svg);
    expect(texts(svg)).toContain('model pdf');
    const bars = svg.match(/<path d="([^"]*)" fill="#cfd6de"/)?.[1] ?? '';
    expect(bars.match(/Z/g)).toHaveLength(10);
    // density of the fullest bin: 10 / (50 * 0.1) = 2, so the top tick label is about 2
    expect(texts(svg)).toContain('2');
  });

  it('draws bars from the plot bottom on a log y axis, skipping empty bins', () => {
    const svg = histogramPlot({ edges: [0, 1, 2, 3], counts: [100, 0, 1] }, [], { ...base, yScale: 'log' });
    assertWellFormed(svg);
    const bars = svg.match(/<path d="([^"]*)" fill="#cfd6de"/)?.[1] ?? '';
    expect(bars.match(/Z/g)).toHaveLength(2);
  });

  it('rejects edges that do not match counts', () => {
    expect(() => histogramPlot({ edges: [0, 1], counts: [1, 2] }, [], base)).toThrow(/edges/);
  });
});

describe('heatmapPlot', () => {
  /** A field f(x, y) on an n×m grid of centres over [-1, 1]². */
  const field = (n: number, m: number, f: (x: number, y: number) => number) => {
    const x = range(n, (i) => -1 + (2 * (i + 0.5)) / n);
    const y = range(m, (j) => -1 + (2 * (j + 0.5)) / m);
    const values = new Float64Array(n * m);
    for (let j = 0; j < m; j++) for (let i = 0; i < n; i++) values[j * n + i] = f(x[i] as number, y[j] as number);
    return { x, y, values };
  };
  const opts = { xLabel: 'x', yLabel: 'y', colorLabel: 'density p(x, y)', title: 'a <field> & more' };
  const colorbarLabels = (svg: string): number[] => {
    const g = svg.match(/<g font-size="12" fill="#222222" class="colorbar-labels">(.*?)<\/g>/)?.[1] ?? '';
    return texts(`<g>${g}</g>`).map((t) => Number(t.replace('\u2212', '-')));
  };

  it('is well-formed, with a labelled colour bar spanning the data range and grey non-finite cells', () => {
    const f = field(40, 30, (x, y) => 3 + 2 * x + y);
    f.values[5] = NaN;
    f.values[7] = Infinity;
    const svg = heatmapPlot(f, { ...opts, contours: [3], quiver: { u: f.values.map(() => 1), v: f.values.map(() => 0) },
      overlay: [{ kind: 'scatter', label: 'particles', x: [0, 0.5], y: [0, 0.2] }] });
    assertWellFormed(svg);
    expect(texts(svg)).toContain('density p(x, y)');
    expect(texts(svg)).toContain('particles');
    expect(svg).toContain('"#a0a0a0"');
    const labels = colorbarLabels(svg);
    expect(labels.length).toBeGreaterThanOrEqual(3);
    const lo = Math.min(...f.values.filter(Number.isFinite)), hi = Math.max(...f.values.filter(Number.isFinite));
    expect(Math.min(...labels)).toBeGreaterThanOrEqual(lo - 1e-9);
    expect(Math.max(...labels)).toBeLessThanOrEqual(hi + 1e-9);
    expect(Math.max(...labels) - Math.min(...labels)).toBeGreaterThan(0.6 * (hi - lo));
  });

  it('keeps a 512×512 field under 300 KB (block-averaged cells)', () => {
    const f = field(512, 512, (x, y) => Math.sin(7 * x) * Math.cos(5 * y) + 0.1 * Math.sin(97 * x * y));
    const svg = heatmapPlot(f, { ...opts, contours: [0, 0.5], quiver: { u: f.values, v: f.values.map((v) => -v), every: 32 } });
    assertWellFormed(svg);
    expect(svg.length).toBeLessThan(300_000);
  });

  it('draws one arrow per every-th cell, minus the zero-length ones', () => {
    const f = field(23, 17, (x, y) => x * y);
    const u = f.values.map((_, k) => (k % 3 === 0 ? 0 : 1 + (k % 5)));
    const v = f.values.map((_, k) => (k % 3 === 0 ? 0 : -(k % 7)));
    const every = 4;
    let zeros = 0;
    for (let j = 0; j < 17; j += every) for (let i = 0; i < 23; i += every) if (u[j * 23 + i] === 0 && v[j * 23 + i] === 0) zeros++;
    const svg = heatmapPlot(f, { ...opts, quiver: { u, v, every } });
    const d = svg.match(/<path d="([^"]*)"[^>]*class="quiver"/)?.[1] ?? '';
    expect(zeros).toBeGreaterThan(0);
    expect(d.match(/M/g)).toHaveLength(Math.ceil(23 / every) * Math.ceil(17 / every) - zeros);
  });

  it('contours a radially symmetric field as a closed curve at the right radius', () => {
    const n = 60;
    const f = field(n, n, (x, y) => Math.exp(-(x * x + y * y) / 0.2));
    const r = 0.5;
    const level = Math.exp(-(r * r) / 0.2);
    const lines = contourLines(f.x, f.y, f.values, level);
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line.closed).toBe(true);
    const h = 2 / n;
    for (let k = 0; k < line.x.length; k++) expect(Math.abs(Math.hypot(line.x[k]!, line.y[k]!) - r)).toBeLessThan(h);
    const svg = heatmapPlot(f, { ...opts, contours: [level] });
    const d = svg.match(/<path d="([^"]*)"[^>]*class="contour"/)?.[1] ?? '';
    expect(d.match(/M/g)).toHaveLength(1);
    expect(d.endsWith('Z')).toBe(true);
  });

  it('rejects mismatched lengths, naming the parameter', () => {
    const f = field(5, 4, (x) => x);
    expect(() => heatmapPlot({ ...f, values: f.values.slice(1) }, opts)).toThrow(/field\.values/);
    expect(() => heatmapPlot(f, { ...opts, quiver: { u: f.values, v: [1, 2] } })).toThrow(/quiver\.v/);
    expect(() => heatmapPlot(f, { ...opts, quiver: { u: [], v: f.values } })).toThrow(/quiver\.u/);
    expect(() => heatmapPlot(f, { ...opts, overlay: [{ kind: 'line', label: 'bad', x: [1], y: [] }] })).toThrow(/bad/);
    expect(() => heatmapPlot({ ...f, x: [1] }, opts)).toThrow(/field\.x/);
  });
});
