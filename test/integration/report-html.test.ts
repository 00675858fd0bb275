/**
 * `ppguard scan --format html` in a real browser: the CLI as a child process against the
 * emulator's reference scenario (emulator/reference-pipeline.ts) made leaky as in
 * cli-formats.test.ts (a NAT route out of the private subnets, a project outside the VPC), plus a
 * deleted logs endpoint and an ecr.dkr endpoint without private DNS, so the drawing shows every
 * kind of need. The page is opened from disk in Debian's Chromium (/usr/bin/chromium, installed by
 * .ci/run) through playwright-core: it must load without console errors (a CSP violation is one)
 * and without any request but its own file, its filters must show the rows the scan's JSON says,
 * and a full-page screenshot is written (PPGUARD_REPORT_SCREENSHOT=<path> also copies it there:
 * how docs/report-screenshot.png is made). Under CI=true a missing Chromium fails; elsewhere the
 * suite is skipped with the reason.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CreateProjectCommand } from '@aws-sdk/client-codebuild';
import { CreateRouteCommand, DeleteVpcEndpointsCommand } from '@aws-sdk/client-ec2';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { resetMoto } from '../../emulator/moto';
import {
  buildReferencePipeline,
  createNatGateway,
  createVpcEndpoint,
  type ReferencePipeline,
} from '../../emulator/reference-pipeline';
import type { JsonReport } from '../../lib/cli/report-json';
import type { ResourceType } from '../../lib/resources/model';
import { RULES } from '../../rules/index';
import { startTestAws, type TestAws } from './support/aws';
import { runCli } from './support/cli';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const EMULATED_TYPES = new Set<ResourceType>([
  'AWS::CodeBuild::Project',
  'AWS::ECR::Repository',
  'AWS::EC2::VPCEndpoint',
  'AWS::EC2::VPC',
]);
const EMULATED_RULES = RULES.filter((rule) => rule.resourceTypes.every((type) => EMULATED_TYPES.has(type)));
const RULES_OPTION = `--rules=${EMULATED_RULES.map((rule) => rule.id).join(',')}`;

const available = existsSync(CHROMIUM);
if (!available && process.env.CI === 'true') {
  throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium package before the tests`);
}

let aws: TestAws;
let pipeline: ReferencePipeline;
let context: BrowserContext;
let page: Page;
let dir: string;
let json: JsonReport;
let unusableEcrDkr: string;
const consoleErrors: string[] = [];
const requests: string[] = [];

/** The finding rows the page shows now. */
const visibleRows = () => page.locator('tr.finding:visible').count();

