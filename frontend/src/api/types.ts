/** Wire types shared by every screen: the workflow document (n8n's export shape) and the node descriptors. */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface WorkflowNode {
  id: string;
  name: string;
  type: string;
  typeVersion: number;
  position: [number, number];
  parameters: JsonObject;
  credentials?: Record<string, { id?: string; name?: string }>;
  disabled?: boolean;
  onError?: 'stop' | 'continue' | 'continueRegularOutput' | 'continueErrorOutput' | 'errorOutput';
  retryOnFail?: boolean;
  maxTries?: number;
  waitBetweenTries?: number;
  notes?: string;
  [extra: string]: unknown;
}

export interface ConnectionTarget {
  node: string;
  type: string;
  index: number;
}

/** Keyed by source node name, then connection type ("main", "ai_tool", …), then output index. */
export type Connections = Record<string, Record<string, (ConnectionTarget[] | null)[]>>;

export interface WorkflowDocument {
  id?: string;
  name: string;
  version?: number;
  active?: boolean;
  nodes: WorkflowNode[];
  connections: Connections;
  settings?: JsonObject;
  pinData?: Record<string, { json: JsonObject }[]>;
  tags?: string[];
  meta?: JsonObject;
  [extra: string]: unknown;
}

export type PropertyTypeName =
  | 'string'
  | 'number'
  | 'boolean'
  | 'options'
  | 'multiOptions'
  | 'collection'
  | 'fixedCollection'
  | 'filter'
  | 'resourceLocator'
  | 'json'
  | 'code'
  | 'credential'
  | 'dateTime'
  | (string & {});

/** `{"param": [values…]}`; a key starting with `@` names a node setting (`@version`, `@onError`). */
export type DisplayRules = Record<string, JsonValue[]>;

export interface PropertyDescriptor {
  name: string;
  displayName: string;
  type: PropertyTypeName;
  default: JsonValue;
  required: boolean;
  description?: string;
  placeholder?: string;
  options?: { name: string; value: JsonValue; description?: string }[];
  children?: PropertyDescriptor[];
  showWhen?: DisplayRules;
  hideWhen?: DisplayRules;
  multipleValues?: boolean;
  noExpression?: boolean;
  typeOptions?: JsonObject;
}

export interface PortDescriptor {
  name: string;
  displayName: string;
}

export interface NodeDescriptor {
  type: string;
  versions: number[];
  displayName: string;
  description: string;
  group: string;
  icon: string;
  trigger: boolean;
  loop: boolean;
  inputs: PortDescriptor[];
  outputs: PortDescriptor[];
  inputRule: JsonObject;
  outputRule: JsonObject;
  errorOutput?: { name: string; displayName: string; when: DisplayRules };
  triggerSpec?: { kind: string; summary: string; parameters: Record<string, string> };
  properties: PropertyDescriptor[];
  credentials: { type: string; required: boolean; showWhen?: DisplayRules }[];
  aliases: string[];
  /** AI sub-nodes a root node takes (n8n's `ai_*` connection types), drawn as ports under the node. */
  subInputs?: SubInputDescriptor[];
  /** What a sub-node supplies to a root (`ai_languageModel`, `ai_tool`…), drawn as a port on top of it. */
  supplies?: string[];
}

export interface SubInputDescriptor {
  type: string;
  displayName: string;
  required: boolean;
  /** How many sub-nodes it takes; 0: any number. */
  max: number;
  showWhen?: DisplayRules;
}
