/** The scopes a token's `scope` claim can grant, one per kind of request. */
export const SCOPES = {
  'orders:write': 'place orders (POST /orders)',
  'orders:cancel': 'cancel orders (POST /orders/{orderId}/cancel)',
  'orders:read': "read an order's saga and rows (GET /orders/{orderId})",
  'metrics:read': 'scrape Prometheus metrics (GET /metrics)',
} as const;

export type Scope = keyof typeof SCOPES;

export const ALL_SCOPES = Object.keys(SCOPES) as Scope[];
