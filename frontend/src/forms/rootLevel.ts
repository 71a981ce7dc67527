/**
 * The node's top level (its parameters and properties), provided by the parameter panel so that nested levels can
 * resolve n8n's root-relative rule keys (`"/operation"`); see `lookup` in rules.ts.
 */
import { inject, provide, type InjectionKey } from 'vue';
import type { RootLevel } from './rules';

const KEY: InjectionKey<() => RootLevel | null> = Symbol('hetumind-root-level');

export function provideRootLevel(root: () => RootLevel): void {
  provide(KEY, root);
}

/** The node's top level now, or null outside a parameter panel (the level itself is then the top). */
export function injectRootLevel(): () => RootLevel | null {
  return inject(KEY, () => null as RootLevel | null);
}
