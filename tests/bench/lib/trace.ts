// Chromium traces of a page's main thread, for the profiles (*.profile.ts): each event's CPU time, which
// a loaded machine does not inflate as it does wall time, and (PROFILE_TIMELINE=1) its tasks in order.
import type { CDPSession } from '@playwright/test';

interface TraceEvent {
  name: string;
  ph: string;
  dur?: number;
  /** the thread's CPU time, which a loaded machine does not inflate */
  tdur?: number;
  tid: number;
  pid: number;
  args?: Record<string, unknown>;
}

/** The events of a Chromium trace of `action`, in the given categories, typed as the caller reads them. */
export async function recordTrace<E>(cdp: CDPSession, action: () => Promise<void>, categories: string): Promise<E[]> {
  const events: E[] = [];
  // the protocol types trace events as string maps; these fields are what Chromium's trace format holds
  const onData = (e: { value: Array<Record<string, unknown>> }) => events.push(...(e.value as unknown as E[]));
  cdp.on('Tracing.dataCollected', onData);
  await cdp.send('Tracing.start', { categories, transferMode: 'ReportEvents' });
  await action();
  const done = new Promise<void>((res) => cdp.once('Tracing.tracingComplete', () => res()));
  await cdp.send('Tracing.end');
  await done;
  cdp.off('Tracing.dataCollected', onData);
  return events;
}

/** Records a Chromium trace of `action` and sums the browser's complete events by name, with the longest of each. */
export async function traceOf(cdp: CDPSession, action: () => Promise<void>): Promise<string> {
  const events = await recordTrace<TraceEvent>(cdp, action, 'devtools.timeline,disabled-by-default-devtools.timeline,blink');
  const timeline = process.env['PROFILE_TIMELINE'] ? taskTimeline(events) : '';
  // the renderer's main thread only: the page's own work, what a user waits for
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.['name'] === 'CrRendererMain');
  const by = new Map<string, { total: number; max: number; cpu: number; cpuMax: number; count: number }>();
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined) continue;
    if (main && (e.tid !== main.tid || e.pid !== main.pid)) continue;
    const r = by.get(e.name) ?? { total: 0, max: 0, cpu: 0, cpuMax: 0, count: 0 };
    r.total += e.dur / 1000;
    r.max = Math.max(r.max, e.dur / 1000);
    const cpu = (e.tdur ?? e.dur) / 1000;
    r.cpu += cpu;
    r.cpuMax = Math.max(r.cpuMax, cpu);
    r.count++;
    by.set(e.name, r);
  }
  return [...by]
    .sort((a, b) => b[1].cpu - a[1].cpu)
    .slice(0, 30)
    .map(
      ([k, r]) =>
        `${r.cpu.toFixed(1).padStart(9)} ms CPU ${r.cpuMax.toFixed(1).padStart(7)} longest | wall ${r.total.toFixed(1).padStart(8)} ${r.max.toFixed(1).padStart(7)} longest ${String(r.count).padStart(6)}×  ${k}`,
    )
    .join('\n') + timeline;
}

/** A trace event's name, with its type and the JS function and place it ran, when it says them. */
export function eventLabel(e: { name: string; args?: object }): string {
  const data = ((e.args as { data?: unknown } | undefined)?.data ?? {}) as Record<string, unknown>;
  const fn = typeof data['functionName'] === 'string' ? data['functionName'] : '';
  const url = typeof data['url'] === 'string' ? data['url'].split('/').pop() : '';
  const at = fn || url ? ` ${fn || '(anonymous)'}@${url}:${String(data['lineNumber'] ?? '')}` : '';
  const type = typeof data['type'] === 'string' ? ` ${data['type']}` : '';
  return `${e.name}${type}${at}`;
}

interface TimedEvent extends TraceEvent {
  ts: number;
}

/**
 * PROFILE_TIMELINE=1: the main thread's tasks over 4 ms of CPU, in the order they ran, each with the
 * heaviest events inside it (JS calls named by function and place), to see what happens before a paint.
 */
function taskTimeline(all: TraceEvent[]): string {
  const main = all.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.['name'] === 'CrRendererMain');
  const events = (all as TimedEvent[]).filter((e) => e.ph === 'X' && e.dur !== undefined && (!main || (e.tid === main.tid && e.pid === main.pid)));
  events.sort((a, b) => a.ts - b.ts);
  const tasks = events.filter((e) => e.name === 'RunTask' && ((e.tdur ?? e.dur ?? 0) as number) > 4000);
  const t0 = events[0]?.ts ?? 0;
  const what = eventLabel;
  const lines: string[] = [];
  for (const task of tasks) {
    const end = task.ts + (task.dur ?? 0);
    const inside = events.filter((e) => e !== task && e.ts >= task.ts && e.ts < end && e.name !== 'RunTask' && ((e.tdur ?? e.dur ?? 0) as number) > 1000);
    const top = inside
      .filter((e) => ['FunctionCall', 'EventDispatch', 'TimerFire', 'FireAnimationFrame', 'HandlePostMessage', 'Layout', 'UpdateLayoutTree', 'Paint', 'ParseHTML', 'MinorGC', 'MajorGC', 'v8.run', 'FireIdleCallback', 'EvaluateScript'].includes(e.name))
      .sort((a, b) => ((b.tdur ?? b.dur ?? 0) as number) - ((a.tdur ?? a.dur ?? 0) as number))
      .slice(0, 4)
      .map((e) => `${what(e)} ${(((e.tdur ?? e.dur ?? 0) as number) / 1000).toFixed(1)}`);
    // none of those: the heaviest events of any name, summed by name (a task of many short calls)
    if (top.length === 0) {
      const by = new Map<string, { ms: number; count: number }>();
      for (const e of inside.length > 0 ? inside : events.filter((e) => e !== task && e.ts >= task.ts && e.ts < end && e.name !== 'RunTask')) {
        const r = by.get(what(e)) ?? { ms: 0, count: 0 };
        r.ms += ((e.tdur ?? e.dur ?? 0) as number) / 1000;
        r.count++;
        by.set(what(e), r);
      }
      top.push(...[...by].sort((a, b) => b[1].ms - a[1].ms).slice(0, 4).map(([k, r]) => `${k} ${r.ms.toFixed(1)}/${r.count}×`));
    }
    lines.push(`  +${((task.ts - t0) / 1000).toFixed(0).padStart(6)} ms  task ${(((task.tdur ?? task.dur ?? 0) as number) / 1000).toFixed(1).padStart(6)} CPU ${((task.dur ?? 0) / 1000).toFixed(1).padStart(6)} wall: ${top.join(' | ')}`);
  }
  return `\n  -- tasks over 4 ms CPU, in order --\n${lines.join('\n')}`;
}

