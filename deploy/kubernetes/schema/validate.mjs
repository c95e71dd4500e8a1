// Validates Kubernetes objects against the Kubernetes API's JSON schemas, offline: the schemas of
// the kubernetes-models package (generated from the Kubernetes OpenAPI document and compiled to
// validators), installed by scripts/infra/prereqs.sh. Used by the unit tests
// (tests/PeerPlatform.UnitTests/Deployment).
//
// Reads a JSON array of objects on standard input; writes a JSON array with, for each object,
// the list of its schema errors (empty when valid). Exits 0 unless it could not run at all.
import { readFileSync } from "node:fs";

const groups = {
  "v1": "kubernetes-models/v1",
  "apps/v1": "kubernetes-models/apps/v1",
  "batch/v1": "kubernetes-models/batch/v1",
  "policy/v1": "kubernetes-models/policy/v1",
  "networking.k8s.io/v1": "kubernetes-models/networking.k8s.io/v1",
  "autoscaling/v2": "kubernetes-models/autoscaling/v2",
};

const objects = JSON.parse(readFileSync(0, "utf8"));
const results = [];
for (const object of objects) {
  const module = groups[object.apiVersion];
  if (!module) {
    results.push([`apiVersion ${object.apiVersion} is not one this check knows (validate.mjs)`]);
    continue;
  }
  const models = await import(module);
  const Model = models[object.kind];
  if (!Model) {
    results.push([`${object.apiVersion} has no kind ${object.kind}`]);
    continue;
  }
  try {
    new Model(object).validate();
    results.push([]);
  } catch (error) {
    results.push(String(error.message).split(", data").map((m, i) => (i === 0 ? m : "data" + m)));
  }
}
process.stdout.write(JSON.stringify(results));
