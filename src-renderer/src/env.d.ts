/// <reference types="svelte" />
/// <reference types="vite/client" />
import type { GloseApi } from '$contract';

declare global {
  interface Window {
    glose: GloseApi;
  }
}