describe.skipIf(!available)(`ppguard scan --format html in Chromium (${CHROMIUM})`, () => {
  beforeAll(async () => {
    aws = await startTestAws();
    await resetMoto(inject('motoEndpoint'));
    pipeline = await buildReferencePipeline(aws);
    const nat = await createNatGateway(aws, pipeline);
    await aws.ec2.send(
      new CreateRouteCommand({
        RouteTableId: pipeline.privateRouteTableId,
        DestinationCidrBlock: '0.0.0.0/0',
        NatGatewayId: nat,
      }),
    );
    await aws.ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [pipeline.endpoints.logs] }));
    // The emulator keeps PrivateDnsEnabled as created (ModifyVpcEndpoint does not change it):
    // replace the ecr.dkr endpoint with one created without private DNS.
    await aws.ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [pipeline.endpoints['ecr.dkr']] }));
    unusableEcrDkr = await createVpcEndpoint(aws, pipeline, 'ecr.dkr', false);
    await aws.codebuild.send(
      new CreateProjectCommand({
        name: 'leaky-build',
        source: { type: 'GITHUB', location: 'https://github.com/example/app.git' },
        artifacts: { type: 'NO_ARTIFACTS' },
        environment: { type: 'LINUX_CONTAINER', image: 'node:22', computeType: 'BUILD_GENERAL1_SMALL' },
        serviceRole: 'arn:aws:iam::123456789012:role/codebuild-app-role',
        logsConfig: { cloudWatchLogs: { status: 'ENABLED' }, s3Logs: { status: 'DISABLED' } },
      }),
    );

    dir = await mkdtemp(join(tmpdir(), 'ppguard-html-'));
    const run = await runCli(
      ['scan', RULES_OPTION, '--output-dir', dir, '--format', 'html,json'],
      aws.emulator.endpoint,
    );
    if (run.code !== 1 || run.stderr !== '') throw new Error(`scan: exit ${run.code}: ${run.stderr}`);
    json = JSON.parse(await readFile(join(dir, 'ppguard-scan.json'), 'utf8')) as JsonReport;

    const profile = await mkdtemp(join(tmpdir(), 'ppguard-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: FLAGS,
      viewport: { width: 1280, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(join(dir, 'ppguard-scan.html')).href);
  });

  afterAll(async () => {
    await context?.close();
    await aws?.close();
  });

  it('loads without console errors and requests nothing but its own file', async () => {
    // Assess
    await expect(page.title()).resolves.toBe('ppguard scan 123456789012');
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(join(dir, 'ppguard-scan.html')).href]);
  });

  it('shows one row per evaluation and per error, and the filters show what the JSON says', async () => {
    // Prepare
    const total = json.evaluations.length + json.errors.length;
    const critical = json.evaluations.filter((e) => e.severity === 'critical').length;
    const failing = json.evaluations.filter((e) => e.compliance === 'NON_COMPLIANT' && !e.exempt).length;
    const endpointsRule = json.evaluations.filter((e) => e.rule === 'codebuild-project-vpc-endpoints').length;
    const leaky = json.evaluations.filter((e) => e.resourceId === 'leaky-build').length;

    // Act and assess, one filter after the other.
    expect(await visibleRows()).toBe(total);
    await expect(page.locator('#shown').textContent()).resolves.toBe(`${total} of ${total} shown`);

    await page.selectOption('#f-severity', 'critical');
    expect(await visibleRows()).toBe(critical);
    await page.selectOption('#f-severity', 'all');

    await page.selectOption('#f-status', 'fail');
    expect(await visibleRows()).toBe(failing);
    expect(failing).toBe(7);
    await expect(page.locator('section.rule:visible').count()).resolves.toBe(
      new Set(json.evaluations.filter((e) => e.compliance === 'NON_COMPLIANT').map((e) => e.rule)).size,
    );
    await page.selectOption('#f-status', 'all');

    await page.selectOption('#f-rule', 'codebuild-project-vpc-endpoints');
    expect(await visibleRows()).toBe(endpointsRule);
    await page.selectOption('#f-rule', 'all');

    await page.fill('#f-text', 'LEAKY-BUILD');
    expect(await visibleRows()).toBe(leaky);
    expect(leaky).toBeGreaterThan(0);
    await page.fill('#f-text', '');
    expect(await visibleRows()).toBe(total);
  });

  it('draws each build path: the NAT route out, the missing and the unusable endpoint, the project outside a VPC', async () => {
    // Prepare
    const app = page.locator(`section.build-path[data-project="${pipeline.projectName}"]`);
    const leaky = page.locator('section.build-path[data-project="leaky-build"]');

    // Assess
    await expect(app.locator('svg .exit.internet title').textContent()).resolves.toMatch(
      /^0\.0\.0\.0\/0 → nat-[0-9a-f]+: internet via nat-gateway$/,
    );
    await expect(app.locator('svg .need.missing title').allTextContents()).resolves.toEqual([
      'logs: missing',
    ]);
    await expect(app.locator('svg .need.unusable title').allTextContents()).resolves.toEqual([
      `ecr.dkr: unusable: ${unusableEcrDkr} has private DNS disabled`,
    ]);
    await expect(app.locator('svg .subnet').count()).resolves.toBe(2);
    await expect(leaky.locator('svg .exit.internet title').textContent()).resolves.toBe('not in a VPC');
  });

  it('produces a screenshot of the page showing failures, exempt and errors', async () => {
    // Prepare
    const path = join(dir, 'report.png');
    await page.selectOption('#f-status', 'failures');

    // Act
    await page.screenshot({ path, fullPage: true });

    // Assess
    expect(await visibleRows()).toBe(
      json.evaluations.filter((e) => e.compliance === 'NON_COMPLIANT' || e.exempt).length +
        json.errors.length,
    );
    const { size } = await stat(path);
    expect(size).toBeGreaterThan(20_000);
    const copy = process.env.PPGUARD_REPORT_SCREENSHOT;
    if (copy) await copyFile(path, copy);
  });
});
