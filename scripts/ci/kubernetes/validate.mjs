// Validates Kubernetes manifests against the API's OpenAPI schemas as the npm package
// kubernetes-models ships them: every document of every file given, by its apiVersion
// and kind. Prints one line per fault; exit status 1 when any.
//
//   node scripts/ci/kubernetes/validate.mjs FILE.yaml...
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

let faults = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (doc.errors.length) {
      console.log(`${file}: ${doc.errors[0].message}`);
      faults++;
      continue;
    }
    const object = doc.toJS();
    const { apiVersion, kind } = object ?? {};
    // kubernetes-models lays out one module per group/version/kind ("v1" for core).
    let Model;
    try {
      ({ [kind]: Model } = await import(`kubernetes-models/${apiVersion}/${kind}`));
    } catch {
      console.log(`${file}: unknown apiVersion '${apiVersion}' or kind '${kind}'`);
      faults++;
      continue;
    }
    try {
      new Model(object).validate();
    } catch (e) {
      console.log(`${file}: ${kind} ${object.metadata?.name}: ${e.message}`);
      faults++;
    }
  }
}
process.exit(faults ? 1 : 0);
