// A catalog held in memory: the services given to it and nothing else. The server uses an empty
// one until the real catalog (built-in AWS data plus registered services) is wired in; tests give
// principalPermissions a small one of their own.
import type { CatalogAction, CatalogService, ServiceCatalog } from './catalog.ts';

export interface StaticService {
  prefix: string;
  name: string;
  actions: readonly CatalogAction[];
}

export class StaticServiceCatalog implements ServiceCatalog {
  readonly #services: ReadonlyMap<string, StaticService>;

  constructor(services: readonly StaticService[] = []) {
    const sorted = [...services].sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0));
    this.#services = new Map(sorted.map((s) => [s.prefix, { ...s, actions: [...s.actions].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) }]));
  }

  async actionsOf(_accountId: string, servicePrefix: string): Promise<readonly CatalogAction[] | undefined> {
    return this.#services.get(servicePrefix.toLowerCase())?.actions;
  }

  async services(_accountId: string): Promise<readonly CatalogService[]> {
    return [...this.#services.values()].map((s) => ({ prefix: s.prefix, name: s.name, builtIn: false, actionCount: s.actions.length }));
  }
}
