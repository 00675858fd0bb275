/**
 * `--format html`: one self-contained page (docs/report-formats.md "HTML"). Findings grouped by
 * rule, most severe first, with filters that run in the page (severity, status, rule, text), and
 * for each CodeBuild project an inline SVG of its build path (lib/cli/build-path.ts).
 *
 * Everything is inline: the Content-Security-Policy allows only this page's own script and style
 * (by their SHA-256) and no other load, so the file opens offline and cannot fetch anything.
 * Every text from the account (names, tags, annotations) goes through escapeHtml: a hostile
 * resource name renders as text. Rows are rendered here; the script only hides and shows them.
 */
import { createHash } from 'node:crypto';
import type { AnyRule, Severity } from '../engine/rule';
import type { ReportError } from './aws-errors';
import type { BuildPath, PathNeed, PathRoute, PathSubnet } from './build-path';
import type { Finding, ScanResult } from './scan';

const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

/** The row statuses the page filters on. */
export type RowStatus = 'fail' | 'exempt' | 'error' | 'pass' | 'na';

const STATUS_LABEL: Record<RowStatus, string> = {
  fail: 'NON_COMPLIANT',
  exempt: 'EXEMPT',
  error: 'ERROR',
  pass: 'COMPLIANT',
  na: 'NOT_APPLICABLE',
};

/** Text for HTML content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const e = escapeHtml;

/** At most `max` characters (the SVG does not wrap), the whole text in the element's <title>. */
function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function rowStatusOf(finding: Finding): RowStatus {
  if (finding.exempt) return 'exempt';
  if (finding.compliance === 'NON_COMPLIANT') return 'fail';
  return finding.compliance === 'COMPLIANT' ? 'pass' : 'na';
}

interface Row {
  rule: string;
  severity: Severity | 'none';
  status: RowStatus;
  region: string;
  resource: string;
  resourceId: string;
  arn: string;
  text: string;
}

function findingRow(finding: Finding): Row {
  return {
    rule: finding.rule,
    severity: finding.severity,
    status: rowStatusOf(finding),
    region: finding.region,
    resource: finding.resourceName || finding.resourceId,
    resourceId: finding.resourceId,
    arn: finding.arn,
    text: finding.annotation,
  };
}

function errorRows(error: ReportError, rules: readonly AnyRule[]): Row[] {
  const where = [error.service, error.operation].filter(Boolean).join(' ');
  const text = `${error.code}${where ? ` (${where})` : ''}: ${error.message}`;
  const ids = error.rules && error.rules.length > 0 ? error.rules : ['ppguard'];
  return ids.map((id) => ({
    rule: id,
    severity: rules.find((rule) => rule.id === id)?.severity ?? 'none',
    status: 'error',
    region: error.region ?? '',
    resource: error.resourceId ?? '',
    resourceId: error.resourceId ?? '',
    arn: '',
    text,
  }));
}

function renderRow(row: Row): string {
  const search = [row.rule, row.status, row.region, row.resource, row.resourceId, row.arn, row.text]
    .join(' ')
    .toLowerCase();
  const id =
    row.resourceId && row.resourceId !== row.resource ? `<div class="id">${e(row.resourceId)}</div>` : '';
  return (
    `<tr class="finding" data-rule="${e(row.rule)}" data-severity="${row.severity}" data-status="${row.status}" data-text="${e(search)}">` +
    `<td><span class="status ${row.status}">${STATUS_LABEL[row.status]}</span></td>` +
    `<td>${e(row.resource)}${id}</td><td>${e(row.region)}</td><td>${e(row.text)}</td></tr>`
  );
}

function count(rows: readonly Row[], status: RowStatus): number {
  return rows.filter((row) => row.status === status).length;
}

