// electron.vite.config.ts
import { resolve as resolve2 } from "node:path";
import { defineConfig } from "electron-vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// src-renderer/aliases.ts
import { resolve } from "node:path";
function rendererAliases(root) {
  const src = resolve(root, "src-renderer/src");
  return {
    $lib: resolve(src, "lib"),
    $db: resolve(src, "db"),
    $state: resolve(src, "state"),
    $reader: resolve(src, "reader"),
    $components: resolve(src, "components"),
    $contract: resolve(root, "src-main/contract.ts"),
    $model: resolve(root, "src-main/model.ts"),
    $records: resolve(root, "src-main/records.ts")
  };
}

// electron.vite.config.ts
var electron_vite_config_default = defineConfig({
  main: {
    build: {
      outDir: "out/main",
      rollupOptions: {
        input: {
          index: resolve2("src-main/app/main.ts"),
          "extract-worker": resolve2("src-main/extract/worker.ts")
        }
      }
    }
  },
  preload: {
    build: {
      outDir: "out/preload",
      rollupOptions: {
        input: { index: resolve2("src-main/preload/index.ts") },
        // sandboxed preloads must be CommonJS
        output: { format: "cjs", entryFileNames: "[name].cjs" }
      }
    }
  },
  renderer: {
    root: "src-renderer",
    plugins: [svelte()],
    resolve: { alias: rendererAliases(resolve2(".")) },
    build: {
      outDir: "out/renderer",
      rollupOptions: { input: resolve2("src-renderer/index.html") },
      // Fonts stay files: Vite would inline the small ones as data: URLs, which the CSP's
      // font-src 'self' refuses (and allowing data: there would let any stylesheet bring its own font).
      assetsInlineLimit: (file) => /\.(woff2?|ttf|otf)$/i.test(file) ? false : void 0
    }
  }
});
export {
  electron_vite_config_default as default
};
