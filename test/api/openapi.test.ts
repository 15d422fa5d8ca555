import SwaggerParser from '@apidevtools/swagger-parser';
import type { Router } from 'express';
import { describe, expect, it } from 'vitest';
import { MAX_AMOUNT } from '../../contract/order';
import { openApiDocument } from '../../src/api/openapi';
import { getConfig } from '../../src/config';
import { healthAndMetricsRouter, operationsRouter } from '../../src/api/operations-routes';
import { ordersRouter, type OrdersDeps } from '../../src/api/orders-routes';
import { createMetrics } from '../../src/metrics';

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
      ...routesOf(ordersRouter({} as OrdersDeps)),
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
});
