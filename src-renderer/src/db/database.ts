// The Glose database: the Dexie class and its tables. Only src/db imports Dexie; everyone else calls
// the intention-revealing functions of the modules beside this one.
import Dexie, { type EntityTable, type Table } from 'dexie';
import type { Decision, DocumentRecord, DocumentText, LabelDef, LayerDocument, LayerRelation, LayerSpan, Project, Relation, RelationType, Span } from '$model';
import { recordChecks } from './checks';
import { checkSchema, declaredStores, type StoreSpecs } from './schema-check';
import { packInvalidation } from './pack-invalidation';
import type { AnyPackKey, EditorMark, PackClaim, PackedLayer, ReaderPack } from './pack-keys';
import type { WriteJournal } from './journal';

export interface Setting {
  key: string;
  value: unknown;
}

/**
 * The stores of each schema version, in order (Dexie stores version n as IndexedDB version 10·n).
 *
 * Version 2: other people's layers and the curated one, and what the user did with suggestions per
 * document (rejections are never proposed again there). The user's own layer stays in spans and
 * relations, so every record version 1 stored is the user's layer as it is: nothing is rewritten.
 *
 * Version 3: each document's layers packed for the agreement (./packs.ts), and what the reader loads of
 * it (./reader-packs.ts), a cache rebuilt on demand from the spans: an empty table is a valid state, so
 * nothing needs migrating.
 */
const VERSIONS: readonly StoreSpecs[] = [
  {
    projects: 'id',
    documents: 'id, projectId, meta.hash, updatedAt',
    texts: 'id',
    labels: 'id, projectId',
    relationTypes: 'id, projectId',
    spans: 'id, docId',
    relations: 'id, docId',
    settings: 'key',
  },
  {
    layerSpans: 'id, docId, [docId+layer]',
    layerRelations: 'id, docId, [docId+layer]',
    layerDocuments: 'id, docId, [docId+layer], [projectId+layer]',
    decisions: 'id, docId, projectId',
  },
  {
    packedLayers: '[docId+layer]',
  },
];
const DECLARED = declaredStores(VERSIONS);

export class GloseDatabase extends Dexie {
  projects!: EntityTable<Project, 'id'>;
  documents!: EntityTable<DocumentRecord, 'id'>;
  texts!: EntityTable<DocumentText, 'id'>;
  labels!: EntityTable<LabelDef, 'id'>;
  relationTypes!: EntityTable<RelationType, 'id'>;
  spans!: EntityTable<Span, 'id'>;
  relations!: EntityTable<Relation, 'id'>;
  settings!: EntityTable<Setting, 'key'>;
  layerSpans!: EntityTable<LayerSpan, 'id'>;
  layerRelations!: EntityTable<LayerRelation, 'id'>;
  layerDocuments!: EntityTable<LayerDocument, 'id'>;
  decisions!: EntityTable<Decision, 'id'>;
  packedLayers!: Table<PackedLayer | PackClaim | ReaderPack | EditorMark, AnyPackKey>;

  constructor(name = 'glose') {
    // 'strict': Chromium flushes each transaction to disk before calling it complete, so an edit the
    // screen calls saved survives a power cut, not only a crash.
    super(name, { chromeTransactionDurability: 'strict' });
    // Versions are only ever added, never edited: users' databases were written by the old ones.
    VERSIONS.forEach((stores, i) => this.version(i + 1).stores(stores));
    // a database another version left with other keys or without our indexes fails to open, saying so
    this.on('ready', (vip) => checkSchema((vip as GloseDatabase).backendDB(), DECLARED), true);
    this.use(recordChecks);
    this.use(packInvalidation);
  }

  /** the write journal every committed transaction goes to, in the app (not in tests of the database alone) */
  journal: WriteJournal | null = null;

  /** Journals every write from now on; call before the database opens. */
  attachJournal(journal: WriteJournal): void {
    this.journal = journal;
    this.use(journal.middleware);
  }
}