function renderGroups(rows: readonly Row[], rules: readonly AnyRule[]): string {
  const byRule = new Map<string, Row[]>();
  for (const row of rows) byRule.set(row.rule, [...(byRule.get(row.rule) ?? []), row]);
  const rank = (id: string) => {
    const rule = rules.find((r) => r.id === id);
    const severity = rule ? SEVERITIES.indexOf(rule.severity) : SEVERITIES.length;
    return severity * 1000 + (rule ? rules.indexOf(rule) : 999);
  };
  return [...byRule.keys()]
    .sort((a, b) => rank(a) - rank(b))
    .map((id) => {
      const rule = rules.find((r) => r.id === id);
      const group = byRule.get(id) ?? [];
      const severity = rule?.severity ?? 'none';
      const counts = (['fail', 'exempt', 'error', 'pass', 'na'] as const)
        .filter((status) => count(group, status) > 0)
        .map(
          (status) => `<span class="status ${status}">${count(group, status)} ${STATUS_LABEL[status]}</span>`,
        )
        .join(' ');
      const fix = rule ? `<p class="fix"><b>Fix:</b> ${e(rule.remediation)}</p>` : '';
      return (
        `<section class="rule" data-rule="${e(id)}" data-severity="${severity}">` +
        `<h3><span class="sev ${severity}">${severity}</span> ${e(rule?.title ?? 'ppguard')} <code>${e(id)}</code></h3>` +
        `<p class="counts">${counts}</p>${fix}` +
        '<table><thead><tr><th>Status</th><th>Resource</th><th>Region</th><th>Annotation</th></tr></thead><tbody>' +
        group.map(renderRow).join('') +
        '</tbody></table></section>'
      );
    })
    .join('\n');
}

function option(value: string, label: string): string {
  return `<option value="${e(value)}">${e(label)}</option>`;
}

function renderFilters(rows: readonly Row[]): string {
  const ruleIds = [...new Set(rows.map((row) => row.rule))];
  const ruleOptions = ruleIds.map((id) => option(id, id)).join('');
  return (
    '<form class="filters" id="filters">' +
    `<label>Severity <select id="f-severity">${option('all', 'all')}${SEVERITIES.map((s) => option(s, s)).join('')}</select></label>` +
    `<label>Status <select id="f-status">${option('all', 'all')}${option('failures', 'failures, exempt and errors')}` +
    (['fail', 'exempt', 'error', 'pass', 'na'] as const).map((s) => option(s, STATUS_LABEL[s])).join('') +
    '</select></label>' +
    `<label>Rule <select id="f-rule">${option('all', 'all')}${ruleOptions}</select></label>` +
    '<label>Search <input id="f-text" type="search" placeholder="resource, annotation, ARN…"></label>' +
    `<output id="shown">${rows.length} of ${rows.length} shown</output>` +
    '</form>'
  );
}

// ---- The build path drawing -------------------------------------------------------------------

const BOX_H = 44;
const ROW_H = 58;
const COL = { project: 10, subnet: 200, table: 420, exit: 640 } as const;
const WIDTH = { project: 160, subnet: 190, table: 180, exit: 220 } as const;
const NEED_W = 200;
const NEEDS_PER_ROW = 4;

function box(x: number, y: number, w: number, kind: string, lines: readonly string[], title: string): string {
  const [first = '', second] = lines;
  const max = Math.floor(w / 7.2);
  return (
    `<g class="node ${kind}"><title>${e(title)}</title>` +
    `<rect x="${x}" y="${y}" width="${w}" height="${BOX_H}" rx="6"/>` +
    `<text x="${x + 8}" y="${y + 18}">${e(clip(first, max))}</text>` +
    (second === undefined
      ? ''
      : `<text class="small" x="${x + 8}" y="${y + 35}">${e(clip(second, max + 4))}</text>`) +
    '</g>'
  );
}

function line(x1: number, y1: number, x2: number, y2: number, kind = ''): string {
  return `<path class="edge ${kind}" d="M${x1} ${y1} C${(x1 + x2) / 2} ${y1} ${(x1 + x2) / 2} ${y2} ${x2} ${y2}"/>`;
}

function exitLabel(route: PathRoute): string {
  return `${route.destination} → ${route.target}`;
}

function needBox(need: PathNeed, index: number, top: number): string {
  const x = 10 + (index % NEEDS_PER_ROW) * (NEED_W + 12);
  const y = top + Math.floor(index / NEEDS_PER_ROW) * (BOX_H + 10);
  const usable = need.endpoints.find((endpoint) => endpoint.usable);
  const detail =
    need.status === 'present'
      ? (usable?.endpointId ?? '')
      : need.status === 'missing'
        ? `missing${need.note ? `: ${need.note}` : ''}`
        : `unusable: ${need.endpoints.map((x) => `${x.endpointId} ${x.reason ?? ''}`).join('; ')}`;
  return box(x, y, NEED_W, `need ${need.status}`, [need.service, detail], `${need.service}: ${detail}`);
}

