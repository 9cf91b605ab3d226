/** The static file server of the browser tests (one implementation: scripts/staticServer.mjs). */
// @ts-expect-error -- a plain .mjs module without type declarations; typed below.
import { serveStatic as serve } from '../../scripts/staticServer.mjs';

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** Serves files under `root` (a folder's index.html for its path), plus `extra` routes (path → HTML body), on a free port. */
export const serveStatic: (root: string, extra?: Record<string, string>, options?: { port?: number }) => Promise<StaticServer> = serve;
