// Summarises a V8 .cpuprofile (node --cpu-prof) by package: where a server's CPU time goes.
// `tsx bench/profile-summary.ts <file.cpuprofile>`
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string };
}
const [file] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile>');
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[] };
const byId = new Map(profile.nodes.map((n) => [n.id, n]));

function bucket(node: Node): string {
  const { url, functionName } = node.callFrame;
  if (!url) return functionName.startsWith('(') ? functionName : `(native) ${functionName || 'anonymous'}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] as string;
  if (url.startsWith('node:')) return url;
  // build/ is src/ as `npm start` runs it (scripts/build.mjs)
  const own = /\/(?:src|build)\/(.*)$/.exec(url)?.[1];
  if (own?.startsWith('generated/')) return 'src/generated (Prisma client)';
  if (own !== undefined) return `src/${own.replace(/\.js$/, '.ts')}`;
  return url.split('/').slice(-2).join('/');
}

const counts = new Map<string, number>();
for (const id of profile.samples) {
  const node = byId.get(id);
  if (!node) continue;
  const key = bucket(node);
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
const total = profile.samples.length;
for (const [key, n] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
  console.log(`${((100 * n) / total).toFixed(1).padStart(5)}%  ${key}`);
}
