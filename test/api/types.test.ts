// Precise types: one enum per concept, with AWS's values, wherever the concept appears; the
// scalars are graphql-scalars' (with @specifiedBy); a JSON literal may hold variables.
import { buildSchema, getNamedType, isEnumType,
  isLeafType, isInputObjectType, isObjectType, type GraphQLNamedType, type GraphQLType } from 'graphql';
import { GraphQLDateTime, GraphQLJSON } from 'graphql-scalars';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTypeDefs } from '../../src/graphql/schema.ts';
import { dataOf, errorCodeOf, firstError, startTestApi, type TestApi } from '../support/api-harness.ts';
import { createPolicy, IDENTITY_DOC } from '../support/fixtures.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

const USER = 'arn:aws:iam::111122223333:user/alice';
const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
const allowAll = doc({ Effect: 'Allow', Action: '*', Resource: '*' });

describe('enums', () => {
  const schema = buildSchema(readTypeDefs());

  it('type every field and argument that names a kind, an effect or a decision with an enum', () => {
    const concept = /^(policyType|effect|decision|findingType|type|permissionsBoundaryType|validatePolicyResourceType|scope)$/;
    const found: string[] = [];
    for (const type of Object.values(schema.getTypeMap()) as GraphQLNamedType[]) {
      if (type.name.startsWith('__') || !(isObjectType(type) || isInputObjectType(type))) continue;
      for (const field of Object.values(type.getFields())) {
        const places: Array<{ name: string; type: GraphQLType; at: string }> = [{ name: field.name, type: field.type, at: `${type.name}.${field.name}` }];
        for (const arg of 'args' in field ? field.args : []) places.push({ name: arg.name, type: arg.type, at: `${type.name}.${field.name}(${arg.name})` });
        // an object field such as EvaluateAccessResult.decision holds a whole answer, not a concept's value
        for (const place of places.filter((p) => concept.test(p.name) && isLeafType(getNamedType(p.type)))) {
          found.push(`${place.at}: ${getNamedType(place.type).name}`);
          expect(isEnumType(getNamedType(place.type)), place.at).toBe(true);
        }
      }
    }
    // Each concept has one enum, the same wherever it appears.
    expect(found).toEqual(expect.arrayContaining([
      'MatchedStatement.policyType: PolicyType', 'StatementTrace.policyType: PolicyType', 'PolicyTypeResult.policyType: PolicyType',
      'Query.validatePolicy(policyType): PolicyType', 'MatchedStatement.effect: Effect', 'StatementTrace.effect: Effect',
      'AttachedPermissionsBoundary.permissionsBoundaryType: PermissionsBoundaryAttachmentType',
      'AccessDecision.decision: Decision', 'ValidationFinding.findingType: FindingType', 'ContextEntryInput.type: ContextKeyType',
    ]));
  });

  it('carry AWS names: the kinds of policy, the effect, the boundary type', () => {
    const values = (name: string) => {
      const type = schema.getType(name);
      return isEnumType(type) ? type.getValues().map((v) => v.name) : [];
    };
    expect(values('PolicyType')).toEqual(['IDENTITY_POLICY', 'RESOURCE_POLICY', 'PERMISSIONS_BOUNDARY_POLICY', 'SERVICE_CONTROL_POLICY', 'SESSION_POLICY']);
    expect(values('Effect')).toEqual(['ALLOW', 'DENY']);
    expect(values('PermissionsBoundaryAttachmentType')).toEqual(['PERMISSIONS_BOUNDARY_POLICY']);
    expect(values('ValidatePolicyResourceType')).toEqual(['AWS_IAM_ASSUME_ROLE_POLICY_DOCUMENT']);
  });

  it('come back from an evaluation for every kind of policy, in statements, results and trace', async () => {
    const answer = dataOf(await api.gql(`query($input: SimulateCustomPolicyInput!) { simulateCustomPolicy(input: $input) {
      matchedStatements { policyType effect } policyTypeResults { policyType present } trace { policyType effect }
    } }`, { input: {
      identityPolicies: [allowAll], permissionsBoundaries: [allowAll], serviceControlPolicies: [allowAll],
      sessionPolicies: [doc({ Effect: 'Deny', Action: 's3:*', Resource: '*' })],
      resourcePolicy: doc({ Effect: 'Allow', Principal: { AWS: USER }, Action: 's3:*', Resource: '*' }),
      request: { principal: USER, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }, explain: true,
    } })).simulateCustomPolicy;
    expect(answer.matchedStatements).toEqual([{ policyType: 'SESSION_POLICY', effect: 'DENY' }]);
    const kinds = ['IDENTITY_POLICY', 'RESOURCE_POLICY', 'PERMISSIONS_BOUNDARY_POLICY', 'SERVICE_CONTROL_POLICY', 'SESSION_POLICY'];
    expect(answer.policyTypeResults.map((r: { policyType: string }) => r.policyType).sort()).toEqual([...kinds].sort());
    expect(new Set(answer.trace.map((t: { policyType: string }) => t.policyType))).toEqual(new Set(kinds));
    expect(new Set(answer.trace.map((t: { effect: string }) => t.effect))).toEqual(new Set(['ALLOW', 'DENY']));
  });

  it('name a stored boundary PERMISSIONS_BOUNDARY_POLICY', async () => {
    const arn = await createPolicy(api, 'TypesBoundary');
    const user = dataOf(await api.gql(`mutation($b: String!) { createUser(input: {userName: "types-bounded", permissionsBoundary: $b}) { user {
      permissionsBoundary { permissionsBoundaryType } } } }`, { b: arn })).createUser.user;
    expect(user.permissionsBoundary).toEqual({ permissionsBoundaryType: 'PERMISSIONS_BOUNDARY_POLICY' });
  });
});

