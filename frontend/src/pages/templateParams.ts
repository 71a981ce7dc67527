/**
 * The instantiate form of a template: one field per typed parameter, read back into the values the studio takes
 * (`POST …/instantiate {"params": {…}}`). Text fields hold what the user typed; `collect` turns them into typed values
 * and says, per parameter, what is wrong, so nothing is sent until every field reads.
 */
import type { Problem } from '../api/http';
import type { TemplateParameter } from '../api/studio';

/** The value a field holds: text for string, number and json parameters, a flag for boolean ones. */
export type FieldValue = string | boolean;

/** What a parameter's field shows first: its default, written as the user would type it. */
export function initialValue(p: TemplateParameter): FieldValue {
  const d = p.defaultValue;
  switch (p.type) {
    case 'boolean':
      return d === true;
    case 'number':
      return typeof d === 'number' ? String(d) : '';
    case 'json':
      return d === undefined || d === null ? '' : JSON.stringify(d, null, 2);
    default:
      return typeof d === 'string' ? d : d === undefined || d === null ? '' : String(d);
  }
}

export interface Collected {
  params: Record<string, unknown>;
  /** Parameter name → what is wrong with its field; empty when every field reads. */
  errors: Record<string, string>;
}

function hasDefault(p: TemplateParameter): boolean {
  return p.defaultValue !== undefined && p.defaultValue !== null;
}

/**
 * Reads every field by its parameter's type. An empty number or JSON field is left out (the default applies, or
 * null for an optional parameter without one); an empty required field without a default is an error, as are a
 * number that does not read and JSON that does not parse. String fields are sent as typed, empty included, except
 * a blank required one, which takes its default.
 */
export function collect(parameters: TemplateParameter[], fields: Record<string, FieldValue>): Collected {
  const params: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const p of parameters) {
    const raw = fields[p.name];
    if (p.type === 'boolean') {
      params[p.name] = raw === true;
      continue;
    }
    const text = typeof raw === 'string' ? raw : '';
    const blank = text.trim() === '';
    if (blank && p.required && !hasDefault(p)) {
      errors[p.name] = 'required';
      continue;
    }
    if (p.type === 'string') {
      // A cleared required field takes its default; an optional one may be empty on purpose.
      if (!(blank && p.required) && typeof raw === 'string') params[p.name] = text;
      continue;
    }
    if (blank) continue;
    if (p.type === 'number') {
      const n = Number(text.trim());
      if (Number.isFinite(n)) params[p.name] = n;
      else errors[p.name] = `“${text.trim()}” is not a number`;
      continue;
    }
    try {
      params[p.name] = JSON.parse(text);
    } catch (e) {
      errors[p.name] = `not JSON: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  return { params, errors };
}

/** The studio's per-parameter findings (`errors[].field` = `$.params.<name>`) by parameter name. */
export function serverErrors(problem: Problem | null | undefined): { byParam: Record<string, string>; other: string[] } {
  const byParam: Record<string, string> = {};
  const other: string[] = [];
  const list = Array.isArray(problem?.errors) ? (problem.errors as { field?: string; message?: string }[]) : [];
  for (const e of list) {
    const m = /^\$\.params\.(.+)$/.exec(e.field ?? '');
    if (m) byParam[m[1]] = byParam[m[1]] ? `${byParam[m[1]]}; ${e.message ?? ''}` : (e.message ?? '');
    else other.push(e.field ? `${e.field}: ${e.message ?? ''}` : (e.message ?? ''));
  }
  return { byParam, other };
}
