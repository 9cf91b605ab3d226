/** A self-contained HTML report: sections with text, tables and inline SVG. */

export interface ReportSection {
  title: string;
  /** Paragraphs of HTML (trusted, written by the report code). */
  intro: string[];
  figures: string[];
  table?: { head: string[]; rows: (string | number)[][] };
  parameters: Record<string, unknown>;
  seconds: number;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
}

function table(t: NonNullable<ReportSection['table']>): string {
  const head = t.head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const rows = t.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(String(c))}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

export function renderReport(o: { title: string; version: string; machine: string; generated: string; sections: ReportSection[] }): string {
  const sections = o.sections.map((s) => `
<section>
  <h2>${escapeHtml(s.title)}</h2>
  ${s.intro.map((p) => `<p>${p}</p>`).join('\n  ')}
  <div class="figures">${s.figures.map((f) => `<figure>${f}</figure>`).join('\n')}</div>
  ${s.table ? table(s.table) : ''}
  <details><summary>Parameters and seed (ran in ${s.seconds.toFixed(1)} s)</summary><pre>${escapeHtml(JSON.stringify(s.parameters, null, 2))}</pre></details>
</section>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(o.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
h1 { margin-bottom: 0.2em; } .meta { color: #666; font-size: 0.9em; }
section { border-top: 1px solid #ddd; margin-top: 2em; padding-top: 1em; }
.figures { display: flex; flex-wrap: wrap; gap: 1em; } figure { margin: 0; }
table { border-collapse: collapse; margin: 1em 0; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: right; } th { background: #f4f4f4; }
pre { background: #f7f7f7; padding: 0.6em; overflow-x: auto; }
</style></head>
<body>
<h1>${escapeHtml(o.title)}</h1>
<p class="meta">sgdyn ${escapeHtml(o.version)} · generated ${escapeHtml(o.generated)} · ${escapeHtml(o.machine)}</p>
${sections}
</body></html>
`;
}
