// Bundles the web console (src/) into one directory the hub serves from its classpath (web/):
// index.html, assets/app.js (the page's modules and Chart.js, minified), assets/style.css, and
// manifest.txt naming them.
// Usage: node build.mjs OUT_DIR    (Maven runs it at generate-resources; see hub/pom.xml)
import { build } from 'esbuild';
import { copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(process.argv[2] ?? path.join(here, 'dist'));

await rm(out, { recursive: true, force: true });
await mkdir(path.join(out, 'assets'), { recursive: true });
await build({
  entryPoints: [path.join(here, 'src/app.js'), path.join(here, 'src/style.css')],
  outdir: path.join(out, 'assets'),
  entryNames: '[name]',
  bundle: true,
  format: 'esm',
  minify: true,
  sourcemap: false,
  legalComments: 'linked',
  target: ['es2020'],
  logLevel: 'warning',
});
await copyFile(path.join(here, 'src/index.html'), path.join(out, 'index.html'));
await copyFile(path.join(here, 'src/icon.svg'), path.join(out, 'assets/icon.svg'));
// The hub serves exactly the files listed here (it cannot list a directory inside its jar).
const files = ['index.html', ...(await readdir(path.join(out, 'assets'))).map((f) => `assets/${f}`)];
await writeFile(path.join(out, 'manifest.txt'), `${files.sort().join('\n')}\n`);
console.log(`web console bundled into ${out}`);
