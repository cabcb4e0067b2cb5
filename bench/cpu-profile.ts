import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

/**
 * Samples the CPU of this process while `work` runs (the V8 profiler through the inspector, the
 * same data as `node --cpu-prof`, but only for the part worth looking at), writes the profile for
 * Chrome DevTools and returns the self time by area and by function.
 */
export async function profileCpu<T>(file: string, work: () => Promise<T>) {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  const stop = async () => {
    const { profile } = (await session.post('Profiler.stop')) as { profile: Profile };
    session.disconnect();
    return profile;
  };
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await stop();
    throw error;
  }
  const profile = await stop();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(profile));
  return { result, summary: summarise(profile) };
}

export interface ProfileSummary {
  totalMs: number;
  byArea: [string, number][];
  byFunction: [string, number][];
}

/** Self time per function and per area (SQLite, Kysely, pipeline, ...), largest first. */
function summarise(profile: Profile): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let index = 0; index < samples.length; index++) {
    const id = samples[index] as number;
    selfMs.set(id, (selfMs.get(id) ?? 0) + (deltas[index] ?? 0) / 1000);
  }
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let totalMs = 0;
  for (const [id, milliseconds] of selfMs) {
    const node = byId.get(id);
    if (!node) continue;
    totalMs += milliseconds;
    const { functionName, url, lineNumber } = node.callFrame;
    const area = areaOf(functionName, url);
    byArea.set(area, (byArea.get(area) ?? 0) + milliseconds);
    // tsx-compiled sources report line 0; their function names are unique enough.
    const where = url ? `${shortUrl(url)}${lineNumber > 0 ? `:${lineNumber + 1}` : ''}` : area;
    const label = `${functionName || '(anonymous)'} ${where}`;
    byFunction.set(label, (byFunction.get(label) ?? 0) + milliseconds);
  }
  const sorted = (map: Map<string, number>) => [...map.entries()].sort((a, b) => b[1] - a[1]);
  return { totalMs, byArea: sorted(byArea), byFunction: sorted(byFunction) };
}

function areaOf(functionName: string, url: string): string {
  if (functionName === '(idle)') return 'idle (waiting)';
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (functionName === '(program)') return 'V8/native other';
  // better-sqlite3's native methods: `Statement` compiles SQL, `run`/`all`/`get` execute it.
  if (!url && functionName === 'Statement') return 'SQLite prepare (native)';
  if (!url && ['run', 'all', 'get', 'iterate', 'exec'].includes(functionName)) {
    return 'SQLite execute (native)';
  }
  // better-sqlite3's prepare/run/all are native functions without a frame of their own: the
  // profiler charges SQLite's time to the JS function that called them, Kysely's driver here.
  if (url.includes('kysely/dist/esm/dialect/sqlite/sqlite-driver')) {
    return 'SQLite (native prepare + execute, via the Kysely driver)';
  }
  if (url.includes('better-sqlite3/lib/methods/transaction')) return 'SQLite (bench prefill)';
  if (url.includes('node_modules/kysely')) return 'Kysely (build + compile SQL)';
  if (url.includes('node_modules/better-sqlite3')) return 'better-sqlite3 JS';
  if (url.includes('node_modules/@sinclair/typebox')) return 'TypeBox';
  if (url.includes('/src/pipeline/')) return 'src/pipeline';
  if (url.includes('/src/modules/')) return 'src/modules';
  if (url.includes('/src/platform/')) return 'src/platform';
  if (url.includes('/bench/')) return 'bench';
  if (url.startsWith('node:')) return 'node internals';
  if (!url) return `native: ${functionName || '(anonymous)'}`;
  return 'other JS';
}

function shortUrl(url: string): string {
  const at = url.search(/\/(src|bench|node_modules)\//);
  return at === -1 ? url : url.slice(at + 1);
}
