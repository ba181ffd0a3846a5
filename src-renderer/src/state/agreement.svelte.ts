// The agreement screen's state: which layers are compared and on which documents, the figures computed
// in a worker with progress, and the report saved as CSV or as one HTML page. The same worker keeps the
// project's layer packs built in the background (after start-up, and once writes pause), so that
// opening the screen reads packs instead of every span.
import type { GloseDatabase } from '$db/database';
import { projectLayerNames, type ComparedLayer } from '$db/layers';
import { agreementCsv, agreementHtml, type CsvTable } from '../agreement/report';
import type { AgreementReport } from '../agreement/types';
import type { AgreementAnswer, AgreementRequest, ReportRequest } from '$db/agreement-worker';
import { PackKeeping } from '$db/pack-keeping';
import { READ_MEASURE, WORKER_MEASURE } from '../agreement/transfer';
import { errorText } from '$lib/text';
import type { Id } from '$model';
import { layerTitle } from './layers.svelte';
import { fmt, language, say, t, type Words } from './i18n.svelte';
import type { Settings } from './settings.svelte';
import type { Toasts } from './toasts.svelte';
import type { Workspace } from './workspace.svelte';

/**
 * Where the computation is: reading the layers (`total` is the layers that must be packed first, 0
 * while that is not known or none must), then computing, document by document.
 */
export interface AgreementProgress {
  phase: 'read' | 'compute';
  done: number;
  total: number;
}

/** Which documents count: those each compared annotator marked Done, or every one two of them annotated. */
export type DocumentChoice = 'done' | 'annotated';

/** Where the background packing is: waiting for a pause, packing, or every layer of the project packed. */
export type PacksState = 'waiting' | 'keeping' | 'kept';

/** How long writes must have paused before the layers are packed in the background. */
const PACKS_QUIET_MS = 1500;

export class Agreement {
  #open = $state(false);
  /** every layer that can be compared (null: the user's own) */
  #layers = $state.raw<Array<string | null>>([]);
  #chosen = $state.raw<Array<string | null>>([]);
  #documents = $state<DocumentChoice>('done');
  #progress = $state.raw<AgreementProgress | null>(null);
  #report = $state.raw<AgreementReport | null>(null);
  #names = $state.raw<Map<Id, string>>(new Map());
  #problem = $state<Words | null>(null);
  #packs = $state<PacksState>('waiting');
  private worker: Worker | null = null;
  private seq = 0;
  /** the newest keep request sent, and whether it is under way */
  private keepSeq = 0;
  private keeping = false;
  private stopKeeping: (() => void) | null = null;

  constructor(
    private readonly db: GloseDatabase,
    private readonly ws: Workspace,
    private readonly settings: Settings,
    private readonly toasts: Toasts,
  ) {}

  get isOpen(): boolean {
    return this.#open;
  }
  get layers(): Array<string | null> {
    return this.#layers;
  }
  get chosen(): Array<string | null> {
    return this.#chosen;
  }
  get documents(): DocumentChoice {
    return this.#documents;
  }
  /** while reading and computing */
  get progress(): AgreementProgress | null {
    return this.#progress;
  }
  get report(): AgreementReport | null {
    return this.#report;
  }
  /** the background packing of the project's layers */
  get packs(): PacksState {
    return this.#packs;
  }

  /** why there is no report */
  get problem(): string | null {
    return this.#problem === null ? null : say(this.#problem);
  }

  title(layer: string | null): string {
    return layerTitle(layer, this.settings.annotator);
  }

  docName(id: Id): string {
    return this.#names.get(id) ?? id;
  }

  /** Opens the screen on the user's layer and every colleague's, and computes at once. */
  async open(): Promise<void> {
    const projectId = this.ws.projectId;
    if (!projectId) return;
    await this.ws.editor?.flushed();
    const names = await projectLayerNames(this.db, projectId);
    this.#layers = [null, ...names];
    // the curated layer is compared on request only: it is made from the others
    this.#chosen = [null, ...names.filter((n) => n !== '')];
    this.#open = true;
    await this.compute();
  }

  close(): void {
    this.#open = false;
    this.seq++;
    this.#progress = null;
  }

  async toggle(layer: string | null): Promise<void> {
    this.#chosen = this.#chosen.includes(layer) ? this.#chosen.filter((l) => l !== layer) : this.#layers.filter((l) => l === layer || this.#chosen.includes(l));
    await this.compute();
  }

  async chooseDocuments(choice: DocumentChoice): Promise<void> {
    this.#documents = choice;
    await this.compute();
  }

