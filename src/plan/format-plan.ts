import { formatPlanHtml } from './format-html.js';
import { formatPlanMarkdown } from './format-markdown.js';
import { formatPlanText } from './format-text.js';
import type { Plan } from './plan-types.js';

export type PlanFormat = 'text' | 'json' | 'markdown' | 'html';

/** A plan in one of its views; every view renders the same JSON document. Pure. */
export function formatPlan(plan: Plan, format: PlanFormat, color: boolean): string {
  if (format === 'json') return JSON.stringify(plan, null, 2);
  if (format === 'markdown') return formatPlanMarkdown(plan);
  if (format === 'html') return formatPlanHtml(plan);
  return formatPlanText(plan, { color });
}
