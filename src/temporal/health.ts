import type { Connection } from '@temporalio/client';
import proto from '@temporalio/proto';

/** Throws unless the frontend's gRPC health check says SERVING. */
export async function assertServing(connection: Connection): Promise<void> {
  const { status } = await connection.healthService.check({});
  if (status !== proto.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING)
    throw new Error(`health status ${status}`);
}