  /** Reads the chosen layers and computes the figures in the worker; a newer request makes an older one's answer void. */
  async compute(): Promise<void> {
    const projectId = this.ws.projectId;
    if (!projectId) return;
    const seq = ++this.seq;
    this.#problem = null;
    if (this.#chosen.length < 2) {
      this.#report = null;
      this.#problem = this.#layers.length < 2 ? () => t().agreement.needsTwo : () => t().agreement.chooseTwo;
      return;
    }
    const compared: ComparedLayer[] = this.#chosen.map((layer) => ({ layer, name: this.title(layer) }));
    try {
      this.#progress = { phase: 'read', done: 0, total: 0 };
      // the worker reads the layers from the database itself: only ids go there, only the report comes back
      const report = await this.run({
        seq,
        source: { database: this.db.name, projectId, compared, doneOnly: this.#documents === 'done' },
        options: { annotators: compared.map((c) => c.name), labels: this.ws.labels.map((l) => l.name) },
      });
      if (seq !== this.seq) return;
      if (report === null) {
        this.#report = null;
        this.#problem = this.#documents === 'done' ? () => t().agreement.noneDone : () => t().agreement.noneAnnotated;
        return;
      }
      this.#report = report;
    } catch (err) {
      if (seq === this.seq) {
        const why = errorText(err);
        this.#problem = () => t().agreement.failed(why);
      }
    } finally {
      if (seq === this.seq) this.#progress = null;
    }
  }

  /**
   * Keeps the project's layer packs built in the background from now on: soon after this call, when the
   * project changes (`packsWanted`), and once writes to spans or layers pause (./db/pack-keeping.ts).
   * Each keeping waits for the page to be idle, then the worker packs what is missing a slice at a time.
   */
  keepPacks(): void {
    if (this.stopKeeping) return;
    const keeping = new PackKeeping(
      this.db.name,
      PACKS_QUIET_MS,
      () => this.keepWhenIdle(),
      () => this.haltKeeping(),
    );
    const stop = keeping.start();
    this.stopKeeping = stop;
    this.armKeeping = () => keeping.arm();
  }

  /** The project changed: its packs are kept once things are quiet. */
  packsWanted(): void {
    this.armKeeping?.();
  }

  private armKeeping: (() => void) | null = null;

  private keepWhenIdle(): void {
    const go = () => this.keepNow();
    if (typeof requestIdleCallback === 'function') requestIdleCallback(go, { timeout: 5000 });
    else setTimeout(go, 0);
  }

  private keepNow(): void {
    const projectId = this.ws.projectId;
    if (!projectId || !this.stopKeeping) return;
    const worker = this.ensureWorker();
    const keep = ++this.keepSeq;
    this.keeping = true;
    this.#packs = 'keeping';
    // the document open in the reader is left out: packed once left, or by the agreement screen when asked
    const open = this.ws.editor?.docId;
    worker.postMessage({ keep, database: this.db.name, projectId, skip: open ? [open] : [] } satisfies AgreementRequest);
  }

  /** A write came: the keeping under way stops after its slice (another follows once writes pause). */
  private haltKeeping(): void {
    if (this.#packs === 'kept') this.#packs = 'waiting';
    if (!this.keeping || !this.worker) return;
    this.keeping = false;
    this.#packs = 'waiting';
    this.worker.postMessage({ keep: ++this.keepSeq, stop: true } satisfies AgreementRequest);
  }

  private readonly onKept = ({ data }: MessageEvent<AgreementAnswer>): void => {
    if (!('keep' in data) || data.keep !== this.keepSeq) return;
    this.keeping = false;
    if (data.kind === 'keepFailed') {
      // nothing is lost: the screen packs what it reads; said in the console for whoever looks
      console.warn(`packing the agreement's layers failed: ${data.message}`);
      this.#packs = 'waiting';
    } else this.#packs = data.stopped ? 'waiting' : 'kept';
  };

  private ensureWorker(): Worker {
    if (!this.worker) {
      this.worker = new Worker(new URL('../db/agreement-worker.ts', import.meta.url), { type: 'module' });
      this.worker.addEventListener('message', this.onKept);
    }
    return this.worker;
  }

  /**
   * The worker's report, or null when no document has two layers to compare. The two steps are named in
   * the page's User Timing, where a profile (and the bench) finds them; the read's detail says how many
   * layer packs there were and how many had to be built.
   */
  private run(request: ReportRequest): Promise<AgreementReport | null> {
    const worker = this.ensureWorker();
    const t0 = performance.now();
    let t1 = t0;
    return new Promise((resolve, reject) => {
      const done = (settle: () => void) => {
        worker.removeEventListener('message', onMessage);
        settle();
      };
      const onMessage = ({ data }: MessageEvent<AgreementAnswer>) => {
        if ('keep' in data || data.seq !== request.seq) return;
        switch (data.kind) {
          case 'progress':
            if (data.seq === this.seq) this.#progress = { phase: data.phase, done: data.done, total: data.total };
            return;
          case 'read':
            performance.measure(READ_MEASURE, { start: t0, detail: data.packs });
            t1 = performance.now();
            this.#names = new Map(data.documents);
            if (data.documents.length === 0) done(() => resolve(null));
            return;
          case 'report':
            performance.measure(WORKER_MEASURE, { start: t1 });
            done(() => resolve(data.report));
            return;
          case 'error':
            done(() => reject(new Error(data.message)));
        }
      };
      worker.addEventListener('message', onMessage);
      worker.postMessage(request);
    });
  }

  /** Saves one table of the report as CSV (documents by name, not id). */
  async saveCsv(table: CsvTable): Promise<void> {
    const report = this.named();
    if (!report) return;
    await this.save(`agreement-${table}.csv`, agreementCsv(report, table, language.locale));
  }

  /** Saves the report as one self-contained HTML page. */
  async saveHtml(): Promise<void> {
    const report = this.named();
    if (!report) return;
    await this.save('agreement.html', agreementHtml(report, { title: this.ws.project?.name ?? '', generatedAt: fmt.dateTime(Date.now()), locale: language.locale }));
  }

  private named(): AgreementReport | null {
    const report = this.#report;
    if (!report) return null;
    return { ...report, perDocument: report.perDocument.map((row) => ({ ...row, id: this.docName(row.id) })) };
  }

  private async save(defaultName: string, content: string): Promise<void> {
    try {
      const saved = await window.glose.saveText({ defaultName, content });
      if (saved) this.toasts.show('info', () => t().agreement.saved(saved.path.split(/[\\/]/).pop() ?? defaultName));
    } catch (err) {
      this.toasts.show('error', () => t().agreement.notSaved(errorText(err)));
    }
  }

  dispose(): void {
    this.stopKeeping?.();
    this.stopKeeping = null;
    this.armKeeping = null;
    this.worker?.terminate();
    this.worker = null;
  }
}
