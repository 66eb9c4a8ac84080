// Validates every object of a rendered Kustomize output (multi-document YAML on stdin) against
// the Kubernetes OpenAPI schemas of the npm `kubernetes-models` packages (and the Prometheus
// operator's for ServiceMonitor), offline, and that an Ingress routes only the public API's
// paths. Run by .ci/offline-checks from its tools cache, where the packages are installed. Exit
// code 1 on the first list of errors; an object of a kind it has no schema for is an error too
// (nothing passes unchecked).
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const CRDS = { "monitoring.coreos.com": "@kubernetes-models/prometheus-operator" };

// What an Ingress may expose: API.md's public API and nothing else (docs/deployment.md). The
// gateway's /actuator (Prometheus metrics naming the upstream URIs, info) stays in the cluster.
const PUBLIC_PREFIXES = ["/api", "/oauth2", "/.well-known", "/v3/api-docs"];

function ingressErrors(name, spec) {
  const found = [];
  if (spec?.defaultBackend) {
    found.push(`${name}: a defaultBackend sends every path in`);
  }
  for (const rule of spec?.rules ?? []) {
    for (const path of rule.http?.paths ?? []) {
      if (!PUBLIC_PREFIXES.includes(path.path) || !["Prefix", "Exact"].includes(path.pathType)) {
        found.push(
          `${name}: path ${path.path} (${path.pathType}) is not one of the public API's prefixes ` +
            PUBLIC_PREFIXES.join(", "),
        );
      }
    }
  }
  return found;
}

const input = readFileSync(0, "utf8");
const errors = [];
const counts = {};
for (const doc of parseAllDocuments(input)) {
  if (doc.errors.length) {
    errors.push(`YAML: ${doc.errors.map((e) => e.message).join("; ")}`);
    continue;
  }
  const object = doc.toJS();
  if (!object) continue;
  const { apiVersion, kind } = object;
  const name = `${kind} ${object.metadata?.name ?? "?"}`;
  if (!apiVersion || !kind) {
    errors.push(`${name}: no apiVersion or kind`);
    continue;
  }
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : [null, apiVersion];
  const module = group
    ? `${CRDS[group] ?? "kubernetes-models"}/${group}/${version}`
    : `kubernetes-models/${version}`;
  let models;
  try {
    models = await import(module);
  } catch (e) {
    errors.push(`${name}: no schema for ${apiVersion} (${e.message})`);
    continue;
  }
  const Model = models[kind];
  if (!Model) {
    errors.push(`${name}: no schema for kind ${kind} in ${apiVersion}`);
    continue;
  }
  if (kind === "Ingress") {
    const exposed = ingressErrors(name, object.spec);
    if (exposed.length) {
      errors.push(...exposed);
      continue;
    }
  }
  try {
    new Model(object).validate();
    counts[kind] = (counts[kind] ?? 0) + 1;
  } catch (e) {
    errors.push(`${name}: ${e.message}`);
  }
}
if (errors.length) {
  console.error(errors.join("\n"));
  process.exit(1);
}
const total = Object.values(counts).reduce((a, b) => a + b, 0);
if (total === 0) {
  console.error("no objects to validate");
  process.exit(1);
}
console.log(
  `${total} objects valid: ` +
    Object.entries(counts)
      .map(([k, n]) => `${n} ${k}`)
      .join(", "),
);
