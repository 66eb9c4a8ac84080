// Validates every object of a rendered Kustomize output (multi-document YAML on stdin) against
// the Kubernetes OpenAPI schemas of the npm `kubernetes-models` packages (and the Prometheus
// operator's for ServiceMonitor), offline, that an Ingress routes only the public API's paths,
// and that it lets a body over the gateway's limit reach the gateway. Run by .ci/offline-checks
// from its tools cache, where the packages are installed. Exit code 1 on the first list of errors;
// an object of a kind it has no schema for is an error too (nothing passes unchecked).
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const CRDS = { "monitoring.coreos.com": "@kubernetes-models/prometheus-operator" };

// What an Ingress may expose: API.md's public API and nothing else (docs/deployment.md). The
// gateway's /actuator (Prometheus metrics naming the upstream URIs, info) stays in the cluster.
const PUBLIC_PREFIXES = ["/api", "/oauth2", "/.well-known", "/v3/api-docs"];

// The gateway refuses a body over 1 MiB (platform.gateway.max-request-body) with its 413
// PAYLOAD_TOO_LARGE problem. ingress-nginx refuses bodies over its own limit (1m when the
// annotation is missing) with an HTML 413 before the gateway sees them, so its limit must be above
// the gateway's, and finite (it buffers what it accepts).
const GATEWAY_MAX_BODY = 1024 * 1024;
const BODY_SIZE = "nginx.ingress.kubernetes.io/proxy-body-size";

function nginxSize(value) {
  const match = /^(\d+)([kmg]?)$/i.exec(String(value ?? "").trim());
  if (!match) return NaN;
  return Number(match[1]) * { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[match[2].toLowerCase()];
}

function ingressErrors(name, metadata, spec) {
  const found = [];
  const bodySize = nginxSize(metadata?.annotations?.[BODY_SIZE]);
  if (!(bodySize > GATEWAY_MAX_BODY)) {
    found.push(
      `${name}: ${BODY_SIZE} (${metadata?.annotations?.[BODY_SIZE] ?? "not set: 1m"}) must be above the ` +
        "gateway's 1 MiB limit (e.g. 2m), or nginx answers an HTML 413 instead of the gateway's problem",
    );
  }
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
    const exposed = ingressErrors(name, object.metadata, object.spec);
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
