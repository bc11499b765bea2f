// Summarises a V8 .cpuprofile (from `npm run bench -- --cpu-prof`): self time by function and by
// package, so "where does the API spend its CPU" is one command.  node bench/profile-top.mjs <file>
import fs from 'node:fs';

const file = process.argv[2];
if (!file) throw new Error('usage: node bench/profile-top.mjs <file.cpuprofile>');
const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
const self = new Map();
const dt = new Map();
for (let i = 0; i < prof.samples.length; i++) dt.set(prof.samples[i], (dt.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i] ?? 0));
let total = 0;
const byPkg = new Map();
for (const n of prof.nodes) {
  const t = (dt.get(n.id) ?? 0) / 1000;
  total += t;
  const cf = n.callFrame;
  const key = `${cf.functionName || '(anonymous)'} ${cf.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(apps|bench)\//, '$1/')}:${cf.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + t);
  const pkg = cf.url.includes('node_modules/') ? cf.url.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+).*$/, '$1') : cf.url.includes('/apps/api/') ? 'apps/api' : cf.url.startsWith('node:') ? 'node core' : cf.functionName.startsWith('(') ? cf.functionName : '(native/other)';
  byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + t);
}
const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${((v / total) * 100).toFixed(1).padStart(5)} %  ${k}`).join('\n');
console.log(`total ${(total / 1000).toFixed(1)} s sampled\n\nby package:\n${top(byPkg, 15)}\n\nby function (self):\n${top(self, 25)}`);
