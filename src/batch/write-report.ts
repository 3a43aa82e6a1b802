import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Plan } from '../plan/plan-types.js';
import type { BatchReport } from './report.js';
import { formatReportHtml } from './report-html.js';

/** Writes `report.json` and `report.html` into `dir` (created if needed); returns the JSON's path. */
export async function writeReport(dir: string, report: BatchReport, plans: ReadonlyMap<string, Plan>): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'report.json');
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(path.join(dir, 'report.html'), formatReportHtml(report, plans));
  return file;
}
