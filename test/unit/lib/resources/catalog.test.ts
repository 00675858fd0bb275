/**
 * The resource-type catalog (lib/resources/catalog.ts): one descriptor per type, consistent with
 * itself, so the loops over it in resources, collect, deploy, config, doctor and scan stay true.
 */
import { describe, expect, it } from 'vitest';
import {
  descriptorOf,
  NEVER_RECORDED_TYPES,
  RESOURCE_CATALOG,
  RESOURCE_DESCRIPTORS,
  TYPES_WITH_CONFIG_IDS,
} from '../../../../lib/resources/catalog';
import { RESOURCE_TYPES } from '../../../../lib/resources/model';

describe('RESOURCE_CATALOG', () => {
  it('has one descriptor per resource type, filed under its own type, in the order of RESOURCE_TYPES', () => {
    // Prepare
    const keys = Object.keys(RESOURCE_CATALOG);

    // Act
    const types = RESOURCE_DESCRIPTORS.map((d) => d.type);

    // Assess
    expect(types).toEqual([...RESOURCE_TYPES]);
    expect(keys.sort()).toEqual([...RESOURCE_TYPES].sort());
    for (const [key, descriptor] of Object.entries(RESOURCE_CATALOG)) expect(descriptor.type).toBe(key);
  });

  it('gives a Config-item adapter to exactly the types AWS Config records', () => {
    // Prepare
    const withAdapter = RESOURCE_DESCRIPTORS.filter((d) => d.fromConfigurationItem).map((d) => d.type);

    // Act
    const recorded = RESOURCE_DESCRIPTORS.filter((d) => d.config.recorded !== 'never').map((d) => d.type);

    // Assess
    expect(withAdapter).toEqual(recorded);
    expect([...NEVER_RECORDED_TYPES]).toEqual(['AWS::CodeCommit::Repository']);
  });

  it('names IAM read actions of the form service:Action for every type, in its own service or Config', () => {
    for (const descriptor of RESOURCE_DESCRIPTORS) {
      // Act
      const actions = [...descriptor.readActions, ...(descriptor.recordedReadActions ?? [])];

      // Assess
      expect(descriptor.readActions.length).toBeGreaterThan(0);
      for (const action of actions) expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z]+$/);
      for (const action of descriptor.readActions) expect(action.split(':')[0]).toBe(descriptor.service);
    }
  });

  it('states the Config facts the code relies on: ids, one-Region types', () => {
    // Act
    const publicRecording = RESOURCE_CATALOG['AWS::ECR::PublicRepository'].config;

    // Assess
    expect([...TYPES_WITH_CONFIG_IDS]).toEqual(['AWS::CodeBuild::Project']);
    expect(publicRecording).toEqual({ recorded: 'one-region', region: 'us-east-1' });
    expect(descriptorOf('AWS::EC2::RouteTable')).toBeUndefined();
  });
});
