import type { Client } from '@temporalio/client';
import express, { Router } from 'express';
import { z } from 'zod';
import type { Config } from '../config';
import type { Database } from '../db/prisma';
import type { Metrics } from '../metrics';
import { orderInputSchema, storableText, workflowIdFor } from '../../contract/order';
import { cancelFromDoor } from '../cancel/door-cancel';
import { conflictOrRethrow, getSaga, OrderConflictError, startSaga } from '../temporal/saga-client';
import { temporalUiUrl } from '../temporal/ui-url';
import { orderLineage } from '../operator/lineage/lineage';
import { requireScope } from './auth/require-scope';
import { orderConflictProblem, sendProblem, validationProblem } from './problems';
import { mutationRateLimit } from './rate-limit';
import { requestId } from './request-id';
import { DEFAULT_CANCEL_REASON } from '../../contract/saga';

export interface OrdersDeps {
  client: Client;
  db: Database;
  config: Config;
  metrics: Metrics;
  /** Whether `client` is on this process's worker connection (see startSaga). */
  eagerStart?: boolean;
}

export const BODY_LIMIT = '64kb';

export const cancelBodySchema = z.object({ reason: storableText.min(1).max(500).optional() }).strict();
const orderIdSchema = orderInputSchema.shape.orderId;

const UNSUPPORTED_MEDIA_TYPE = {
  title: 'Unsupported media type',
  status: 415,
  detail: 'Send application/json.',
};

export function ordersRouter({ client, db, config, metrics, eagerStart = false }: OrdersDeps): Router {
  const router = Router();
  // Bodies are read only once the caller is known to be allowed and within its limit.
  const limited = [mutationRateLimit(config.rateLimit), express.json({ limit: BODY_LIMIT, strict: true })];

  router.post('/orders', requireScope('orders:write'), ...limited, async (req, res) => {
    if (!req.is('application/json')) return sendProblem(res, UNSUPPORTED_MEDIA_TYPE);
    const parsed = orderInputSchema.safeParse(req.body);
    if (!parsed.success) return sendProblem(res, validationProblem(parsed.error, 'order'));
    const id = requestId(req);
    const origin = { door: 'http', requestId: id } as const;
    const saga = await startSaga(client, config, parsed.data, id, { origin, eager: eagerStart }).catch(
      conflictOrRethrow,
    );
    if (saga instanceof OrderConflictError) return sendProblem(res, orderConflictProblem(saga));
    if (!saga.alreadyStarted) metrics.sagasStarted.inc({ door: 'http' });
    const statusUrl = `/orders/${encodeURIComponent(parsed.data.orderId)}`;
    res
      .status(202)
      .location(statusUrl)
      .json({
        orderId: parsed.data.orderId,
        workflowId: saga.workflowId,
        runId: saga.runId,
        alreadyStarted: saga.alreadyStarted,
        statusUrl,
        temporalUiUrl: temporalUiUrl(config, saga.workflowId, saga.runId),
      });
  });

  router.get('/orders/:orderId', requireScope('orders:read'), async (req, res) => {
    const orderId = orderIdSchema.safeParse(req.params.orderId);
    if (!orderId.success) return sendProblem(res, validationProblem(orderId.error, 'order id'));
    const saga = await getSaga(client, orderId.data);
    if (!saga)
      return sendProblem(res, {
        title: 'Order not found',
        status: 404,
        detail: `No saga for ${orderId.data}`,
      });
    const order = await db.order.findUnique({
      where: { id: orderId.data },
      include: {
        items: true,
        reservations: true,
        authorization: { include: { entries: true } },
        shipment: true,
      },
    });
    res.json({ ...saga, temporalUiUrl: temporalUiUrl(config, saga.workflowId, saga.runId), order });
  });

  router.get('/orders/:orderId/lineage', requireScope('orders:read'), async (req, res) => {
    const orderId = orderIdSchema.safeParse(req.params.orderId);
    if (!orderId.success) return sendProblem(res, validationProblem(orderId.error, 'order id'));
    const lineage = await orderLineage(
      { client, db, retentionHours: config.relay.retentionHours },
      orderId.data,
    );
    if (!lineage)
      return sendProblem(res, {
        title: 'Order not found',
        status: 404,
        detail: `No saga and no event for ${orderId.data}`,
      });
    res.json(lineage);
  });

  router.post('/orders/:orderId/cancel', requireScope('orders:cancel'), ...limited, async (req, res) => {
    const orderId = orderIdSchema.safeParse(req.params.orderId);
    if (!orderId.success) return sendProblem(res, validationProblem(orderId.error, 'order id'));
    // The body is optional; one that is sent must be JSON, or its reason would be lost.
    if (req.is('application/json') === false) return sendProblem(res, UNSUPPORTED_MEDIA_TYPE);
    const body = cancelBodySchema.safeParse(req.body ?? {});
    if (!body.success) return sendProblem(res, validationProblem(body.error, 'cancel request'));
    const reason = body.data.reason ?? DEFAULT_CANCEL_REASON;
    const fence = { reason, source: 'HTTP', causationId: requestId(req) } as const;
    const cancel = await cancelFromDoor({ client, db }, orderId.data, fence);
    if (cancel.outcome === 'recorded') {
      const { reason: recordedReason, createdAt } = cancel.fence;
      return res.status(202).json({
        orderId: orderId.data,
        workflowId: workflowIdFor(orderId.data),
        cancel: 'recorded',
        reason: recordedReason,
        recordedAt: createdAt.toISOString(),
      });
    }
    if (cancel.outcome === 'too-late') {
      return sendProblem(res, {
        title: 'Too late to cancel',
        status: 409,
        detail: `The saga of ${orderId.data} has passed the point of no return or has already ended.`,
      });
    }
    res
      .status(202)
      .json({ orderId: orderId.data, workflowId: workflowIdFor(orderId.data), cancel: 'requested' });
  });

  return router;
}
