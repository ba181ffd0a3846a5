/// <reference types="svelte" />
/// <reference types="vite/client" />
import type { GloseApi } from '../../src-main/contract';

declare global {
  interface Window {
    glose: GloseApi;
  }
}
