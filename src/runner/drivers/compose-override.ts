/**
 * The override file memgate adds to the user's Compose file (pure): the session labels on every
 * service and network (so the cleanup sweep and the suite's teardown see them), and on the measured
 * service its port published on 127.0.0.1 and its memory limit (no swap) and cpus.
 */
import { parse, stringify } from 'yaml';
import type { ComposeTarget } from '../../config/plan.js';
import { MemgateError, errorText } from '../../errors.js';
import { definedOnly } from '../../util/defined-only.js';

export interface ComposeModel {
  version?: string;
  services: string[];
  /** Networks the file declares itself (not `external`). */
  networks: string[];
  /** True when some service uses the project's default network. */
  usesDefaultNetwork: boolean;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function readComposeModel(text: string, file: string): ComposeModel {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new MemgateError('composeService', {
      reason: `${file} is not valid YAML: ${errorText(e)}`,
      file,
      known: '',
    });
  }
  const services = isObj(doc) && isObj(doc['services']) ? doc['services'] : {};
  const networks = isObj(doc) && isObj(doc['networks']) ? doc['networks'] : {};
  const version = isObj(doc) && doc['version'] !== undefined ? String(doc['version']) : undefined;
  return {
    ...definedOnly({ version }),
    services: Object.keys(services),
    networks: Object.entries(networks)
      .filter(([, n]) => !(isObj(n) && n['external'] !== undefined && n['external'] !== false))
      .map(([name]) => name),
    usesDefaultNetwork: Object.values(services).some(
      (s) => !isObj(s) || (s['network_mode'] === undefined && s['networks'] === undefined),
    ),
  };
}

/** Compose v1 rejects `mem_limit` in a 3.x file (it wants deploy.resources): set it with `docker update`. */
export function limitsInOverride(model: ComposeModel): boolean {
  return model.version === undefined || !model.version.startsWith('3');
}

export function composeOverride(
  model: ComposeModel,
  target: ComposeTarget,
  labels: Record<string, string>,
): string {
  const services: Obj = {};
  for (const name of model.services) {
    services[name] = { labels: { ...labels, 'memgate.compose.service': name } };
  }
  const measured: Obj = { labels: { ...labels, 'memgate.compose.service': target.service } };
  if (target.port !== undefined) measured['ports'] = [`127.0.0.1::${target.port}`];
  if (limitsInOverride(model)) {
    if (target.memoryBytes !== undefined) {
      measured['mem_limit'] = target.memoryBytes;
      measured['memswap_limit'] = target.memoryBytes;
    }
    if (target.cpus !== undefined) measured['cpus'] = target.cpus;
  }
  services[target.service] = measured;
  const networks: Obj = {};
  for (const name of model.usesDefaultNetwork ? ['default', ...model.networks] : model.networks) {
    networks[name] = { labels };
  }
  return stringify({
    ...definedOnly({ version: model.version }),
    services,
    ...(Object.keys(networks).length === 0 ? {} : { networks }),
  });
}
