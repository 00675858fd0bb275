import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildPathOf, outsideVpc } from '../../../../lib/cli/build-path';
import {
  CONTENT_SECURITY_POLICY,
  escapeHtml,
  renderHtml,
  renderPathSvg,
} from '../../../../lib/cli/report-html';
import type { ScanResult } from '../../../../lib/cli/scan';
import { codeBuildProject } from '../../../fixtures/models';
import {
  endpointIdFor,
  privateVpc,
  RTB_PRIVATE,
  route,
  SUBNET_A,
  SUBNET_B,
  VPC_ID,
  withEndpoint,
  withoutEndpoints,
  withRoutes,
} from '../../../fixtures/network';
import { projectInVpc, RESULT, repositoryPrivate, TEST_RULES } from './fixtures';

const NOW = new Date('2026-12-04T10:00:00Z');
const HOSTILE = '<img src=x onerror=alert(1)>';
const inVpc = codeBuildProject({
  vpcConfig: { vpcId: VPC_ID, subnetIds: [SUBNET_A, SUBNET_B], securityGroupIds: ['sg-0e1f'] },
});
const DEFAULTS = { requireEcr: true, additionalServices: [] };

/** The <tr class="finding"> rows of a page, each as its opening tag. */
const rowTags = (html: string) =>
  html
    .split('<tr class="finding"')
    .slice(1)
    .map((row) => row.split('>')[0] ?? '');

describe('escapeHtml', () => {
  it('escapes the five characters that can open markup or close an attribute', () => {
    // Act
    const escaped = escapeHtml(`a&b<c>d"e'f`);

    // Assess
    expect(escaped).toBe('a&amp;b&lt;c&gt;d&quot;e&#39;f');
  });
});

describe('renderHtml', () => {
  it('renders a hostile resource name, annotation, region and build path as text, in content and attributes', () => {
    // Prepare
    const [first, ...rest] = RESULT.findings;
    if (!first) throw new Error('fixture has findings');
    const result: ScanResult = {
      ...RESULT,
      account: HOSTILE,
      findings: [
        { ...first, resourceName: HOSTILE, resourceId: `"${HOSTILE}`, annotation: `${HOSTILE} no vpc` },
        ...rest,
      ],
      buildPaths: [outsideVpc(codeBuildProject({ name: HOSTILE }), 'eu-west-1')],
    };

    // Act
    const html = renderHtml(result, TEST_RULES, '1.0.0', NOW);

    // Assess: never markup, always the escaped text.
    expect(html).not.toContain('<img');
    expect(html).not.toContain('"<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; no vpc');
    expect(html).toContain(
      'data-text="test-project-in-vpc fail eu-west-1 &lt;img src=x onerror=alert(1)&gt; &quot;&lt;img',
    );
    expect(html).toContain('<section class="build-path" data-project="&lt;img src=x onerror=alert(1)&gt;">');
  });

  it('groups rows by rule, most severe first, with one row per verdict and per error, each carrying its filter keys', () => {
    // Act
    const html = renderHtml(RESULT, TEST_RULES, '1.0.0', NOW);

    // Assess
    const high = html.indexOf(`<section class="rule" data-rule="${projectInVpc.id}" data-severity="high">`);
    const medium = html.indexOf(
      `<section class="rule" data-rule="${repositoryPrivate.id}" data-severity="medium">`,
    );
    expect(high).toBeGreaterThan(0);
    expect(medium).toBeGreaterThan(high);
    expect(rowTags(html).map((tag) => tag.split(' data-text')[0])).toEqual([
      ` data-rule="${projectInVpc.id}" data-severity="high" data-status="fail"`,
      ` data-rule="${projectInVpc.id}" data-severity="high" data-status="pass"`,
      ` data-rule="${projectInVpc.id}" data-severity="high" data-status="exempt"`,
      ` data-rule="${repositoryPrivate.id}" data-severity="medium" data-status="fail"`,
      ` data-rule="${repositoryPrivate.id}" data-severity="medium" data-status="error"`,
    ]);
    expect(html).toContain(
      'RuleEvaluationError: rule test-repository-private failed on resource cache: boom',
    );
    expect(html).toContain('<output id="shown">5 of 5 shown</output>');
    expect(html).toContain('NON_COMPLIANT by severity: critical 0, high 1, medium 1, low 0');
    expect(html).toContain('<p class="fix"><b>Fix:</b> Attach a vpcConfig.</p>');
  });

  it('allows only its own script and style by hash, and loads nothing else', () => {
    // Act
    const html = renderHtml(RESULT, TEST_RULES, '1.0.0', NOW);

    // Assess
    const script = html.split('<script>')[1]?.split('</script>')[0] ?? '';
    const style = html.split('<style>')[1]?.split('</style>')[0] ?? '';
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    expect(CONTENT_SECURITY_POLICY).toBe(
      `default-src 'none'; script-src ${hash(script)}; style-src ${hash(style)}; img-src 'none'; base-uri 'none'; form-action 'none'`,
    );
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    );
    expect(html).not.toMatch(/\b(?:src|href)=/);
    expect(html).not.toContain('@import');
    expect(html).not.toContain('url(');
  });

  it('says when build paths were not collected', () => {
    // Act
    const html = renderHtml(RESULT, TEST_RULES, '1.0.0', NOW);

    // Assess
    expect(html).toContain('<h2>Build paths</h2>\n<p>Build paths were not collected.</p>');
  });
});

