import SwaggerParser from '@apidevtools/swagger-parser';
import type { Router } from 'express';
import { describe, expect, it } from 'vitest';
import { MAX_AMOUNT, orderInputSchema } from '../../contract/order';
import { openApiDocument } from '../../src/api/openapi';
import { getConfig } from '../../src/config';
import { healthAndMetricsRouter, operationsRouter } from '../../src/api/operations-routes';
import { ordersRouter, type OrdersDeps } from '../../src/api/orders-routes';
import { createMetrics } from '../../src/metrics';

interface RouteLayer {
  route?: {
    path: string;
    methods: Record<string, boolean>;
    stack: { handle: { requiredScope?: string | null } }[];
  };
}

const servedRouters = () => [
  ordersRouter({ config: getConfig({}) } as OrdersDeps),
  healthAndMetricsRouter(createMetrics().registry),
  operationsRouter({ checks: {}, topics: getConfig({}).kafka.topics }),
];

/** "METHOD /path/{param}" → the scope its requireScope declares (null: any token), or "public". */
function scopesServed(): Record<string, string | null> {
  return Object.fromEntries(
    servedRouters().flatMap((router) =>
      (router.stack as RouteLayer[]).flatMap(({ route }) => {
        if (!route) return [];
        const guard = route.stack.find((layer) => layer.handle.requiredScope !== undefined);
        const scope = guard ? guard.handle.requiredScope! : 'public';
        const path = route.path.replace(/:(\w+)/g, '{$1}');
        return Object.keys(route.methods).map((method) => [`${method.toUpperCase()} ${path}`, scope]);
      }),
    ),
  );
}

type JsonNode = { description?: string; properties?: Record<string, JsonNode>; items?: JsonNode };
type ZodNode = {
  _zod: {
    def: {
      type: string;
      checks?: { _zod: { def: { check: string; error?: () => string } } }[];
      shape?: Record<string, ZodNode>;
      element?: ZodNode;
      innerType?: ZodNode;
    };
  };
};

/** Where a refine's message is missing from the description of the node it constrains. */
function undocumentedRefines(zod: ZodNode, json: JsonNode, path = '(root)'): string[] {
  const { def } = zod._zod;
  if (def.type === 'optional') return undocumentedRefines(def.innerType!, json, path);
  const missing = (def.checks ?? [])
    .filter((check) => check._zod.def.check === 'custom')
    .map((check) => check._zod.def.error!())
    .filter((message) => !json.description?.toLowerCase().includes(message.toLowerCase()))
    .map((message) => `${path}: ${message}`);
  const children = Object.entries(def.shape ?? {}).flatMap(([key, child]) =>
    undocumentedRefines(child, json.properties![key]!, `${path}.${key}`),
  );
  const element = def.element ? undocumentedRefines(def.element, json.items!, `${path}[]`) : [];
  return [...missing, ...children, ...element];
}

/** "METHOD /path/{param}" for every route a router serves (routers only read deps when a request arrives). */
function routesOf(router: Router): string[] {
  return router.stack.flatMap((layer) => {
    const route = layer.route as { path: string; methods: Record<string, boolean> } | undefined;
    if (!route) return [];
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    return Object.keys(route.methods).map((method) => `${method.toUpperCase()} ${path}`);
  });
}

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    await expect(SwaggerParser.validate(structuredClone(openApiDocument()) as never)).resolves.toBeDefined();
  });

  it('shows the largest storable amount as the maximum unit price and names the bound on the total', () => {
    const { items } = openApiDocument().components.schemas.OrderInput.properties as unknown as Record<
      string,
      { description: string; items: { properties: { unitPrice: { maximum: number } } } }
    >;
    expect(items!.items.properties.unitPrice.maximum).toBe(MAX_AMOUNT);
    expect(items!.description).toContain(String(MAX_AMOUNT));
  });

  it('describes exactly the routes the API serves', () => {
    const served = [
      ...routesOf(ordersRouter({ config: getConfig({}) } as OrdersDeps)),
      ...routesOf(healthAndMetricsRouter(createMetrics().registry)),
      ...routesOf(operationsRouter({ checks: {}, topics: getConfig({}).kafka.topics })),
    ].sort();
    const documented = Object.entries(openApiDocument().paths)
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      )
      .sort();
    expect(served.length).toBeGreaterThan(5);
    expect(documented).toEqual(served);
  });

  it('declares for each operation the scope its route requires, and no token for the public ones', () => {
    const document = openApiDocument();
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    const documented = Object.fromEntries(
      Object.entries(document.paths).flatMap(([path, operations]) =>
        Object.entries(operations as Record<string, { security: Record<string, string[]>[] }>).map(
          ([method, { security }]) => {
            const scope = security.length === 0 ? 'public' : (security[0]!.bearerAuth![0] ?? null);
            return [`${method.toUpperCase()} ${path}`, scope];
          },
        ),
      ),
    );
    expect(documented).toEqual(scopesServed());
    expect(documented['POST /orders']).toBe('orders:write');
    expect(documented['GET /healthz']).toBe('public');
  });

  it('documents 401 on every secured operation, 403 where a scope is needed and 429 on the mutating ones', () => {
    for (const [path, operations] of Object.entries(openApiDocument().paths)) {
      for (const [method, op] of Object.entries(
        operations as Record<string, { security: unknown[]; responses: object }>,
      )) {
        const codes = Object.keys(op.responses);
        if (op.security.length > 0) expect(codes, `${method} ${path}`).toContain('401');
        if (method === 'post')
          expect(codes, `${method} ${path}`).toEqual(expect.arrayContaining(['403', '429']));
      }
    }
  });

  it('states every constraint the order schema enforces, including those JSON Schema cannot express', () => {
    const documented = openApiDocument().components.schemas.OrderInput as JsonNode;
    expect(undocumentedRefines(orderInputSchema as unknown as ZodNode, documented)).toEqual([]);
    expect(documented.properties!.items!.description).toContain('each sku at most once');
    const withoutDescription = {
      ...documented,
      properties: {
        ...documented.properties,
        items: { ...documented.properties!.items, description: undefined },
      },
    };
    expect(undocumentedRefines(orderInputSchema as unknown as ZodNode, withoutDescription)).toHaveLength(2);
  });
});
