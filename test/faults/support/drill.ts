import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { projectRoot } from '@motcua/config';

/**
 * Fault drills run real processes on private servers; sizes scale with FAULT_SCALE (1 = the full drill).
 * Their ports lie below Linux's ephemeral range (32768–60999): no client socket of a busy machine can hold one.
 */
export const FAULT_SCALE = Number(process.env.FAULT_SCALE ?? '1');
export const scaled = (n: number) => Math.max(10, Math.round(n * FAULT_SCALE));
const root = projectRoot();

export function summary(name: string, facts: Record<string, string | number | boolean>, startedAt: number): void {
  const text = Object.entries(facts).map(([k, v]) => `${k}=${v}`).join(' ');
  process.stdout.write(`\nfault ${name}: ${text} (${((Date.now() - startedAt) / 1000).toFixed(1)} s)\n`);
}

export async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755); // the postgres system user must reach it when running as root
  return dir;
}

export interface PrivateRedis {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startRedis(port: number): Promise<PrivateRedis> {
  const child = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  await sleep(300);
  return {
    url,
    process: child,
    stop: async () => {
      child.kill('SIGKILL');
    },
  };
}

export interface PrivatePostgres {
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A private PostgreSQL that the drill may stop and start; its data survives restarts. */
export async function privatePostgres(port: number): Promise<PrivatePostgres> {
  const dir = tempDir('motcua-fault-pg-');
  let child: ChildProcess | undefined;
  const url = `postgres://postgres:fault@127.0.0.1:${port}/postgres`;
  const server: PrivatePostgres = {
    url,
    async start() {
      child = spawn(process.execPath, [join(root, 'test/faults/support/postgres-server.mjs'), dir, String(port)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve, reject) => {
        child!.stdout!.on('data', (chunk) => String(chunk).includes('ready') && resolve());
        child!.once('exit', (code) => reject(new Error(`postgres exited with ${code}`)));
      });
    },
    async stop() {
      if (!child) return;
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      child = undefined;
    },
  };
  await server.start();
  return server;
}

export async function query<T = Record<string, unknown>>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined); // a server shutting down also reports on the connection: the query rejects anyway
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

export interface AppProcess {
  name: string;
  process: ChildProcess;
  output: () => string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts one built app (`npm run build` first) against the given servers. */
export function startApp(app: 'intake-api' | 'workflow-engine' | 'notification-worker', env: Record<string, string>): AppProcess {
  const main = join(root, `dist/apps/${app}/src/main.js`);
  if (!existsSync(main)) throw new Error(`${main} is missing: run npm run build`);
  const child = spawn(process.execPath, [main], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', QUEUE_PREFIX: '{fault}', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c) => (output = (output + c).slice(-200000)));
  child.stderr!.on('data', (c) => (output = (output + c).slice(-200000)));
  return {
    name: app,
    process: child,
    output: () => output,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      await exited;
    },
  };
}

/** Waits for the API's readiness; if it never comes, fails with what the started apps printed, to show why. */
export async function waitReady(baseUrl: string, apps: AppProcess[], timeoutMs = 60_000): Promise<void> {
  let last = 'no answer';
  const ready = async () => {
    const response = await fetch(`${baseUrl}/api/v1/health/ready`);
    last = `${response.status} ${await response.text()}`;
    return response.status === 200;
  };
  try {
    await until(ready, timeoutMs, `${baseUrl} to be ready`);
  } catch (error) {
    const outputs = apps.map((app) => `--- ${app.name} (exit ${app.process.exitCode ?? app.process.signalCode ?? 'none'}):\n${app.output().slice(-3000)}`);
    throw new Error(`${(error as Error).message}; last readiness answer: ${last.slice(0, 1000)}\n${outputs.join('\n')}`);
  }
}
