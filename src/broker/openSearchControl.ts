/**
 * The page's handle on the simulated OpenSearch domains (`SimulationHost.opensearch`,
 * `window.shardlab.opensearch`): the domains every OpenSearch delivery stream names are listed
 * even before a document arrived.
 */
import type { DeliveryStreamSnapshot } from '../core/firehose/snapshot.js';
import type { OpenSearchDomains } from '../core/opensearch/domains.js';
import type { OpenSearchControl } from './host.js';

export function openSearchControl(domains: OpenSearchDomains, streams: () => DeliveryStreamSnapshot[], persistent: boolean): OpenSearchControl {
  const known = () => {
    for (const s of streams()) {
      const os = s.endpoint?.openSearch;
      if (os && s.endpoint) domains.register(os.domain, s.endpoint.url);
    }
  };
  return {
    persistent,
    list: () => {
      known();
      return domains.list();
    },
    search: (domain, query) => domains.search(domain, query ?? {}),
    setDown: (domain, down) => domains.setDown(domain, down),
    failNext: (domain, n, mode) => domains.failNext(domain, n, mode),
    clear: (domain, pattern) => domains.clear(domain, pattern),
    observe: (listener) => domains.observe(listener),
  };
}
