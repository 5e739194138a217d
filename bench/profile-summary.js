'use strict';
/** `node bench/profile-summary.js file.cpuprofile [n]`: top functions by self and by inclusive time. */
const fs = require('node:fs');
const prof = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const n = Number(process.argv[3] ?? 25);
const byId = new Map(prof.nodes.map((x) => [x.id, x]));
const self = new Map();
const dt = prof.timeDeltas;
prof.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (dt[i] ?? 0)));
const parent = new Map();
for (const x of prof.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
const label = (x) => `${x.callFrame.functionName || '(anon)'} ${x.callFrame.url.replace(/^.*node_modules\//, 'nm:').replace(/^.*motcua-bench-dist-[^/]+\/dist\//, '')}:${x.callFrame.lineNumber + 1}`;
const selfBy = new Map();
const totalBy = new Map();
let all = 0;
for (const [id, us] of self) {
  all += us;
  const x = byId.get(id);
  selfBy.set(label(x), (selfBy.get(label(x)) ?? 0) + us);
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const l = label(byId.get(cur));
    if (seen.has(l)) continue;
    seen.add(l);
    totalBy.set(l, (totalBy.get(l) ?? 0) + us);
  }
}
const pct = (us) => `${((us / all) * 100).toFixed(1)}%`;
const top = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([l, us]) => `${pct(us).padStart(6)}  ${l}`).join('\n');
console.log(`total sampled ${(all / 1e6).toFixed(1)} s\n-- self --\n${top(selfBy)}\n-- inclusive --\n${top(totalBy)}`);