/** The inline SVG of one project's build path. */
export function renderPathSvg(path: BuildPath): string {
  const parts: string[] = [];
  const subnets = path.subnets;
  const tables = [...new Set(subnets.flatMap((s) => (s.routeTableId ? [s.routeTableId] : [])))];
  const rows = Math.max(1, subnets.length, tables.length);
  const midOf = (index: number, of: number) => 30 + ((rows - of) * ROW_H) / 2 + index * ROW_H + BOX_H / 2;
  const projectY = midOf(0, 1) - BOX_H / 2;
  parts.push(
    box(COL.project, projectY, WIDTH.project, 'project', [path.project, 'CodeBuild project'], path.project),
  );
  if (path.vpcId === undefined) {
    const y = projectY;
    parts.push(line(COL.project + WIDTH.project, y + BOX_H / 2, COL.exit, y + BOX_H / 2, 'internet'));
    parts.push(
      box(
        COL.exit,
        y,
        WIDTH.exit,
        'exit internet',
        ['CodeBuild network', 'not in a VPC: internet access'],
        'not in a VPC',
      ),
    );
  } else if (!path.vpcExists) {
    parts.push(
      line(COL.project + WIDTH.project, projectY + BOX_H / 2, COL.subnet, projectY + BOX_H / 2, 'missing'),
    );
    parts.push(
      box(COL.subnet, projectY, WIDTH.subnet, 'vpc-missing', [path.vpcId, 'VPC does not exist'], path.vpcId),
    );
  } else {
    parts.push(
      `<g class="vpc"><rect x="${COL.subnet - 12}" y="8" width="${COL.table + WIDTH.table - COL.subnet + 24}" height="${rows * ROW_H + 28}" rx="10"/>` +
        `<text x="${COL.subnet - 4}" y="24">${e(path.vpcId)}</text></g>`,
    );
    subnets.forEach((subnet: PathSubnet, index) => {
      const y = midOf(index, subnets.length);
      parts.push(line(COL.project + WIDTH.project, projectY + BOX_H / 2, COL.subnet, y));
      const second = subnet.known
        ? [subnet.availabilityZone, subnet.cidrBlock].filter(Boolean).join(' · ')
        : 'not in the VPC';
      parts.push(
        box(
          COL.subnet,
          y - BOX_H / 2,
          WIDTH.subnet,
          subnet.known ? 'subnet' : 'subnet unknown',
          [subnet.subnetId, second],
          subnet.subnetId,
        ),
      );
      if (subnet.routeTableId) {
        const t = midOf(tables.indexOf(subnet.routeTableId), tables.length);
        parts.push(line(COL.subnet + WIDTH.subnet, y, COL.table, t));
      }
    });
    let exitRow = 0;
    const exits: string[] = [];
    tables.forEach((tableId, index) => {
      const y = midOf(index, tables.length);
      const subnet = subnets.find((s) => s.routeTableId === tableId);
      parts.push(
        box(
          COL.table,
          y - BOX_H / 2,
          WIDTH.table,
          'table',
          [tableId, subnet?.via === 'main' ? 'main route table' : 'route table'],
          tableId,
        ),
      );
      const egress = subnet?.egress ?? [];
      if (egress.length === 0) {
        exits.push(line(COL.table + WIDTH.table, y, COL.exit, y, 'private'));
        exits.push(
          box(
            COL.exit,
            y - BOX_H / 2,
            WIDTH.exit,
            'exit private',
            ['no route leaves the VPC', 'endpoints only'],
            'private',
          ),
        );
        exitRow++;
        return;
      }
      for (const route of egress) {
        const ey = y + egress.indexOf(route) * (BOX_H + 6);
        const kind = route.classification === 'internet' ? 'internet' : 'unknown';
        const label = `${route.classification === 'internet' ? 'internet' : 'unseen network'} via ${route.targetKind}`;
        exits.push(line(COL.table + WIDTH.table, y, COL.exit, ey, kind));
        exits.push(
          box(
            COL.exit,
            ey - BOX_H / 2,
            WIDTH.exit,
            `exit ${kind}`,
            [exitLabel(route), label],
            `${exitLabel(route)}: ${label}`,
          ),
        );
        exitRow++;
      }
    });
    parts.push(...exits);
    const extra = Math.max(0, exitRow - rows);
    const needsTop = 30 + (rows + extra) * ROW_H + 30;
    parts.push(`<text class="heading" x="10" y="${needsTop - 10}">Endpoints the build needs</text>`);
    path.needs.forEach((need, index) => {
      parts.push(needBox(need, index, needsTop));
    });
    const needRows = Math.ceil(path.needs.length / NEEDS_PER_ROW);
    return svg(parts, needsTop + needRows * (BOX_H + 10) + 10, path.project);
  }
  return svg(parts, 30 + rows * ROW_H + 20, path.project);
}

