// Trunk post_build hook (release only): minify wasm-bindgen's JS glue, which Trunk's own
// minifier cannot parse, and give index.html the new file's integrity hash. The glue counts
// against the bundle budget (wasm + glue ≤ 450,000 B gzip): minified, it is 2 KB smaller.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { transformSync } from 'esbuild';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('minify-glue: TRUNK_STAGING_DIR is not set (run me as a Trunk hook)');
  process.exit(1);
}
if (process.env.TRUNK_PROFILE !== 'release') {
  process.exit(0);
}
const html = join(dir, 'index.html');
let page = readFileSync(html, 'utf8');
const glue = readdirSync(dir).filter((f) => /^dsplay-app-[0-9a-f]+\.js$/.test(f));
if (glue.length !== 1) {
  console.error(`minify-glue: expected one dsplay-app-*.js in ${dir}, found ${glue.length}`);
  process.exit(1);
}
const file = join(dir, glue[0]);
const code = readFileSync(file, 'utf8');
const min = transformSync(code, { minify: true, format: 'esm', target: 'es2020', legalComments: 'none' }).code;
writeFileSync(file, min);
const digest = 'sha384-' + createHash('sha384').update(min).digest('base64');
// The glue's <link rel=modulepreload> carries its integrity: replace it, or the browser refuses
// the file.
const name = glue[0].replace('.', '\\.');
const link = new RegExp(`(<link[^>]*href="[^"]*/${name}"[^>]*integrity=")sha384-[A-Za-z0-9+/=]+`);
if (!link.test(page)) {
  console.error(`minify-glue: no integrity attribute for ${glue[0]} in index.html`);
  process.exit(1);
}
page = page.replace(link, `$1${digest}`);
writeFileSync(html, page);
console.log(`minify-glue: ${glue[0]} ${code.length} -> ${min.length} bytes`);
