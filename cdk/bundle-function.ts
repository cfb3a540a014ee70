/**
 * `node --import tsx cdk/bundle-function.ts <entry> <outdir> <metafile>`: bundles one function with esbuild's
 * asynchronous API (the only one that runs plugins) and writes the metafile. cdk/bundling.ts's synchronous
 * `bundleFunction` runs this in a child process, because CDK's local bundling hook cannot await.
 */
import { writeFileSync } from "node:fs";
import { bundleFunctionAsync } from "./bundling.ts";

const [entry, outdir, metafile] = process.argv.slice(2);
if (!entry || !outdir || !metafile) {
  process.stderr.write("usage: cdk/bundle-function.ts <entry> <outdir> <metafile>\n");
  process.exit(2);
}
writeFileSync(metafile, JSON.stringify(await bundleFunctionAsync(entry, outdir)));
