/** What the forms need from the designer around them, provided once by the panel's owner. */
import { inject, provide, type InjectionKey } from 'vue';
import type { JsonObject } from '../api/types';
import type { PreviewData } from './expression';

export interface FormContext {
  /** Names of the other nodes of the workflow (completion of `$('…')`). */
  nodeNames(): string[];
  /** The last run's data for previews and field completion. */
  preview(): PreviewData;
}

const KEY: InjectionKey<FormContext> = Symbol('hetumind-form-context');

export const emptyContext: FormContext = {
  nodeNames: () => [],
  preview: () => ({ json: null, nodes: {} }),
};

export function provideFormContext(ctx: FormContext): void {
  provide(KEY, ctx);
}

export function useFormContext(): FormContext {
  return inject(KEY, emptyContext);
}

export type { JsonObject };
