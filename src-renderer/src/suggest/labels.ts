// Which of the project's labels a recommender may use. Names match case-insensitively, and a few
// names that mean the same thing across CoNLL, OntoNotes/spaCy and Glose's templates are synonyms,
// so a gazetteer labelled PERSON fills a schema's PER. A label the schema lacks is never proposed.
import type { SchemaNames } from './types';

/** Groups of names for one kind of thing; an exact (case-insensitive) name always wins over a synonym. */
const SYNONYMS: readonly (readonly string[])[] = [
  ['PER', 'PERSON', 'PERS'],
  ['LOC', 'GPE', 'LOCATION'],
  ['ORG', 'ORGANIZATION', 'ORGANISATION'],
  ['DATE'],
  ['QUOTE', 'QUOTATION'],
];

export interface RelationSpec {
  name: string;
  /** schema label names allowed at each end; empty: any */
  source: readonly string[];
  target: readonly string[];
}

export class Schema {
  readonly labels: readonly string[];
  readonly relations: readonly RelationSpec[];
  readonly #byUpper = new Map<string, string>();
  /** label() is asked for the same few names thousands of times */
  readonly #resolved = new Map<string, string | null>();

  constructor(names: SchemaNames) {
    this.labels = [...names.labels];
    for (const label of this.labels) if (!this.#byUpper.has(label.toUpperCase())) this.#byUpper.set(label.toUpperCase(), label);
    this.relations = names.relations.map((r) => ({ name: r.name, source: [...r.source], target: [...r.target] }));
  }

  /** The schema's spelling of `name`, by case-insensitive name then by synonym; null when it has none. */
  label(name: string): string | null {
    let found = this.#resolved.get(name);
    if (found === undefined) this.#resolved.set(name, (found = this.#resolve(name)));
    return found;
  }

  #resolve(name: string): string | null {
    const upper = name.toUpperCase();
    const exact = this.#byUpper.get(upper);
    if (exact !== undefined) return exact;
    for (const group of SYNONYMS) {
      if (!group.includes(upper)) continue;
      for (const synonym of group) {
        const found = this.#byUpper.get(synonym);
        if (found !== undefined) return found;
      }
    }
    return null;
  }

  /** The first of `names` the schema has (each resolved as by label()). */
  firstOf(names: readonly string[]): string | null {
    for (const name of names) {
      const found = this.label(name);
      if (found !== null) return found;
    }
    return null;
  }

  /** Whether `relation` allows `label` at that end. */
  allows(relation: RelationSpec, end: 'source' | 'target', label: string): boolean {
    const list = relation[end];
    return list.length === 0 || list.some((name) => name.toUpperCase() === label.toUpperCase());
  }

  /**
   * The relation type that ties a quote to its speaker: one named said_by whose source allows
   * `quote`, else the first whose source allows `quote` and whose target names a person label.
   * Null when there is none.
   */
  speakerRelation(quote: string): RelationSpec | null {
    const fromQuote = this.relations.filter((r) => this.allows(r, 'source', quote));
    const named = fromQuote.find((r) => r.name.toLowerCase() === 'said_by');
    if (named) return named;
    const person = this.label('PER');
    if (person !== null) {
      const toPerson = fromQuote.find((r) => r.target.length > 0 && this.allows(r, 'target', person));
      if (toPerson) return toPerson;
    }
    return null;
  }

  /** The labels a speaker may carry under `relation`, in the schema's spelling: its targets, or persons when it allows any. */
  speakerLabels(relation: RelationSpec): string[] {
    if (relation.target.length === 0) {
      const person = this.label('PER');
      return person === null ? [] : [person];
    }
    return relation.target.map((name) => this.label(name)).filter((name): name is string => name !== null);
  }
}
