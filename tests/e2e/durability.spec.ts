// Kill test: edits, then the app's process killed (SIGKILL) at a random moment, many times over on the
// same profile. After each restart the database opens, every edit the screen had called saved is
// there, and what is stored is exactly the state after some whole number of edits (no half edit).
import { test, expect } from './fixtures';
import { dragSelect, importText, storedSpans } from './helpers';
import { Rng } from '../bench/lib/prng';

const WORDS = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot', 'Golf', 'Hotel', 'India', 'Juliett', 'Kilo', 'Lima', 'Mike', 'November', 'Oscar', 'Papa', 'Quebec', 'Romeo', 'Sierra', 'Tango', 'Uniform', 'Victor', 'Whiskey', 'Xray', 'Yankee', 'Zulu', 'Paris', 'Berlin', 'Madrid', 'Lisboa', 'Wien', 'Praha', 'Oslo', 'Dublin', 'Bern', 'Athina', 'Sofia', 'Riga', 'Vilnius', 'Tallinn'];
const TEXT = Array.from({ length: 8 }, (_, i) => `${WORDS.slice(i * 5, i * 5 + 5).join(' et ')} sont dans la liste.`).join('\n');
const LABELS = ['PER', 'ORG', 'LOC', 'DATE', 'EVENT', 'QUOTE'];
const CYCLES = 8;

type Op = { kind: 'add'; word: string; label: string; session: number } | { kind: 'undo'; session: number };

/** The spans after the first `k` edits: an undo takes back its session's latest edit not yet undone. */
function stateAfter(ops: readonly Op[], k: number): string[] {
  const spans: Array<{ key: string; session: number }> = [];
  for (const op of ops.slice(0, k)) {
    if (op.kind === 'add') spans.push({ key: `${op.word}|${op.label}`, session: op.session });
    else {
      const i = spans.map((s) => s.session).lastIndexOf(op.session);
      if (i >= 0) spans.splice(i, 1);
    }
  }
  return spans.map((s) => s.key).sort();
}

test('every edit shown as saved survives the app being killed at random moments', async ({ glose }) => {
  test.setTimeout(300_000);
  const seed = Number(process.env['GLOSE_KILL_SEED'] ?? 20_250_320);
  console.log(`kill test seed: ${seed} (set GLOSE_KILL_SEED to replay another)`);
  const rng = new Rng(seed);
  await importText(glose, 'liste.txt', TEXT);

  let ops: Op[] = [];
  let confirmed = 0;
  const free = new Set(WORDS);
  let killsMidWrite = 0;
  for (let cycle = 0; cycle < CYCLES; cycle++) {
    const page = glose.page;
    let undoable = 0;
    const edits = rng.int(2, 6);
    for (let i = 0; i < edits; i++) {
      if (undoable > 0 && rng.chance(0.25)) {
        await page.getByRole('document', { name: 'Document text' }).focus();
        await page.keyboard.press('Control+z');
        ops.push({ kind: 'undo', session: cycle });
        undoable--;
      } else {
        const word = rng.pick([...free]);
        const label = rng.int(1, LABELS.length);
        await dragSelect(page, word);
        await page.keyboard.press(String(label));
        ops.push({ kind: 'add', word, label: LABELS[label - 1] as string, session: cycle });
        free.delete(word);
        undoable++;
      }
      // sometimes the user sees "All changes saved" before going on: from then on the edit must survive
      if (rng.chance(0.5)) {
        await expect(page.getByTestId('save-state')).toHaveText('All changes saved');
        confirmed = ops.length;
      }
    }
    // kill at once (a write may be under way) or a little later
    if (rng.chance(0.5)) await page.waitForTimeout(rng.int(1, 40));
    if ((await page.getByTestId('save-state').textContent()) === 'All changes saved') confirmed = ops.length;
    else killsMidWrite++;
    await glose.kill();

    // the database opens cleanly on the same profile
    await glose.restart();
    await expect(glose.page.getByText('Glose could not open its database')).toHaveCount(0);
    const stored = (await storedSpans(glose.page, 'liste.txt')).map((s) => `${s.text}|${s.label}`).sort();
    const k = [...Array(ops.length + 1).keys()].reverse().find((n) => n >= confirmed && JSON.stringify(stateAfter(ops, n)) === JSON.stringify(stored));
    expect(k, `cycle ${cycle}: stored ${JSON.stringify(stored)} is not the state after ${confirmed}…${ops.length} edits of ${JSON.stringify(ops)}`).toBeDefined();
    // the document's span count was written in the same transaction as the spans
    await expect(glose.page.getByRole('option', { name: /liste\.txt/ })).toContainText(`${stored.length} span`);
    // edits that did not reach the disk are forgotten; their words can be used again
    for (const op of ops.slice(k as number)) if (op.kind === 'add') free.add(op.word);
    ops = ops.slice(0, k as number);
    confirmed = ops.length;
  }
  console.log(`kill test: ${CYCLES} kills, ${killsMidWrite} while a write was under way, ${stateAfter(ops, ops.length).length} spans at the end`);
});
