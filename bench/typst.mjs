// typst.mjs IN.typ OUT.pdf FONTDIR...: compile one Typst file to PDF with Typst's native
// compiler for Node.js (npm @myriaddreamin/typst-ts-node-compiler), reading fonts only from
// FONTDIR(s). The package is looked up in $TYPST_NODE_PREFIX/node_modules (default
// build/bench, where `make bench` installs it). Exit status 1 on a compile error.
// `node typst.mjs --version` prints the package's version and the Typst version it embeds.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const [input, output, ...fontPaths] = process.argv.slice(2);
const prefix = resolve(process.env.TYPST_NODE_PREFIX || 'build/bench');
const require = createRequire(resolve(prefix, 'package.json'));
const { NodeCompiler } = require('@myriaddreamin/typst-ts-node-compiler');

if (input === '--version') {
  const pkg = require('@myriaddreamin/typst-ts-node-compiler/package.json');
  const c = NodeCompiler.create({ fontArgs: [{ fontPaths: [] }] });
  const doc = c.compile({ mainFileContent: '#metadata(str(sys.version)) <v>' }).result;
  const v = doc ? c.query(doc, { selector: '<v>', field: 'value' }) : ['?'];
  console.log(`typst ${v[0]} (${pkg.name} ${pkg.version})`);
  process.exit(0);
}
if (!input || !output) {
  console.error('usage: node typst.mjs IN.typ OUT.pdf [FONTDIR...]');
  process.exit(2);
}
const compiler = NodeCompiler.create({
  workspace: dirname(resolve(input)),
  fontArgs: [{ fontPaths: fontPaths.map((p) => resolve(p)) }],
});
const result = compiler.compile({ mainFilePath: resolve(input) });
const doc = result.result;
if (!doc || result.hasError()) {
  result.printDiagnostics();
  process.exit(1);
}
writeFileSync(output, compiler.pdf(doc));
