// Kill test: edits, then the app's process killed (SIGKILL), many times over on the same profile.
// After each restart the database opens, every edit the screen had called saved is there, and what
// is stored is exactly the state after some whole number of edits (no half edit). The load is
// write-heavy (label all matches over thousands of words, and its undo) and the kills are aimed:
// while the screen says "Saving…", just after it says "All changes saved", or after a random pause.
import { test, expect } from './fixtures';
import { dragSelect, importText, storedSpans } from './helpers';
import { Rng } from '../bench/lib/prng';
import type { Page } from '@playwright/test';

/** Words that occur once, tagged one at a time with the mouse and a label key. */
const SINGLE = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot', 'Golf', 'Hotel', 'India', 'Juliett', 'Kilo', 'Lima', 'Mike', 'November', 'Oscar', 'Papa', 'Quebec', 'Romeo', 'Sierra', 'Tango', 'Uniform', 'Victor', 'Whiskey', 'Yankee', 'Zulu', 'Amber', 'Basalt', 'Cobalt', 'Fjord', 'Granite', 'Harbor', 'Jasper', 'Kestrel', 'Lagoon', 'Meadow', 'Nimbus', 'Orchid', 'Pebble', 'Quartz', 'Saffron'];
/** Words that occur BULK_COUNT times each, tagged all at once with "Label all matches". */
const BULK = ['Paris', 'Berlin', 'Madrid', 'Lisboa', 'Wien', 'Praha', 'Oslo', 'Dublin', 'Riga', 'Sofia', 'Roma', 'Bern', 'Kyiv', 'Minsk', 'Tallinn', 'Vilnius', 'Zagreb', 'Sarajevo', 'Tirana', 'Skopje'];
const BULK_COUNT = 1_500;
const LABELS = ['PER', 'ORG', 'LOC', 'DATE', 'EVENT', 'QUOTE'];
const CYCLES = 8;
/** Kills whose moment is aimed inside a write; at least MIN_MID_WRITE of them must land there. A
 *  faster machine finishes more writes before the kill arrives, so after the CYCLES planned kills the
 *  test goes on aiming inside writes, up to MAX_CYCLES, until that many have landed. */
const MIN_MID_WRITE = 3;
const MAX_CYCLES = BULK.length;

function buildText(): string {
  const lines = SINGLE.map((w) => `${w} ouvre la liste du jour.`);
  // one bulk word per sentence, twelve sentences a line: ~2,500 lines, ~280,000 characters
  const bulk = BULK.flatMap((w) => Array.from({ length: BULK_COUNT }, () => w));
  for (let i = 0; i < bulk.length; i += 12) lines.push(bulk.slice(i, i + 12).map((w) => `${w} est ici.`).join(' '));
  return lines.join('\n');
}

type Op =
  | { kind: 'add'; word: string; label: string; session: number }
  | { kind: 'bulk'; word: string; label: string; session: number }
  | { kind: 'undo'; session: number };

/** The spans after the first `k` edits, as "text|label" (a bulk edit adds one per occurrence). */
function stateAfter(ops: readonly Op[], k: number): string[] {
  const done: Array<Exclude<Op, { kind: 'undo' }>> = [];
  for (const op of ops.slice(0, k)) {
    if (op.kind !== 'undo') done.push(op);
    else {
      // an undo takes back its session's latest edit not yet undone
      const i = done.map((d) => d.session).lastIndexOf(op.session);
      if (i >= 0) done.splice(i, 1);
    }
  }
  return done.flatMap((d) => Array.from({ length: d.kind === 'bulk' ? BULK_COUNT : 1 }, () => `${d.word}|${d.label}`)).sort();
}

type Aim = 'saving' | 'saved' | 'pause';

async function saveState(page: Page): Promise<string | null> {
  return page.getByTestId('save-state').textContent();
}

