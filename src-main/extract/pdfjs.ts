// pdf.js, set up to run in the current thread. Importing the worker module first puts its message
// handler on globalThis.pdfjsWorker, which pdf.js then uses in place of loading a worker script by
// URL: extraction already runs off the main thread, and a bundle has no worker file where pdf.js
// would look for one. Loaded on the first PDF only (see pdf.ts): both modules are large.
import 'pdfjs-dist/legacy/build/pdf.worker.mjs';

export * from 'pdfjs-dist/legacy/build/pdf.mjs';
