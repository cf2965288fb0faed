// Rewrites dist/config/index.js (tsc's output) as one file holding the config modules with the
// parts of zod and yaml they use. Loading a config is what every command does first; as ~170
// separate modules (zod's every locale, yaml's CommonJS files) it cost more start-up than the rest
// of validate-config together. Core modules outside dist/config stay shared imports, so the package
// entry and `@baselinr/core/config` still load one copy of each.
import { rename } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const distDir = fileURLToPath(new URL('../dist/', import.meta.url));
const configDir = join(distDir, 'config', sep);
const entry = join(configDir, 'index.js');
const bundled = join(configDir, 'index.bundle.tmp.js');

/** Keeps a relative import of a core module outside dist/config as an import, re-pointed from the entry's folder. */
const keepCoreModulesShared = {
  name: 'keep-core-modules-shared',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^\.\.?\// }, (args) => {
      const target = resolve(args.resolveDir, args.path);
      // Only core's own imports; zod's and yaml's relative imports are bundled.
      if (!args.importer.startsWith(distDir) || target.startsWith(configDir)) return undefined;
      const fromEntry = relative(configDir, target).split(sep).join('/');
      return { path: fromEntry.startsWith('.') ? fromEntry : `./${fromEntry}`, external: true };
    });
  },
};

await build({
  entryPoints: [entry],
  outfile: bundled,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // yaml is CommonJS and requires Node's built-ins; an ES module has no `require` of its own.
  banner: { js: "import { createRequire as createRequireForBundle } from 'node:module';\nconst require = createRequireForBundle(import.meta.url);" },
  plugins: [keepCoreModulesShared],
  logLevel: 'warning',
});
await rename(bundled, entry);
console.log(`bundled ${relative(distDir, entry)}`);
