import type { DocumentMetadata } from '../model';
import type { HeadingLine } from './dom';

export type ExtractFormat = 'txt' | 'md' | 'html' | 'docx' | 'pdf' | 'odt' | 'epub';

const FORMAT_BY_EXTENSION: Readonly<Record<string, ExtractFormat>> = {
  txt: 'txt',
  text: 'txt',
  md: 'md',
  markdown: 'md',
  html: 'html',
  htm: 'html',
  docx: 'docx',
  pdf: 'pdf',
  odt: 'odt',
  epub: 'epub',
};

/** Lower-case extension without the dot, '' when the name has none. */
export function extensionOf(fileName: string): string {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

export function formatOf(fileName: string): ExtractFormat | undefined {
  return FORMAT_BY_EXTENSION[extensionOf(fileName)];
}

export type ExtractedMeta = Omit<DocumentMetadata, 'hash' | 'sourcePath' | 'size'> & { format: ExtractFormat };

export interface Extracted {
  /** normalised text: what offsets will point into */
  text: string;
  meta: ExtractedMeta;
}

/** What a format reader found, before normalisation and the date prefix. */
export interface RawExtraction {
  text: string;
  encoding?: string;
  title?: string;
  author?: string;
  date?: string;
  siteName?: string;
  extra?: Record<string, string>;
  /** the lines of `text` that are headings */
  headings?: HeadingLine[];
}
