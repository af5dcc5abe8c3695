// Builds a Pagefind index of the same documents our index has, for the search
// benchmark (cargo xtask bench-search): reads JSON lines {url, title, text} as written
// by `portal-content --export-text`, writes the index to the given folder.
//
//   node bench/pagefind-index.mjs <texts.jsonl> <output folder>
import { readFileSync } from "node:fs";
import * as pagefind from "pagefind";

const [input, output] = process.argv.slice(2);
const started = performance.now();
const { index, errors } = await pagefind.createIndex({ forceLanguage: "vi" });
if (!index) {
  console.error("pagefind:", errors);
  process.exit(1);
}
let count = 0;
for (const line of readFileSync(input, "utf8").split("\n")) {
  if (!line) continue;
  const doc = JSON.parse(line);
  const r = await index.addCustomRecord({ url: doc.url, content: `${doc.title}\n${doc.text}`, language: "vi", meta: { title: doc.title } });
  if (r.errors.length) {
    console.error("pagefind:", r.errors);
    process.exit(1);
  }
  count++;
}
const written = await index.writeFiles({ outputPath: output });
if (written.errors.length) {
  console.error("pagefind:", written.errors);
  process.exit(1);
}
await pagefind.close();
console.log(`pagefind: ${count} documents indexed into ${output} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