describe('validatePolicy policy types', () => {
  const VALIDATE = `query($doc: JSON!, $type: PolicyType!, $resourceType: ValidatePolicyResourceType) {
    validatePolicy(policyDocument: $doc, policyType: $type, validatePolicyResourceType: $resourceType) { findings { issueCode } } }`;
  const codes = async (variables: Record<string, unknown>) =>
    dataOf(await api.gql(VALIDATE, variables)).validatePolicy.findings.map((f: { issueCode: string }) => f.issueCode);
  const trust = doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });

  it('checks a trust policy as RESOURCE_POLICY for AWS::IAM::AssumeRolePolicyDocument, as AWS does', async () => {
    expect(await codes({ doc: trust, type: 'RESOURCE_POLICY', resourceType: 'AWS_IAM_ASSUME_ROLE_POLICY_DOCUMENT' })).toEqual([]);
    const withResource = doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole', Resource: '*' });
    expect(await codes({ doc: withResource, type: 'RESOURCE_POLICY', resourceType: 'AWS_IAM_ASSUME_ROLE_POLICY_DOCUMENT' })).toContain('UNSUPPORTED_ELEMENT');
    expect(await codes({ doc: withResource, type: 'RESOURCE_POLICY' })).not.toContain('UNSUPPORTED_ELEMENT');
  });

  it('checks a boundary and a session policy as identity policies', async () => {
    for (const type of ['PERMISSIONS_BOUNDARY_POLICY', 'SESSION_POLICY']) {
      expect(await codes({ doc: IDENTITY_DOC, type })).toEqual([]);
      expect(await codes({ doc: trust, type })).toEqual(expect.arrayContaining(['UNSUPPORTED_PRINCIPAL']));
    }
  });

  it('refuses a resource type for a policy that is not a resource policy', async () => {
    const response = await api.gql(VALIDATE, { doc: trust, type: 'IDENTITY_POLICY', resourceType: 'AWS_IAM_ASSUME_ROLE_POLICY_DOCUMENT' });
    expect(firstError(response).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'validatePolicyResourceType' });
    expect(firstError(response).message).toContain('applies only to policy type `RESOURCE_POLICY`');
  });
});

describe('scalars', () => {
  it('are graphql-scalars\' DateTime and JSON, with @specifiedBy and our descriptions', async () => {
    const types = dataOf(await api.gql(`{ d: __type(name: "DateTime") { specifiedByURL description } j: __type(name: "JSON") { specifiedByURL description } }`));
    expect(types.d.specifiedByURL).toBe('https://scalars.graphql.org/andimarek/date-time');
    expect(types.j.specifiedByURL).toBe(GraphQLJSON.specifiedByURL);
    expect(types.d.description).toContain('RFC 3339');
    expect(types.j.description).toContain('Statement: $statements');
    expect(GraphQLDateTime.serialize(new Date(0))).toEqual(new Date(0));
  });

  it('give a DateTime as RFC 3339 text in UTC', async () => {
    const account = dataOf(await api.gql('{ account { createDate } }')).account;
    expect(account.createDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});

describe('a JSON literal', () => {
  const CREATE = (document: string, variables: string) =>
    `mutation(${variables}) { createPolicy(input: {policyName: $name, policyDocument: ${document}}) { policy { defaultVersion { document } } } }`;

  it('takes the values of the variables inside it, at any depth', async () => {
    const statements = [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }];
    const whole = await api.gql(CREATE('{Version: "2012-10-17", Statement: $statements}', '$name: String!, $statements: JSON!'), { name: 'LiteralVars', statements });
    expect(dataOf(whole).createPolicy.policy.defaultVersion.document).toEqual({ Version: '2012-10-17', Statement: statements });
    const deep = await api.gql(
      CREATE('{Version: "2012-10-17", Statement: [{Effect: $effect, Action: ["s3:GetObject", $action], Resource: "*"}]}', '$name: String!, $effect: String!, $action: JSON!'),
      { name: 'LiteralVarsDeep', effect: 'Deny', action: 's3:PutObject' },
    );
    expect(dataOf(deep).createPolicy.policy.defaultVersion.document).toEqual(doc({ Effect: 'Deny', Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' }));
  });

  it('is still held to the nesting limit with what its variables add', async () => {
    let nested: unknown = 'x';
    for (let i = 0; i < 30; i += 1) nested = [nested];
    const response = await api.gql(CREATE('{Version: "2012-10-17", Statement: [[[[[$deep]]]]]}', '$name: String!, $deep: JSON!'), { name: 'LiteralVarsTooDeep', deep: nested });
    expect(firstError(response).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'policyDocument' });
  });

  it('may not hold an enum value, which is not JSON', async () => {
    const response = await api.gql(CREATE('{Version: "2012-10-17", Statement: [{Effect: Allow, Action: "s3:*", Resource: "*"}]}', '$name: String!'), { name: 'LiteralEnum' });
    expect(errorCodeOf(response)).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