test('every edit shown as saved survives the app being killed, also in the middle of a large write', async ({ glose }) => {
  test.setTimeout(600_000);
  const seed = Number(process.env['GLOSE_KILL_SEED'] ?? 20_250_320);
  console.log(`kill test seed: ${seed} (set GLOSE_KILL_SEED to replay another)`);
  const rng = new Rng(seed);
  await importText(glose, 'liste.txt', buildText());

  // Half the kills are aimed inside a write, a quarter just after "All changes saved" (an app that
  // said so before the write was stored would lose the edit there), a quarter after a random pause.
  const aims: Aim[] = ['saving', 'saving', 'saving', 'saving', 'saved', 'saved', 'pause', 'pause'];
  for (let i = aims.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [aims[i], aims[j]] = [aims[j] as Aim, aims[i] as Aim];
  }

  let ops: Op[] = [];
  let confirmed = 0;
  const freeSingle = new Set(SINGLE);
  const freeBulk = new Set(BULK);
  let killsMidWrite = 0;
  let killsAfterSaved = 0;
  let cycle = 0;
  for (; cycle < MAX_CYCLES && (cycle < CYCLES || killsMidWrite < MIN_MID_WRITE); cycle++) {
    const page = glose.page;
    const text = page.getByRole('document', { name: 'Document text' });
    let undoable = 0;
    for (let i = rng.int(1, 3); i > 0; i--) {
      if (undoable > 0 && (rng.chance(0.25) || freeSingle.size === 0)) {
        await text.focus();
        await page.keyboard.press('Control+z');
        ops.push({ kind: 'undo', session: cycle });
        undoable--;
      } else if (freeSingle.size > 0) {
        const word = rng.pick([...freeSingle]);
        const label = LABELS[rng.int(0, LABELS.length - 1)] as string;
        await dragSelect(page, word);
        await page.keyboard.press(String(LABELS.indexOf(label) + 1));
        ops.push({ kind: 'add', word, label, session: cycle });
        freeSingle.delete(word);
        undoable++;
      }
      if (rng.chance(0.5)) {
        await expect(page.getByTestId('save-state')).toHaveText('All changes saved');
        confirmed = ops.length;
      }
    }
    await expect(page.getByTestId('save-state')).toHaveText('All changes saved');
    confirmed = ops.length;

    // the large write the kill is aimed at: label all matches of a bulk word
    const word = rng.pick([...freeBulk]);
    const label = LABELS[rng.int(0, LABELS.length - 1)] as string;
    await page.keyboard.press('Control+f');
    const search = page.getByRole('search', { name: 'Find in document' });
    await search.getByRole('searchbox', { name: 'Find in document' }).fill(word);
    await expect(search.getByRole('status')).toHaveText(`1 of ${BULK_COUNT.toLocaleString('en')} matches`);
    await search.getByRole('combobox', { name: 'Label for all matches' }).selectOption({ label });
    await search.getByRole('button', { name: 'Label all matches' }).click();
    ops.push({ kind: 'bulk', word, label, session: cycle });
    freeBulk.delete(word);

    const aim: Aim = aims[cycle] ?? 'saving';
    let shown: string | null;
    if (aim === 'saved') {
      await expect(page.getByTestId('save-state')).toHaveText('All changes saved', { timeout: 60_000 });
      shown = 'All changes saved';
      killsAfterSaved++;
    } else {
      if (aim === 'pause') await page.waitForTimeout(rng.int(1, 300));
      shown = await saveState(page);
    }
    await glose.kill();
    if (shown === 'All changes saved') confirmed = ops.length;

    // the database opens cleanly on the same profile
    await glose.restart();
    await expect(glose.page.getByText('Glose could not open its database')).toHaveCount(0);
    const stored = (await storedSpans(glose.page, 'liste.txt')).map((s) => `${s.text}|${s.label}`).sort();
    const storedKey = JSON.stringify(stored);
    const k = [...Array(ops.length + 1).keys()].reverse().find((n) => n >= confirmed && JSON.stringify(stateAfter(ops, n)) === storedKey);
    expect(k, `cycle ${cycle} (${aim}): stored ${stored.length} spans, not the state after ${confirmed}…${ops.length} edits of ${JSON.stringify(ops)}`).toBeDefined();
    // the screen said "Saving…" and the large write is not stored: the kill landed inside it
    if (shown === 'Saving…' && (k as number) < ops.length) killsMidWrite++;
    // the document's span count was written in the same transaction as the spans (the list groups thousands)
    await expect(glose.page.getByRole('option', { name: /liste\.txt/ })).toHaveText(new RegExp(`(?<![\\d,])${stored.length.toLocaleString('en')} spans?\\s*$`));
    // edits that did not reach the disk are forgotten; their words can be used again
    for (const op of ops.slice(k as number)) {
      if (op.kind === 'add') freeSingle.add(op.word);
      if (op.kind === 'bulk') freeBulk.add(op.word);
    }
    ops = ops.slice(0, k as number);
    confirmed = ops.length;
  }
  console.log(
    `kill test: ${cycle} kills, ${killsMidWrite} inside a write that was then not stored, ${killsAfterSaved} just after "All changes saved", ` +
      `${stateAfter(ops, ops.length).length} spans at the end`,
  );
  expect(killsMidWrite, 'kills that landed while a write was under way').toBeGreaterThanOrEqual(MIN_MID_WRITE);
});
