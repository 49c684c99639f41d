import { createStateHubClient } from "@statehub/client";
import { type HubClientProcedures, type HubContext, hubContextFromClient } from "./hub.js";

/**
 * The hub as a context source, through the typed tRPC client. Assigning the real client to
 * HubClientProcedures is the compile-time check that the procedures the cron definitions name
 * still exist with inputs the fixture can send.
 */
export function connectHub(options: { url: string; token?: string | undefined }): HubContext {
  const client: HubClientProcedures = createStateHubClient({
    url: options.url,
    ...(options.token === undefined ? {} : { token: options.token }),
  });
  return hubContextFromClient(client);
}
