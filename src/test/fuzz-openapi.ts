/** The parts of the app's OpenAPI document that the fuzz suite reads, and its operations. */

export type JsonSchema = Record<string, unknown> & {
  type?: string | string[];
  $ref?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  additionalProperties?: boolean | JsonSchema;
};

export interface OpenApiParameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema?: JsonSchema;
}

export interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  security?: unknown[];
  summary?: string;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** One operation of the document, as the fuzzer needs it. */
export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI path, e.g. `/api/v1/conversations/{id}`. */
  path: string;
  pathParameters: OpenApiParameter[];
  queryParameters: OpenApiParameter[];
  body: JsonSchema | undefined;
  /** The operation says it needs no authentication (`security: []`). */
  public: boolean;
  /** Only a participant session (a contact signed in by link) may call it; staff get 401. */
  participantOnly: boolean;
}

const methods = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Every operation of the document, reads first and deletes last (so deletes do not empty the
 * data the other routes are fuzzed against). */
export function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of methods) {
      const operation = item[method];
      if (!operation) continue;
      const parameters = operation.parameters ?? [];
      operations.push({
        method: method.toUpperCase() as Operation['method'],
        path,
        pathParameters: parameters.filter((parameter) => parameter.in === 'path'),
        queryParameters: parameters.filter((parameter) => parameter.in === 'query'),
        body: operation.requestBody?.content?.['application/json']?.schema,
        public: Array.isArray(operation.security) && operation.security.length === 0,
        participantOnly:
          Array.isArray(operation.security) &&
          operation.security.length > 0 &&
          operation.security.every(
            (requirement) =>
              typeof requirement === 'object' &&
              requirement !== null &&
              Object.keys(requirement).join() === 'participant',
          ),
      });
    }
  }
  const order = (operation: Operation) => methods.indexOf(operation.method.toLowerCase() as never);
  return operations.sort((a, b) => order(a) - order(b));
}
