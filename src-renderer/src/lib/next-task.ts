// A pause between the steps of a long job on the page's thread (opening a book: reading its pack,
// checking it, unpacking it, making the editor), so that no one task holds the page for all of them.

/**
 * Resolves in a later task: with `scheduler.yield()` where the browser has it, which resumes ahead of
 * other queued work (a worker's message, a timer), else after a zero timeout (as in unit tests).
 */
export function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}
