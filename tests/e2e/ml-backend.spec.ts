// The model served by the user, from the page's side: window.glose sets the URL and asks for
// proposals; main (or the bridge, with the very same services) asks the user before the first call,
// sends nothing on a "Don't send", and hands back spans in UTF-16 offsets. This checks the API the
// reader's model recommender calls, on whichever target runs.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GloseApi, MlPredictRequest } from '../../src-main/contract';
import { test, expect } from './fixtures';

const doc: MlPredictRequest = { documentId: 'd1', text: '👩‍🔬 Émile Zola à Paris', labels: ['PER', 'LOC'] };

test('the page reaches the user’s model only through main, once the user says yes', async ({ glose }) => {
  const { page } = glose;
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      // code points, as a Python backend counts: "👩‍🔬 " is 4 of them and 6 UTF-16 units
      res.end(JSON.stringify({ results: [{ result: [{ from_name: 'label', to_name: 'text', type: 'labels', value: { start: 4, end: 14, text: 'Émile Zola', labels: ['PER'] } }], model_version: 'v1' }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  type Page = { glose: GloseApi };
  const status = () => page.evaluate(() => (window as unknown as Page).glose.suggestBackend());
  const set = (u: string) => page.evaluate((u) => (window as unknown as Page).glose.suggestSetBackend(u), u);
  const predict = () => page.evaluate((d) => (window as unknown as Page).glose.suggestPredict(d), doc);
  try {
    expect(await status()).toEqual({ url: null, consent: null });
    await set(url);
    await glose.stubConfirm(false);
    expect(await predict()).toMatchObject({ ok: false, problem: 'declined' });
    expect(seen).toEqual([]);
    // setting the URL again asks again (the answer is staged first: the reader's own recommender may
    // ask the model the moment the URL is set, and must get the same yes)
    await glose.stubConfirm(true);
    await set(url);
    expect(await predict()).toEqual({
      ok: true,
      documentId: 'd1',
      url,
      modelVersion: 'v1',
      proposals: [{ start: 6, end: 16, label: 'PER', text: 'Émile Zola', score: null }],
      dropped: { notSpans: 0, badRange: 0, textMismatch: 0, unknownLabel: 0, duplicate: 0 },
    });
    // the reader asks the model for the open document too (the model is a reader recommender):
    // only ever /predict, and only after the yes
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect([...new Set(seen)]).toEqual(['POST /predict']);
    expect(await status()).toEqual({ url, consent: 'allowed' });
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