function svg(parts: readonly string[], height: number, project: string): string {
  const width = COL.exit + WIDTH.exit + 20;
  return (
    `<svg class="path" role="img" aria-label="${e(`Build path of ${project}`)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">` +
    parts.join('') +
    '</svg>'
  );
}

function renderNeedsTable(path: BuildPath): string {
  if (path.needs.length === 0) return '';
  const rows = path.needs.map((need) => {
    const detail =
      need.status === 'missing'
        ? (need.note ?? 'no endpoint for this service')
        : need.endpoints
            .map((x) => `${x.endpointId} (${x.endpointType})${x.usable ? ' usable' : ` ${x.reason ?? ''}`}`)
            .join('; ');
    return `<tr class="need-row ${need.status}"><td>${e(need.service)}</td><td><span class="status ${need.status}">${need.status}</span></td><td>${e(detail)}</td></tr>`;
  });
  return `<table class="needs"><thead><tr><th>Service</th><th>Endpoint</th><th>Why</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function renderPaths(paths: readonly BuildPath[]): string {
  if (paths.length === 0) return '<p>No CodeBuild project was found.</p>';
  return paths
    .map(
      (path) =>
        `<section class="build-path" data-project="${e(path.project)}"><h3>${e(path.project)} <small>${e(path.region)}</small></h3>` +
        `${renderPathSvg(path)}${renderNeedsTable(path)}</section>`,
    )
    .join('\n');
}

// ---- The page -----------------------------------------------------------------------------------

const STYLE = `
:root{--fail:#c62828;--exempt:#8e24aa;--error:#e65100;--pass:#2e7d32;--na:#607d8b;--bg:#f7f8fa;--ink:#1d2530}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:var(--bg);color:var(--ink)}
header{background:#18222f;color:#fff;padding:16px 28px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;color:#c8d1dc}
main{padding:12px 28px 40px;max-width:1200px}h2{margin:28px 0 8px;font-size:17px}
.summary{display:flex;gap:12px;flex-wrap:wrap}.card{background:#fff;border-radius:8px;padding:10px 16px;box-shadow:0 1px 2px #0002;min-width:110px}
.card b{display:block;font-size:22px}.card.fail b{color:var(--fail)}.card.pass b{color:var(--pass)}.card.error b{color:var(--error)}.card.exempt b{color:var(--exempt)}
.filters{display:flex;gap:14px;flex-wrap:wrap;align-items:end;background:#fff;padding:10px 14px;border-radius:8px;box-shadow:0 1px 2px #0002;position:sticky;top:0;z-index:1}
.filters label{display:flex;flex-direction:column;font-size:12px;color:#4a5565}.filters select,.filters input{font:inherit;padding:4px 6px}
#shown{margin-left:auto;font-weight:600}
section.rule{background:#fff;border-radius:8px;margin:14px 0;padding:6px 14px 10px;box-shadow:0 1px 2px #0002}
section.rule h3{font-size:15px;margin:8px 0 2px}code{font-size:12px;color:#4a5565}.fix{font-size:12px;color:#4a5565;margin:4px 0}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:5px 8px;border-top:1px solid #e6e9ee;vertical-align:top;overflow-wrap:anywhere}
th{font-size:12px;color:#4a5565}section.rule th:nth-child(1){width:120px}section.rule th:nth-child(2){width:24%}section.rule th:nth-child(3){width:90px}.needs th:nth-child(1){width:160px}.needs th:nth-child(2){width:90px}.id{font-size:11px;color:#6b7685}
.status{display:inline-block;border-radius:10px;padding:0 8px;font-size:11px;font-weight:600;color:#fff;background:var(--na);white-space:nowrap}
.status.fail,.status.missing{background:var(--fail)}.status.exempt{background:var(--exempt)}.status.error,.status.unusable{background:var(--error)}.status.pass,.status.present{background:var(--pass)}
.sev{display:inline-block;border-radius:4px;padding:0 6px;font-size:11px;text-transform:uppercase;color:#fff;background:#607d8b}
.sev.critical{background:#7f0000}.sev.high{background:#c62828}.sev.medium{background:#ef6c00}.sev.low{background:#9e9d24}
.build-path{background:#fff;border-radius:8px;margin:14px 0;padding:6px 14px 12px;box-shadow:0 1px 2px #0002;overflow-x:auto}
.build-path h3{font-size:15px;margin:8px 0}.build-path small{color:#6b7685;font-weight:400}
svg.path text{font:12px system-ui,sans-serif;fill:#1d2530}svg.path text.small{font-size:11px;fill:#4a5565}svg.path text.heading{font-weight:600}
svg.path .node rect{fill:#fff;stroke:#90a4ae;stroke-width:1.5}svg.path .project rect{fill:#e3f2fd;stroke:#1e88e5}
svg.path .subnet.unknown rect,svg.path .vpc-missing rect{stroke:var(--fail);stroke-dasharray:4 3}
svg.path .vpc rect{fill:#f1f8e9;stroke:#9ccc65;stroke-dasharray:6 4}svg.path .vpc text{fill:#558b2f;font-weight:600}
svg.path .exit.private rect,svg.path .need.present rect{fill:#e8f5e9;stroke:var(--pass)}
svg.path .exit.internet rect,svg.path .need.missing rect{fill:#ffebee;stroke:var(--fail)}
svg.path .exit.unknown rect,svg.path .need.unusable rect{fill:#fff3e0;stroke:var(--error)}
svg.path .edge{fill:none;stroke:#90a4ae;stroke-width:1.5}svg.path .edge.internet,svg.path .edge.missing{stroke:var(--fail);stroke-width:2.5}
svg.path .edge.unknown{stroke:var(--error);stroke-width:2}svg.path .edge.private{stroke:var(--pass)}
.needs{margin-top:6px;font-size:13px}
[hidden]{display:none!important}
`;

const SCRIPT = `
(() => {
  const $ = (id) => document.getElementById(id);
  const rows = [...document.querySelectorAll('tr.finding')];
  const failures = new Set(['fail', 'exempt', 'error']);
  function apply() {
    const severity = $('f-severity').value, status = $('f-status').value, rule = $('f-rule').value;
    const text = $('f-text').value.trim().toLowerCase();
    let shown = 0;
    for (const row of rows) {
      const d = row.dataset;
      const ok = (severity === 'all' || d.severity === severity) &&
        (status === 'all' || (status === 'failures' ? failures.has(d.status) : d.status === status)) &&
        (rule === 'all' || d.rule === rule) && (text === '' || d.text.includes(text));
      row.hidden = !ok;
      if (ok) shown++;
    }
    for (const group of document.querySelectorAll('section.rule'))
      group.hidden = group.querySelector('tr.finding:not([hidden])') === null;
    $('shown').textContent = shown + ' of ' + rows.length + ' shown';
  }
  for (const id of ['f-severity', 'f-status', 'f-rule']) $(id).addEventListener('change', apply);
  $('f-text').addEventListener('input', apply);
  $('filters').addEventListener('submit', (event) => event.preventDefault());
  apply();
})();
`;

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The page's policy: its own script and style (by hash), nothing else, no remote load of any kind. */
export const CONTENT_SECURITY_POLICY = `default-src 'none'; script-src ${sha256(SCRIPT)}; style-src ${sha256(STYLE)}; img-src 'none'; base-uri 'none'; form-action 'none'`;

/** The HTML report of one account's scan. */
export function renderHtml(
  result: ScanResult,
  rules: readonly AnyRule[],
  toolVersion: string,
  now: Date,
): string {
  const rows = [
    ...result.findings.map(findingRow),
    ...result.errors.flatMap((error) => errorRows(error, rules)),
  ];
  const failing = result.findings.filter((f) => rowStatusOf(f) === 'fail');
  const bySeverity = SEVERITIES.map((s) => `${s} ${failing.filter((f) => f.severity === s).length}`).join(
    ', ',
  );
  const card = (status: RowStatus, label: string) =>
    `<div class="card ${status}"><b>${count(rows, status)}</b>${label}</div>`;
  const paths = result.buildPaths;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>ppguard scan ${e(result.account ?? '')}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>ppguard scan</h1><p>Account ${e(result.account ?? 'unknown')} · ${e(result.regions.join(', '))} · ${e(now.toISOString())} · ppguard ${e(toolVersion)}</p></header>
<main>
<div class="summary">${card('fail', 'non-compliant')}${card('exempt', 'exempt')}${card('error', 'errors')}${card('pass', 'compliant')}${card('na', 'not applicable')}</div>
<p>NON_COMPLIANT by severity: ${bySeverity}</p>
<h2>Findings</h2>
${renderFilters(rows)}
${renderGroups(rows, rules)}
<h2>Build paths</h2>
${paths === undefined ? '<p>Build paths were not collected.</p>' : renderPaths(paths)}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