describe('renderPathSvg', () => {
  it('draws the reference project: both subnets, the private route table, no route out, every endpoint present', () => {
    // Act
    const svg = renderPathSvg(buildPathOf(inVpc, privateVpc(), DEFAULTS));

    // Assess
    expect(svg).toContain('<g class="node project"><title>app-build</title>');
    expect(svg).toContain(`<g class="node subnet"><title>${SUBNET_A}</title>`);
    expect(svg).toContain(`<g class="node subnet"><title>${SUBNET_B}</title>`);
    expect(svg.split(`<g class="node table"><title>${RTB_PRIVATE}</title>`)).toHaveLength(2);
    expect(svg).toContain('<g class="node exit private"><title>private</title>');
    expect(svg).not.toContain('exit internet');
    expect(svg.split('<g class="node need present">')).toHaveLength(7);
    expect(svg).toContain('<title>git-codecommit: vpce-git-codecommit</title>');
    expect(svg).toContain(`<text x="196" y="24">${VPC_ID}</text>`);
  });

  it('draws a NAT route as leaving to the internet, a missing endpoint and an unusable one with its reason', () => {
    // Prepare
    const leaky = withEndpoint(
      withoutEndpoints(withRoutes(privateVpc(), RTB_PRIVATE, route('0.0.0.0/0', 'nat-0abc')), 'logs'),
      endpointIdFor('ecr.dkr'),
      { privateDnsEnabled: false },
    );

    // Act
    const svg = renderPathSvg(buildPathOf(inVpc, leaky, DEFAULTS));

    // Assess
    expect(svg).toContain(
      '<g class="node exit internet"><title>0.0.0.0/0 → nat-0abc: internet via nat-gateway</title>',
    );
    expect(svg).toContain('<text class="small" x="648" y="94">internet via nat-gateway</text>');
    expect(svg).not.toContain('exit private');
    expect(svg).toContain('<g class="node need missing"><title>logs: missing</title>');
    expect(svg).toContain(
      '<g class="node need unusable"><title>ecr.dkr: unusable: vpce-ecr-dkr has private DNS disabled</title>',
    );
  });

  it('draws a project outside a VPC as building on the internet', () => {
    // Act
    const svg = renderPathSvg(outsideVpc(codeBuildProject({ name: 'leaky-build' }), 'eu-west-1'));

    // Assess
    expect(svg).toContain('<g class="node exit internet"><title>not in a VPC</title>');
    expect(svg).not.toContain('class="vpc"');
  });
});
