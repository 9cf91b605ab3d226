/** A one-line description of the machine, recorded with every timing the CLI prints. */
import { cpus, loadavg, totalmem } from 'node:os';

export function machineNote(): string {
  const c = cpus();
  const load = loadavg().map((l) => l.toFixed(2)).join(' ');
  return `${c[0]?.model?.trim() ?? 'unknown CPU'}, ${c.length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average ${load}`;
}
