'use strict';
/** Starting the processes under test, waiting for them, and sampling their resident memory. */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const http = require('node:http');

const children = [];

function start(name, script, env, { cwd, args = [] } = {}) {
  const logFile = path.join(require('node:os').tmpdir(), `motcua-bench-${name}.log`);
  const out = fs.openSync(logFile, 'w');
  const child = spawn(process.execPath, [...args, script], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', out, out] });
  child.benchName = name;
  child.logFile = logFile;
  children.push(child);
  child.on('exit', (code, signal) => {
    child.exited = { code, signal };
  });
  return child;
}

function get(port, p) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: p }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => req.destroy());
  });
}

async function waitHttp(child, port, p, timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exited) throw new Error(`${child.benchName} exited (${JSON.stringify(child.exited)}); see ${child.logFile}:\n${tail(child.logFile)}`);
    if ((await get(port, p)) === 200) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${child.benchName} not ready on :${port}${p} after ${timeoutMs} ms; see ${child.logFile}`);
}

/** Waits for a line matching `pattern` in the child's log (for processes without HTTP). */
async function waitLog(child, pattern, timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exited) throw new Error(`${child.benchName} exited (${JSON.stringify(child.exited)}):\n${tail(child.logFile)}`);
    if (pattern.test(fs.readFileSync(child.logFile, 'utf8'))) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${child.benchName}: no ${pattern} in ${child.logFile} after ${timeoutMs} ms`);
}

function tail(file, n = 20) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-n).join('\n');
  } catch {
    return '';
  }
}

/**
 * Resident memory in MB, from /proc: a file read of a few microseconds. (Spawning `ps` for it took
 * milliseconds per process, synchronously, stalling the load generator in the same process more in
 * the service's phases, which have more processes to sample, than in the baselines'.)
 */
function rssMb(pid) {
  try {
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? null : Math.round(Number(kb) / 1024);
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
function cpuSeconds(pid) {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return null;
  }
}

/** Busy and total jiffies of the whole machine (all processes, including other users' and PostgreSQL). */
function machineJiffies() {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3] + f[4];
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/**
 * Samples RSS of the given processes every `everyMs` until stopped; returns max and last RSS per
 * name, the CPU each used over the window (in cores) and how busy the whole machine was.
 */
function sampleRss(procs, everyMs = 500) {
  const stats = {};
  const t0 = performance.now();
  const m0 = machineJiffies();
  for (const p of procs) stats[p.benchName] = { pid: p.pid, maxMb: 0, samples: 0, lastMb: null, cpu0: cpuSeconds(p.pid) };
  const tick = () => {
    for (const p of procs) {
      const mb = rssMb(p.pid);
      if (mb === null) continue;
      const s = stats[p.benchName];
      s.samples++;
      s.lastMb = mb;
      if (mb > s.maxMb) s.maxMb = mb;
    }
  };
  tick();
  const timer = setInterval(tick, everyMs);
  return () => {
    clearInterval(timer);
    tick();
    const secs = (performance.now() - t0) / 1000;
    for (const p of procs) {
      const s = stats[p.benchName];
      const c1 = cpuSeconds(p.pid);
      s.cpuCores = s.cpu0 !== null && c1 !== null ? Math.round(((c1 - s.cpu0) / secs) * 100) / 100 : null;
      delete s.cpu0;
    }
    const m1 = machineJiffies();
    stats.machineBusyPct = Math.round(((m1.busy - m0.busy) / (m1.total - m0.total)) * 1000) / 10;
    return stats;
  };
}

/** sampleRss results of slices of equal length as one: the highest RSS, the mean CPU and machine use. */
function mergeRss(slices) {
  const merged = {};
  const mean = (values) => (values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100 : null);
  for (const name of Object.keys(slices[0] ?? {}).filter((key) => key !== 'machineBusyPct')) {
    const own = slices.map((slice) => slice[name]).filter(Boolean);
    merged[name] = {
      pid: own[0].pid,
      maxMb: Math.max(...own.map((s) => s.maxMb)),
      samples: own.reduce((n, s) => n + s.samples, 0),
      lastMb: own[own.length - 1].lastMb,
      cpuCores: mean(own.map((s) => s.cpuCores).filter((c) => c !== null)),
    };
  }
  merged.machineBusyPct = Math.round(mean(slices.map((slice) => slice.machineBusyPct)) * 10) / 10;
  return merged;
}

async function stop(child) {
  if (!child || child.exited) return;
  child.kill('SIGTERM');
  const until = Date.now() + 15_000;
  while (!child.exited && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  if (!child.exited) child.kill('SIGKILL');
}

async function stopAll() {
  for (const c of children.splice(0)) await stop(c);
}

/** Kills whatever is still running, at once: the runner's last act when it dies (a signal, a crash). */
function killAllNow() {
  for (const c of children.splice(0)) if (!c.exited) c.kill('SIGKILL');
}

module.exports = { start, waitHttp, waitLog, sampleRss, stop, stopAll, killAllNow, rssMb, tail, mergeRss };
