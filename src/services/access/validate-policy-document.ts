// validatePolicy as Access Analyzer takes it: a kind of policy and, for a resource policy, the
// resource it is for, checked against the grammar and against the service catalog (the
// account's view of it: AWS's services and its registered ones). The engine does the work; this
// service gathers the catalog facts for the services the document names. Returns the findings;
// only a contradictory request is an error.
import { badInput } from '../../errors.ts';
import { catalogPrefixesOf, GRAMMAR, validatePolicy, type CatalogFacts, type CatalogServiceFacts, type EvaluationPolicyType } from '../../policy/index.ts';
import type { CatalogServiceDetail, ServiceCatalogDetails } from '../catalog/catalog.ts';
import { GLOBAL_CONDITION_KEYS } from '../catalog/iam-data-source.ts';
import { toValidationFinding, type ValidationFindingModel } from '../validation-findings.ts';

/** Access Analyzer's name for a role's trust policy. */
export const TRUST_POLICY_RESOURCE_TYPE = 'AWS::IAM::AssumeRolePolicyDocument';

export interface CatalogView {
  readonly catalog: ServiceCatalogDetails;
  readonly accountId: string;
}

export async function validatePolicyDocument(
  view: CatalogView,
  document: unknown,
  policyType: EvaluationPolicyType,
  resourceType: string | null | undefined,
): Promise<ValidationFindingModel[]> {
  if (resourceType != null && policyType !== 'RESOURCE') {
    throw badInput('validatePolicyResourceType', 'applies only to policy type `RESOURCE_POLICY`');
  }
  const grammar = resourceType == null ? GRAMMAR[policyType] : resourceType === TRUST_POLICY_RESOURCE_TYPE ? 'TRUST_POLICY' : 'RESOURCE_POLICY';
  const services = await view.catalog.describeAll(view.accountId, catalogPrefixesOf(document));
  const facts: CatalogFacts = {
    services: new Map([...services].map(([prefix, detail]) => [prefix, factsOf(detail)])),
    globalKeys: GLOBAL_CONDITION_KEYS,
  };
  return validatePolicy(document, grammar, facts).map(toValidationFinding);
}

// Services are immutable once read (built-in ones live in the catalog's LRU), so their facts are
// derived once per service object and go when it goes.
const FACTS = new WeakMap<CatalogServiceDetail, CatalogServiceFacts>();

function factsOf(service: CatalogServiceDetail): CatalogServiceFacts {
  let facts = FACTS.get(service);
  if (facts) return facts;
  const typeKeys = new Map(service.resourceTypes.map((type) => [type.name.toLowerCase(), type.conditionKeys]));
  facts = {
    actions: service.actions.map((action) => ({
      name: action.name,
      arnFormats: [...new Set(action.resourceTypes.flatMap((type) => type.arnFormats))],
      resourceTypes: action.resourceTypes.map((type) => type.name),
      conditionKeys: [...new Set([...action.conditionKeys, ...action.resourceTypes.flatMap((type) => typeKeys.get(type.name.toLowerCase()) ?? [])])],
    })),
    conditionKeys: service.conditionKeys,
  };
  FACTS.set(service, facts);
  return facts;
}
