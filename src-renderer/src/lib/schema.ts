// A project's label schema in the exchange shape (labels and relation types by name), and the rules
// a schema edit must keep.
import type { CategorySpec, Id, LabelDef, RelationType, SchemaSpec } from '$model';
import { messagesNow } from './i18n/current';

/** The schema of `labels` (in palette order) and `types`, as Glose's schema JSON and brat's annotation.conf need it. */
export function schemaSpec(name: string, categories: CategorySpec[], labels: readonly LabelDef[], types: readonly RelationType[]): SchemaSpec {
  const names = new Map(labels.map((l) => [l.id, l.name]));
  const byId = (ids: Id[]) => ids.flatMap((id) => (names.has(id) ? [names.get(id) as string] : []));
  return {
    name,
    labels: labels.map((l) => ({
      name: l.name,
      color: l.color,
      ...(l.hotkey ? { hotkey: l.hotkey } : {}),
      ...(l.description ? { description: l.description } : {}),
      ...(l.attributes?.length ? { attributes: l.attributes } : {}),
    })),
    relations: types.map((t) => ({ name: t.name, source: byId(t.sourceLabelIds), target: byId(t.targetLabelIds), directed: t.directed })),
    categories,
  };
}

/** Why a hotkey cannot go to a label, or null when it can. */
export function hotkeyConflict(labels: readonly LabelDef[], labelId: Id | null, key: string): string | null {
  if (key === '') return null;
  if ([...key].length !== 1 || /\s/.test(key)) return messagesNow().schema.singleKey;
  const other = labels.find((l) => l.hotkey === key && l.id !== labelId);
  return other ? messagesNow().schema.keyUsed(key, other.name) : null;
}

/** Relation types allowed from one span's label to another's (an empty list in the schema allows any). */
export function relationTypesFor(types: readonly RelationType[], fromLabel: Id, toLabel: Id): RelationType[] {
  return types.filter((t) => (t.sourceLabelIds.length === 0 || t.sourceLabelIds.includes(fromLabel)) && (t.targetLabelIds.length === 0 || t.targetLabelIds.includes(toLabel)));
}

/**
 * The labels whose spans a layer may hold: the schema's, and for another layer (a colleague's, the
 * curated one) also those deleted from the schema that such layers still use. Each once: while a
 * deletion or a restore is being read back, a label can be in both lists for a moment, and the screen
 * keys its rows by label id.
 */
export function labelsOfLayer(labels: readonly LabelDef[], former: readonly LabelDef[], layer: string | null): LabelDef[] {
  if (layer === null || former.length === 0) return [...labels];
  const ids = new Set(labels.map((l) => l.id));
  return [...labels, ...former.filter((l) => !ids.has(l.id))];
}

/** How the screen names a label: one deleted from the schema, kept for the layers that still use it, says so. */
export function labelTitle(label: Pick<LabelDef, 'name' | 'deletedAt'>, deleted: (name: string) => string): string {
  return label.deletedAt === undefined ? label.name : deleted(label.name);
}
