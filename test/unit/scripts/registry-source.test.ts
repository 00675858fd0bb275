/**
 * The generated rule registry (scripts/registry-source.ts): existing rules keep their order, new
 * rule files are appended sorted, removed ones are dropped, and both generated files agree.
 */
import { describe, expect, it } from 'vitest';
import { generatedOrder, registryOrder, renderLoaders, renderRules } from '../../../scripts/registry-source';

describe('registryOrder', () => {
  it('keeps the previous order, appends new rule files sorted and drops rules whose file is gone', () => {
    // Prepare
    const files = ['a-rule', 'b-new', 'c-rule', 'a-new'].sort();
    const previous = ['c-rule', 'gone-rule', 'a-rule'];

    // Act
    const order = registryOrder(files, previous);

    // Assess
    expect(order).toEqual(['c-rule', 'a-rule', 'a-new', 'b-new']);
  });
});

describe('renderLoaders / renderRules', () => {
  it('render the same ids in the same order, and the order reads back from the loaders', () => {
    // Prepare
    const ids = ['vpc-rule', 'ecr-repository-rule'];

    // Act
    const loaders = renderLoaders(ids);
    const rules = renderRules(ids);

    // Assess
    expect(generatedOrder(loaders)).toEqual(ids);
    expect(loaders).toContain("  'ecr-repository-rule': () => import('../ecr-repository-rule'),");
    expect(rules).toContain("import ecrRepositoryRule from '../ecr-repository-rule';");
    expect(rules).toContain(
      'export const GENERATED_RULES: readonly AnyRule[] = [\n  vpcRule,\n  ecrRepositoryRule,\n];',
    );
  });
});
