// npm run demo: serves dist/ (the library bundles, sgdyn.wasm and dist/demo/) on localhost and
// prints the demo's URL. PORT=8080 npm run demo picks the port (default: 5173, or a free one).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serveStatic } from './staticServer.mjs';

const dist = fileURLToPath(new URL('../dist', import.meta.url));
if (!existsSync(`${dist}/demo/index.html`)) {
  console.error('dist/demo/index.html is missing: run `npm run build` first (npm run demo does).');
  process.exit(1);
}
const wanted = Number(process.env.PORT ?? 5173);
let server;
try {
  server = await serveStatic(dist, {}, { port: wanted });
} catch {
  server = await serveStatic(dist, {}, { port: 0 }); // the port is taken: any free one
}
console.log(`sgdyn demo: ${server.url}/demo/   (Ctrl-C to stop)`);
